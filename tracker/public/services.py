"""What the public pages read, in a fixed number of queries however many candidates, bodies or nominations.

Each loader returns plain objects for the templates, the CSV downloads and the JSON API, together with the
moments at which what it computed may change without anything being written (stage boundaries, dated
nominations, suspensions, withdrawals): the caching layer keys on them.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, or_, select, union_all
from sqlalchemy.orm import selectinload

from tracker.audit.models import AuditEvent
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy, Person, Pledge, PledgeSignature
from tracker.elections.models import Contest, ContestHalt, Election, Stage
from tracker.elections.services import contest_rules, stage_states
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.public import dashboard
from tracker.public.text import countdown, plural
from tracker.results.models import BallotSnapshot, DeclaredResult
from tracker.rules.eligibility import (
    Body,
    Candidate,
    ContestRules,
    ContestVerdict,
    Facts,
    NominationFact,
    SuspensionFact,
    eligibility,
)
from tracker.rules.stages import StageState
from tracker.suspensions.models import Suspension
from tracker.vocabulary import AuditObject, VerdictStatus

#: The tabs after a contest's nomination stages.
BALLOT, RESULT = "ballot", "result"


# --- facts, in bulk ------------------------------------------------------------------------------------


def load_facts(contests: Sequence[Contest]) -> dict[int, Facts]:
    """The facts of several contests at once (four queries in all), as tracker.ballot.services.contest_facts
    gives them for one."""
    if not contests:
        return {}
    contest_ids = [c.id for c in contests]
    election_ids = sorted({c.election_id for c in contests})
    candidacies = db.session.execute(
        select(Candidacy.contest_id, Candidacy.person_id, Person.slug, Person.name, Candidacy.woman, Candidacy.withdrawn_at)
        .join(Person, Candidacy.person_id == Person.id)
        .where(Candidacy.contest_id.in_(contest_ids))
        .order_by(Candidacy.id)
    ).all()
    bodies = db.session.execute(
        select(
            NominatingBody.election_id, NominatingBody.code, NominatingBody.kind, NominatingBody.is_union,
            NominatingBody.members, NominatingBody.person_id, NominatingBody.name, NominatingBody.region, Person.slug,
        )
        .outerjoin(Person, NominatingBody.person_id == Person.id)
        .where(NominatingBody.election_id.in_(election_ids))
        .order_by(NominatingBody.id)
    ).all()
    nominations = db.session.execute(
        select(Nomination.contest_id, Candidacy.person_id, NominatingBody.code, Nomination.nominated_at, Nomination.status)
        .join(Candidacy, Nomination.candidacy_id == Candidacy.id)
        .join(NominatingBody, Nomination.body_id == NominatingBody.id)
        .where(Nomination.contest_id.in_(contest_ids))
        .order_by(Nomination.id)
    ).all()
    slug_of = {row.person_id: row.slug for row in candidacies}
    slug_of.update({body.person_id: body.slug for body in bodies if body.person_id is not None})
    suspensions = (
        db.session.scalars(
            select(Suspension).where(Suspension.person_id.in_(list(slug_of))).order_by(Suspension.id)
        ).all()
        if slug_of
        else []
    )
    suspension_facts = tuple(
        SuspensionFact(person=slug_of[s.person_id], starts_at=s.starts_at, ends_at=s.ends_at, reason=s.reason)
        for s in suspensions
    )
    bodies_of: dict[int, list[Body]] = defaultdict(list)
    for body in bodies:
        bodies_of[body.election_id].append(
            Body(
                code=body.code,
                kind=body.kind,
                is_union=bool(body.is_union),
                members=body.members or 0,
                person=body.slug if body.person_id is not None else None,
                name=body.name,
                region=body.region,
            )
        )
    candidates_of: dict[int, list[Candidate]] = defaultdict(list)
    for row in candidacies:
        candidates_of[row.contest_id].append(
            Candidate(key=row.slug, name=row.name, woman=row.woman, withdrawn_at=row.withdrawn_at)
        )
    nominations_of: dict[int, list[NominationFact]] = defaultdict(list)
    for contest_id, person_id, code, at, status in nominations:
        nominations_of[contest_id].append(
            NominationFact(candidate=slug_of[person_id], body=code, nominated_at=at, status=status)
        )
    return {
        c.id: Facts(
            candidates=tuple(candidates_of[c.id]),
            bodies=tuple(bodies_of[c.election_id]),
            nominations=tuple(nominations_of[c.id]),
            suspensions=suspension_facts,
        )
        for c in contests
    }


def timetable(contests: Iterable[Contest]) -> set[datetime]:
    """The timetabled moments of contests: stages opening and closing, the ballot, the result."""
    moments = set()
    for contest in contests:
        moments.update(at for stage in contest.stages for at in (stage.opens_at, stage.closes_at))
        moments.update(at for at in (contest.ballot_opens_at, contest.ballot_closes_at, contest.result_at) if at)
    return moments


def moments_of(contest: Contest, facts: Facts) -> set[datetime]:
    """Every moment at which a contest's stage or verdicts can change with nothing written."""
    moments = timetable([contest])
    moments.update(n.nominated_at for n in facts.nominations)
    moments.update(c.withdrawn_at for c in facts.candidates if c.withdrawn_at)
    moments.update(at for s in facts.suspensions for at in (s.starts_at, s.ends_at) if at)
    return moments


@dataclass
class Judged:
    """One contest judged as of a moment: its rules, facts, verdicts and stage."""

    contest: Contest
    rules: ContestRules
    facts: Facts
    verdict: ContestVerdict
    state: StageState
    moments: set[datetime] = field(default_factory=set)

    @property
    def election(self) -> Election:
        return self.contest.election


def acts_of(contests: Sequence[Contest]) -> dict[int, set[datetime]]:
    """When each contest was halted or resumed, its ballot frozen, its result declared: the admin acts that
    move a contest's stage, which may be dated later than they were written."""
    ids = [c.id for c in contests]
    found: dict[int, set[datetime]] = defaultdict(set)
    if not ids:
        return found
    acts = union_all(
        select(ContestHalt.contest_id, ContestHalt.halted_at.label("at")).where(ContestHalt.contest_id.in_(ids)),
        select(ContestHalt.contest_id, ContestHalt.resumed_at).where(ContestHalt.contest_id.in_(ids)),
        select(BallotSnapshot.contest_id, BallotSnapshot.frozen_at).where(BallotSnapshot.contest_id.in_(ids)),
        select(DeclaredResult.contest_id, DeclaredResult.declared_at).where(DeclaredResult.contest_id.in_(ids)),
    )
    for contest_id, at in db.session.execute(acts):
        if at is not None:
            found[contest_id].add(at if at.tzinfo else at.replace(tzinfo=UTC))
    return found


def stage_moments(contests: Iterable[Contest]) -> set[datetime]:
    """The moments at which contests' stages can change with nothing written: the timetable and the dated
    admin acts (a halt, a resumption, a freeze, a declaration)."""
    contests = list(contests)
    return timetable(contests).union(*acts_of(contests).values())


def judge(contests: Sequence[Contest], as_of: datetime) -> dict[int, Judged]:
    """Verdict and stage of each contest as of a moment, in a fixed number of queries."""
    facts = load_facts(contests)
    states = stage_states(contests, as_of)
    acts = acts_of(contests)
    judged = {}
    for contest in contests:
        rules = contest_rules(contest)
        judged[contest.id] = Judged(
            contest=contest,
            rules=rules,
            facts=facts[contest.id],
            verdict=eligibility(rules, facts[contest.id], as_of),
            state=states[contest.id],
            moments=moments_of(contest, facts[contest.id]) | acts[contest.id],
        )
    return judged


# --- contests and their stages --------------------------------------------------------------------------


def contest_options():
    return (
        selectinload(Contest.stages).selectinload(Stage.routes),
        selectinload(Contest.election),
    )


def load_elections() -> list[Election]:
    """Every election, newest first, with its contests, stages and routes."""
    return list(
        db.session.scalars(
            select(Election)
            .options(selectinload(Election.contests).options(*contest_options()))
            .order_by(Election.created_at.desc(), Election.id.desc())
        )
    )


def load_election(slug: str) -> Election | None:
    return db.session.scalar(
        select(Election).where(Election.slug == slug).options(selectinload(Election.contests).options(*contest_options()))
    )


@dataclass(frozen=True)
class Tab:
    """A tab of a contest's dashboard: a nomination stage, the ballot or the result."""

    key: str
    title: str
    when: str  # "closed", "open now", "not yet open"
    current: bool  # the stage the contest is in


def default_tab(contest: Contest, state: StageState) -> str:
    """The tab a contest's dashboard opens on, from its computed stage."""
    keys = [stage.key for stage in contest.stages]
    key = state.key
    if key in keys:
        return key
    if key == "upcoming":
        return keys[0] if keys else BALLOT
    if key.startswith("between:"):
        following = keys.index(key.split(":", 1)[1]) if key.split(":", 1)[1] in keys else 0
        return keys[max(following - 1, 0)] if keys else BALLOT
    if key in ("counting", RESULT):
        return RESULT
    return BALLOT


def tabs(contest: Contest, state: StageState, as_of: datetime) -> list[Tab]:
    """Every stage of a contest as a tab, saying whether it is past, open or to come."""
    current = default_tab(contest, state)
    found = []
    for stage in contest.stages:
        when = "open now" if stage.opens_at <= as_of < stage.closes_at else "closed" if as_of >= stage.closes_at else "to come"
        found.append(Tab(stage.key, stage.title, when, stage.key == current))
    ballot_when = {"ballot": "open now", "counting": "closed", "result": "closed"}.get(state.key, "to come")
    if state.key == "awaiting_ballot":
        ballot_when = "set, voting to come"
    found.append(Tab(BALLOT, "Ballot", ballot_when, current == BALLOT))
    found.append(Tab(RESULT, "Result", "declared" if state.key == RESULT else "to come", current == RESULT))
    return found


def one_line(judged: Judged) -> str:
    """A contest's state in one line for the home page: "Nominations from MPs closes in 2 days 3 hours, at
    14:30 on 13 January — 3 of 6 candidates through so far."."""
    state, verdict, contest = judged.state, judged.verdict, judged.contest
    as_of, timezone = verdict.as_of, contest.election.timezone
    stages = {stage.key: stage for stage in contest.stages}
    standing = sum(v.status != VerdictStatus.WITHDRAWN for v in verdict.candidates)
    on_ballot = len(verdict.on_ballot)
    if state.key in stages:
        stage = stages[state.key]
        through, running = dashboard.through_count(verdict, state.key)
        head = f"{stage.title} {countdown('closes', stage.closes_at, as_of, timezone)}"
        return f"{head} — {through} of {running} candidates through so far."
    if state.key == "upcoming" and contest.stages:
        first = contest.stages[0]
        return f"{first.title} {countdown('opens', first.opens_at, as_of, timezone)} — {plural(standing, 'candidate')} declared."
    if state.key.startswith("between:") and state.key.split(":", 1)[1] in stages:
        following = stages[state.key.split(":", 1)[1]]
        eligible = sum(v.eligible for v in verdict.candidates)
        return (f"Between stages: {following.title} {countdown('opens', following.opens_at, as_of, timezone)} — "
                f"{eligible} of {standing} candidates still in the running.")
    if state.key == "awaiting_ballot":
        opens = f"; voting {countdown('opens', contest.ballot_opens_at, as_of, timezone)}" if contest.ballot_opens_at else ""
        return f"Nominations closed{opens} — {plural(on_ballot, 'candidate')} on the ballot."
    if state.key == "ballot":
        return f"{state.label.split(' — halted')[0]} — {plural(on_ballot, 'candidate')} on the ballot."
    return f"{state.label.split(' — halted')[0]}."


# --- who is who ------------------------------------------------------------------------------------------


def load_person(slug: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.slug == slug))


def candidacies_of(person: Person) -> list[Candidacy]:
    """A person's candidacies with their contests, in the order of elections and contests."""
    return list(
        db.session.scalars(
            select(Candidacy)
            .join(Contest, Candidacy.contest_id == Contest.id)
            .where(Candidacy.person_id == person.id)
            .options(selectinload(Candidacy.contest).options(*contest_options()))
            .order_by(Contest.election_id.desc(), Contest.position, Contest.id)
        )
    )


@dataclass(frozen=True)
class PersonNomination:
    contest: Contest
    body: NominatingBody
    nominated_at: datetime
    status: str
    rejection_reason: str | None


def nominations_for(candidacies: Sequence[Candidacy]) -> list[PersonNomination]:
    """Every nomination of these candidacies, with its body, by date."""
    if not candidacies:
        return []
    contests = {c.contest_id: c.contest for c in candidacies}
    rows = db.session.execute(
        select(Nomination.contest_id, NominatingBody, Nomination.nominated_at, Nomination.status, Nomination.rejection_reason)
        .join(NominatingBody, Nomination.body_id == NominatingBody.id)
        .where(Nomination.candidacy_id.in_([c.id for c in candidacies]))
        .order_by(Nomination.nominated_at, Nomination.id)
    ).all()
    return [PersonNomination(contests[contest_id], body, at, status, reason) for contest_id, body, at, status, reason in rows]


def suspensions_of(person: Person) -> list[Suspension]:
    return list(db.session.scalars(select(Suspension).where(Suspension.person_id == person.id).order_by(Suspension.starts_at)))


def pledges_of(person: Person) -> list[tuple[Pledge, datetime]]:
    return [
        (pledge, signed_at)
        for pledge, signed_at in db.session.execute(
            select(Pledge, PledgeSignature.signed_at)
            .join(PledgeSignature, PledgeSignature.pledge_id == Pledge.id)
            .where(PledgeSignature.person_id == person.id)
            .order_by(PledgeSignature.signed_at)
        )
    ]


def public_history(person: Person, candidacies: Sequence[Candidacy]) -> list[AuditEvent]:
    """The public audit events about a person: their candidacies, their nominations and their suspensions."""
    candidacy_ids = [c.id for c in candidacies]
    about = [
        (AuditEvent.object_type == AuditObject.PERSON) & (AuditEvent.object_id == person.id),
        (AuditEvent.object_type == AuditObject.SUSPENSION)
        & AuditEvent.object_id.in_(select(Suspension.id).where(Suspension.person_id == person.id)),
    ]
    if candidacy_ids:
        about.append((AuditEvent.object_type == AuditObject.CANDIDACY) & AuditEvent.object_id.in_(candidacy_ids))
        about.append(
            (AuditEvent.object_type == AuditObject.NOMINATION)
            & AuditEvent.object_id.in_(select(Nomination.id).where(Nomination.candidacy_id.in_(candidacy_ids)))
        )
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.public.is_(True), or_(*about)).order_by(AuditEvent.at, AuditEvent.id)
        )
    )


def bodies_with_code(code: str) -> list[NominatingBody]:
    """Every body registered under a code, in every election (codes repeat across elections)."""
    return list(
        db.session.scalars(
            select(NominatingBody)
            .where(NominatingBody.code == code)
            .options(selectinload(NominatingBody.election).selectinload(Election.contests).options(*contest_options()))
            .order_by(NominatingBody.election_id.desc())
        )
    )


@dataclass(frozen=True)
class BodyNomination:
    body_id: int
    contest_id: int
    candidate: str
    candidate_slug: str
    nominated_at: datetime
    status: str


def nominations_by(bodies: Sequence[NominatingBody]) -> list[BodyNomination]:
    if not bodies:
        return []
    rows = db.session.execute(
        select(Nomination.body_id, Nomination.contest_id, Person.name, Person.slug, Nomination.nominated_at, Nomination.status)
        .join(Candidacy, Nomination.candidacy_id == Candidacy.id)
        .join(Person, Candidacy.person_id == Person.id)
        .where(Nomination.body_id.in_([b.id for b in bodies]))
        .order_by(Nomination.nominated_at, Nomination.id)
    ).all()
    return [BodyNomination(*row) for row in rows]


#: How many bodies one search lists.
SEARCH_LIMIT = 50


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_bodies(query: str, kind: str | None = None, limit: int = SEARCH_LIMIT) -> tuple[list[NominatingBody], int]:
    """Bodies whose name or code contains `query` (any case), newest election first, and how many matched."""
    pattern = f"%{escape_like(query.strip())}%"
    where = [or_(NominatingBody.name.ilike(pattern, escape="\\"), NominatingBody.code.ilike(pattern, escape="\\"))]
    if kind:
        where.append(NominatingBody.kind == kind)
    total = db.session.scalar(select(func.count()).select_from(NominatingBody).where(*where))
    bodies = db.session.scalars(
        select(NominatingBody)
        .where(*where)
        .options(selectinload(NominatingBody.election))
        .order_by(func.lower(NominatingBody.name), NominatingBody.code, NominatingBody.election_id.desc())
        .limit(limit)
    ).all()
    return list(bodies), total or 0


# --- what changed -----------------------------------------------------------------------------------------


def public_events(
    election: Election | None = None, contest: Contest | None = None, since: datetime | None = None, limit: int = 100
) -> list[AuditEvent]:
    """The latest public changes to an election or a contest, newest first."""
    query = select(AuditEvent).where(AuditEvent.public.is_(True))
    if contest is not None:
        query = query.where(AuditEvent.contest_id == contest.id)
    elif election is not None:
        contest_ids = select(Contest.id).where(Contest.election_id == election.id)
        query = query.where(or_(AuditEvent.election_id == election.id, AuditEvent.contest_id.in_(contest_ids)))
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    return list(db.session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)))


def contests_by_id(ids: Iterable[int]) -> dict[int, Contest]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    return {c.id: c for c in db.session.scalars(select(Contest).where(Contest.id.in_(ids)))}
