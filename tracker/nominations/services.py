"""What a secretary may do now: the contests open to each of their bodies, those it has used up, those halted."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import EllipsisType

from sqlalchemy import and_, bindparam, select, true
from sqlalchemy.orm import joinedload, selectinload

from tracker.ballot.judging import contest_halts, contest_rules, judge
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy
from tracker.elections.models import Contest, Stage
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.nominations.operations import Place
from tracker.rules.eligibility import may_be_out
from tracker.rules.model import stage_taking
from tracker.rules.stages import Halt, halt_in_force
from tracker.times import day_text
from tracker.types import MAX_INTEGER
from tracker.vocabulary import ACTIVE_STATUSES, VerdictStatus


@dataclass(frozen=True)
class CandidateChoices:
    """Whom a body may nominate in a contest now, and each other candidate with the reason why not."""

    offered: list[Candidacy]
    others: list[tuple[Candidacy, str]]


@dataclass(frozen=True)
class OpenContest:
    body: NominatingBody
    contest: Contest
    stage: Stage
    closes_at: datetime | None = None  # the stage's close by the timetable in force (amendments applied)
    #: The body's nominations in the contest that hold one of its places (submitted or verified; a withdrawn or
    #: rejected one frees its place), by slot.
    used: tuple[Nomination, ...] = ()
    halt: Halt | None = None  # the halt in force, if the contest is halted

    @property
    def used_up(self) -> bool:
        """Whether the body has made every nomination the contest allows it (one, in a single-seat contest)."""
        return len(self.used) >= self.contest.max_nominations_per_body


@dataclass(frozen=True)
class SecretaryContests:
    """The contests taking nominations from a secretary's bodies, as their page lists them: those the body may
    nominate in now, those where it has used every place (withdraw one to free it), and those halted."""

    open_now: list[OpenContest]
    used_up: list[OpenContest]
    halted: list[OpenContest]


def open_stage_for(contest: Contest, body: NominatingBody, moment: datetime) -> Stage | None:
    """The stage of `contest` open at `moment` that takes nominations from bodies of this kind (the rules' answer,
    by the timetable in force then)."""
    rule, _ = stage_taking(contest_rules(contest).at(moment), body.kind, moment)
    return next(s for s in contest.stages if s.key == rule.id) if rule else None


def open_contests(bodies: list[NominatingBody], moment: datetime) -> list[OpenContest]:
    """For each body, the contests of its election with a stage taking its kind open at `moment`, with the body's
    places in use there and the halt in force, if any."""
    election_ids = {b.election_id for b in bodies}
    if not election_ids:
        return []
    contests = db.session.scalars(
        select(Contest)
        .where(Contest.election_id.in_(election_ids))
        .options(selectinload(Contest.stages).selectinload(Stage.routes), selectinload(Contest.election),
                 selectinload(Contest.halts))
        .order_by(Contest.position)
    ).all()
    used: dict[tuple[int, int], list[Nomination]] = {}
    for nomination in db.session.scalars(
        select(Nomination)
        .where(Nomination.body_id.in_([b.id for b in bodies]), Nomination.status.in_(ACTIVE_STATUSES))
        .options(selectinload(Nomination.candidacy).selectinload(Candidacy.person))
        .order_by(Nomination.slot, Nomination.id)
    ):
        used.setdefault((nomination.body_id, nomination.contest_id), []).append(nomination)
    found = []
    for body in bodies:
        for contest in contests:
            if contest.election_id == body.election_id:
                stage = open_stage_for(contest, body, moment)
                if stage is not None:
                    closes_at = next(r.closes_at for r in contest_rules(contest).at(moment).stages if r.id == stage.key)
                    found.append(OpenContest(body, contest, stage, closes_at,
                                             tuple(used.get((body.id, contest.id), ())),
                                             halt_in_force(contest_halts(contest), moment)))
    return found


def secretary_contests(bodies: list[NominatingBody], moment: datetime) -> SecretaryContests:
    """The contests taking nominations from these bodies at `moment`, sorted as the secretary's page lists them: a
    halted contest is listed as halted, one the body has used up as used up, and only the rest as open now."""
    listed = open_contests(bodies, moment)
    return SecretaryContests(
        open_now=[item for item in listed if item.halt is None and not item.used_up],
        used_up=[item for item in listed if item.halt is None and item.used_up],
        halted=[item for item in listed if item.halt is not None],
    )


def nominations_of(bodies: list[NominatingBody]) -> list[Nomination]:
    """Every nomination made by these bodies, newest first."""
    if not bodies:
        return []
    return db.session.scalars(
        select(Nomination)
        .where(Nomination.body_id.in_([b.id for b in bodies]))
        .options(selectinload(Nomination.candidacy), selectinload(Nomination.contest), selectinload(Nomination.body))
        .order_by(Nomination.nominated_at.desc(), Nomination.id.desc())
    ).all()


def candidate_choices(contest: Contest, body: NominatingBody, moment: datetime, active: list[Place],
                      only: Candidacy | None | EllipsisType = ...) -> CandidateChoices:
    """The candidates `body` may still nominate in the stage open at `moment`, from the rules' answers: the stage
    taking its kind, the judge's verdicts (eliminated, withdrawn) and the body's places held (`active`).

    With `only` (the candidacy a form posted, as submission_rows found it: None when it is none of the contest's),
    just that one: what a submission needs to know, without loading and weighing every other candidate."""
    if only is ...:
        found = db.session.scalars(_CANDIDACIES, {"contest": contest.id}).all()
    else:
        found = [only] if only is not None else []
    candidacies = sorted(found, key=lambda candidacy: candidacy.person.name)
    rules = contest_rules(contest).at(moment)  # the timetable in force
    stage, closed = stage_taking(rules, body.kind, moment)
    if stage is None:
        return CandidateChoices([], [(candidacy, f"{closed}.") for candidacy in candidacies])
    # Judging reads and weighs every nomination in the contest; skipped while no one can be out (the first stage
    # still open and nobody withdrawn), as on deadline night, when this runs on every submission.
    if may_be_out(rules, [candidacy.withdrawn_at for candidacy in candidacies], moment):
        verdicts = {verdict.key: verdict for verdict in judge(contest, moment).verdict.candidates}
    else:
        verdicts = {}
    timezone = rules.timezone
    limit = contest.max_nominations_per_body
    full = len(active) >= limit
    by_candidacy = {n.candidacy_id: n for n in active}
    offered, others = [], []
    for candidacy in candidacies:
        verdict = verdicts.get(candidacy.person.slug)
        same = by_candidacy.get(candidacy.id)
        if verdict is not None and verdict.status in (VerdictStatus.WITHDRAWN, VerdictStatus.ELIMINATED):
            others.append((candidacy, verdict.reason))
        elif same is not None:
            others.append((candidacy, f"{body.name} already nominated {candidacy.person.name} on "
                                      f"{day_text(same.nominated_at, timezone)}."))
        elif full:
            used = ", ".join(place.name for place in active)
            others.append((candidacy, f"{body.name} has used its {limit} nomination{'s' if limit != 1 else ''} "
                                      f"({used}); withdraw one first."))
        else:
            offered.append(candidacy)
    return CandidateChoices(offered, others)


def submission_rows(body_id: int, contest_id: int, candidacy_id: int | None
                    ) -> tuple[NominatingBody, Contest, Candidacy | None] | None:
    """The body and contest a nomination's URL names, and the candidacy its form chose if that is one of the
    contest's (with the person), in one query: asked on every submission. None if the body or contest is missing."""
    if not all(0 < ident <= MAX_INTEGER for ident in (body_id, contest_id)):
        return None
    found = db.session.execute(_SUBMISSION, {"body": body_id, "contest": contest_id, "candidacy": candidacy_id})
    row = found.unique().first()
    return tuple(row) if row is not None else None


#: Built once (a statement built anew costs more than running it): a contest's candidacies with their people, and
#: what a submission reads.
_CANDIDACIES = (select(Candidacy).where(Candidacy.contest_id == bindparam("contest"))
                .options(joinedload(Candidacy.person)))
_SUBMISSION = (
    select(NominatingBody, Contest, Candidacy)
    .select_from(NominatingBody)
    .join(Contest, true())  # rows of unrelated tables, each found by its id
    .outerjoin(Candidacy, and_(Candidacy.id == bindparam("candidacy"), Candidacy.contest_id == Contest.id))
    .options(joinedload(Candidacy.person))
    .where(NominatingBody.id == bindparam("body"), Contest.id == bindparam("contest"))
)
