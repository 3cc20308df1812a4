"""The one path from stored facts to verdicts: every page, CSV, feed, API answer, slate, freeze and check asks here.

`load_facts` reads what the rules engine needs (candidates, bodies, nominations, suspensions) and `load_acts` the
returning officer's dated acts (halts, freezes, the declaration), each in a fixed number of queries however many
contests; `judge` hands both to the pure rules (tracker.rules) and returns the verdicts with the stage the
contest is in and the moments at which either can change with nothing written.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from sqlalchemy import select

from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy, Person
from tracker.elections.models import Contest, ContestHalt
from tracker.extensions import db
from tracker.local_cache import LocalCache
from tracker.nominations.models import Nomination
from tracker.results.models import BallotSnapshot, DeclaredResult
from tracker.rules.eligibility import (
    Amendment,
    Body,
    Candidate,
    ContestRules,
    ContestVerdict,
    Facts,
    Kind,
    NominationFact,
    Route,
    StageRule,
    SuspensionFact,
    eligibility,
)
from tracker.rules.model import DEFAULT_KINDS
from tracker.rules.stages import Halt, StageState, stage_at
from tracker.suspensions.models import Suspension

# --- the rules of a stored contest ----------------------------------------------------------------------


def exact(value: str | None) -> Fraction | None:
    """A decimal as written ("0.10") as an exact fraction."""
    return None if value is None else Fraction(value)


def _route(row) -> Route:
    """One stored route row (a route, or one part of a route of parts) as the rules read it."""
    kinds = tuple(row.kind.split(","))
    return Route(
        kind=kinds if len(kinds) > 1 else kinds[0],
        count=row.count,
        share=exact(row.share),
        of=row.of,
        unions=row.unions,
        membership_share=exact(row.membership_share),
        spread=row.spread,
    )


def stage_routes(stage) -> tuple[Route, ...]:
    """A stored stage's routes, the rows of a route of parts gathered into one route."""
    routes: dict[int, list] = {}
    for row in stage.routes:
        routes.setdefault(row.position, []).append(row)
    return tuple(
        _route(rows[0]) if rows[0].part is None else Route(parts=tuple(_route(row) for row in rows))
        for rows in routes.values()
    )


def election_kinds(election) -> tuple[Kind, ...]:
    """The kinds of body an election knows: mp, clp and affiliate, and those it declares."""
    return DEFAULT_KINDS + tuple(
        Kind(k.key, k.title, k.plural, person=bool(k.person), groups=k.groups or "groups") for k in election.kinds
    )


#: Rules built in this process, by (contest id, rules stamp): reused while the stamp read is the same, and at
#: most RULES_TTL seconds (a backstop for a row changed outside the app, which moves no stamp).
_kept_rules = LocalCache(size=256)
RULES_TTL = 60


def _kept(contest: Contest, what: str, build):
    """What `build` makes of a stored contest, kept by the contest's rules stamp (tracker.elections.stamps),
    unless the session holds changes not yet flushed, which the stamp cannot reflect yet."""
    session = db.session
    stamp = contest.rules_stamp
    if stamp is None or session.new or session.dirty or session.deleted:
        return build(contest)
    key = (contest.id, stamp, what)
    found = _kept_rules.get(key)
    if found is None:
        found = build(contest)
        _kept_rules.set(key, found, RULES_TTL)
    return found


def forget_kept_rules() -> None:
    """Forget every contest's rules kept in this process (each is built again when next asked for)."""
    _kept_rules.clear()


def contest_rules(contest: Contest) -> ContestRules:
    """The pure rules of a stored contest (with its timetable amendments: ``rules.at(moment)`` applies them)."""
    return _kept(contest, "rules", _built_rules)


def contest_halts(contest: Contest) -> tuple[Halt, ...]:
    """A stored contest's halts, in the order made."""
    return _kept(contest, "halts", lambda c: tuple(Halt(h.halted_at, h.resumed_at, h.reason) for h in c.halts))


def _built_rules(contest: Contest) -> ContestRules:
    return ContestRules(
        title=contest.title,
        seats=contest.seats,
        stages=tuple(
            StageRule(
                id=stage.key,
                title=stage.title,
                opens_at=stage.opens_at,
                closes_at=stage.closes_at,
                routes=stage_routes(stage),
                gates=stage.gates is not False,
                amendments=tuple(
                    Amendment(a.made_at, a.opens_at, a.closes_at, a.reason or "") for a in stage.amendments
                ),
            )
            for stage in contest.stages
        ),
        max_nominations_per_body=contest.max_nominations_per_body,
        counting_statuses=contest.counting_status_set,
        discount_suspended_mps=contest.discount_suspended_mps,
        timezone=contest.election.timezone,
        kinds=election_kinds(contest.election),
        incumbent_exempt=bool(contest.incumbent_exempt),
        self_nomination=contest.self_nomination is not False,
        consent_by=contest.consent_by,
    )


# --- the facts ----------------------------------------------------------------------------------------


def load_facts(contests: Sequence[Contest]) -> dict[int, Facts]:
    """The facts of each contest, by contest id: four queries in all, however many contests."""
    if not contests:
        return {}
    contest_ids = [c.id for c in contests]
    election_ids = sorted({c.election_id for c in contests})
    candidacies = db.session.execute(
        select(Candidacy.contest_id, Candidacy.person_id, Person.slug, Person.name, Candidacy.woman, Candidacy.withdrawn_at,
               Candidacy.incumbent, Candidacy.body_id, Candidacy.consented_at)
        .join(Person, Candidacy.person_id == Person.id)
        .where(Candidacy.contest_id.in_(contest_ids))
        .order_by(Candidacy.id)
    ).all()
    bodies = db.session.execute(
        select(
            NominatingBody.election_id, NominatingBody.code, NominatingBody.kind, NominatingBody.is_union,
            NominatingBody.members, NominatingBody.person_id, NominatingBody.name, NominatingBody.region, Person.slug,
            NominatingBody.group, NominatingBody.id,
        )
        .outerjoin(Person, NominatingBody.person_id == Person.id)
        .where(NominatingBody.election_id.in_(election_ids))
        .order_by(NominatingBody.id)
    ).all()
    nominations = db.session.execute(
        select(Nomination.contest_id, Candidacy.person_id, NominatingBody.code, Nomination.nominated_at, Nomination.status,
               Nomination.withdrawn_at)
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
                group=body.group,
            )
        )
    code_of = {body.id: body.code for body in bodies}
    candidates_of: dict[int, list[Candidate]] = defaultdict(list)
    for row in candidacies:
        candidates_of[row.contest_id].append(
            Candidate(key=row.slug, name=row.name, woman=row.woman, withdrawn_at=row.withdrawn_at,
                      incumbent=bool(row.incumbent), body=code_of.get(row.body_id), consented_at=row.consented_at)
        )
    nominations_of: dict[int, list[NominationFact]] = defaultdict(list)
    for contest_id, person_id, code, at, status, withdrawn_at in nominations:
        nominations_of[contest_id].append(
            NominationFact(candidate=slug_of[person_id], body=code, nominated_at=at, status=status,
                           withdrawn_at=withdrawn_at)
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


# --- the returning officer's acts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Acts:
    """A contest's dated admin acts, which move its stage: halts, freezes of the ballot, the declaration."""

    halts: tuple[Halt, ...] = ()
    #: Every freeze of the ballot as (snapshot id, frozen_at), earliest first.
    freezes: tuple[tuple[int, datetime], ...] = ()
    declared_at: datetime | None = None

    def frozen_at(self) -> datetime | None:
        """When the ballot was first frozen for publication."""
        return self.freezes[0][1] if self.freezes else None

    def frozen_by(self, moment: datetime) -> bool:
        """Whether the ballot had been frozen by `moment`."""
        return any(at <= moment for _, at in self.freezes)

    def snapshot_id(self, moment: datetime) -> int | None:
        """The ballot as published at `moment`: the latest freeze by then."""
        return max(((at, ident) for ident, at in self.freezes if at <= moment), default=(None, None))[1]

    @property
    def moments(self) -> set[datetime]:
        """When each act took effect: halted, resumed, frozen, declared."""
        found = {at for halted_at, resumed_at, _ in self.halts for at in (halted_at, resumed_at) if at}
        found.update(at for _, at in self.freezes)
        if self.declared_at is not None:
            found.add(self.declared_at)
        return found


def load_acts(contests: Sequence[Contest]) -> dict[int, Acts]:
    """Each contest's acts, by contest id: three queries in all, however many contests."""
    ids = [c.id for c in contests]
    if not ids:
        return {}
    halts: dict[int, list[Halt]] = defaultdict(list)
    for halt in db.session.scalars(select(ContestHalt).where(ContestHalt.contest_id.in_(ids)).order_by(ContestHalt.id)):
        halts[halt.contest_id].append(Halt(halt.halted_at, halt.resumed_at, halt.reason))
    freezes: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    for contest_id, ident, at in db.session.execute(
        select(BallotSnapshot.contest_id, BallotSnapshot.id, BallotSnapshot.frozen_at)
        .where(BallotSnapshot.contest_id.in_(ids))
        .order_by(BallotSnapshot.frozen_at, BallotSnapshot.id)
    ):
        freezes[contest_id].append((ident, at))
    declared = dict(
        db.session.execute(
            select(DeclaredResult.contest_id, DeclaredResult.declared_at).where(DeclaredResult.contest_id.in_(ids))
        ).all()
    )
    return {i: Acts(tuple(halts[i]), tuple(freezes[i]), declared.get(i)) for i in ids}


# --- the stage -------------------------------------------------------------------------------------------


def timetable(contests: Iterable[Contest]) -> set[datetime]:
    """The timetabled moments of contests: stages opening and closing, the ballot, the result."""
    moments = set()
    for contest in contests:
        moments.update(at for stage in contest.stages for at in (stage.opens_at, stage.closes_at))
        moments.update(at for stage in contest.stages for a in stage.amendments
                       for at in (a.made_at, a.opens_at, a.closes_at) if at)
        if contest.consent_by is not None:
            moments.add(contest.consent_by)
        moments.update(at for at in (contest.ballot_opens_at, contest.ballot_closes_at, contest.result_at) if at)
    return moments


def stage_of(contest: Contest, acts: Acts, moment: datetime, rules: ContestRules | None = None) -> StageState:
    """Where a contest stands at `moment`, from its timetable and its acts (never a stored flag)."""
    rules = (rules or contest_rules(contest)).at(moment)
    return stage_at(
        rules.stages,
        contest.ballot_opens_at,
        contest.ballot_closes_at,
        contest.result_at,
        moment,
        halts=acts.halts,
        frozen_at=acts.frozen_at(),
        declared_at=acts.declared_at,
        timezone=contest.election.timezone,
    )


@dataclass(frozen=True)
class Staged:
    """Contests' stages at a moment, for listings that need no verdicts, and when they can next change."""

    states: dict[int, StageState]
    moments: set[datetime]


def stages(contests: Sequence[Contest], moment: datetime) -> Staged:
    """The stage of each contest at `moment` (three queries in all), and the moments at which any can change."""
    contests = list(contests)
    acts = load_acts(contests)
    return Staged(
        states={c.id: stage_of(c, acts[c.id], moment) for c in contests},
        moments=timetable(contests).union(*(a.moments for a in acts.values())),
    )


def current_stage(contest: Contest, moment: datetime) -> StageState:
    """The computed stage of one stored contest at `moment`."""
    return stages([contest], moment).states[contest.id]


# --- the verdict -----------------------------------------------------------------------------------------


@dataclass
class Judged:
    """One contest judged as of a moment: its rules, facts, acts, verdicts and stage."""

    contest: Contest
    rules: ContestRules  # by the timetable in force at the moment judged
    facts: Facts
    acts: Acts
    verdict: ContestVerdict
    state: StageState
    moments: set[datetime] = field(default_factory=set)
    base_rules: ContestRules | None = None  # with every timetable amendment, for judging other moments

    @property
    def election(self):
        return self.contest.election

    @property
    def as_of(self) -> datetime:
        return self.verdict.as_of

    @property
    def frozen(self) -> bool:
        """Whether the ballot had been frozen for publication by the moment judged."""
        return self.acts.frozen_by(self.as_of)

    def at(self, moment: datetime) -> ContestVerdict:
        """The same facts judged at another moment (no query: for histories and checks at past closes)."""
        return eligibility(self.base_rules or self.rules, self.facts, moment)


def fact_moments(contest: Contest, facts: Facts) -> set[datetime]:
    """Every moment at which a contest's verdicts can change with nothing written."""
    moments = timetable([contest])
    moments.update(n.nominated_at for n in facts.nominations)
    moments.update(n.withdrawn_at for n in facts.nominations if n.withdrawn_at)
    moments.update(c.withdrawn_at for c in facts.candidates if c.withdrawn_at)
    moments.update(at for s in facts.suspensions for at in (s.starts_at, s.ends_at) if at)
    return moments


def judge_all(contests: Sequence[Contest], as_of: datetime) -> dict[int, Judged]:
    """Each contest judged as of `as_of`, by contest id, in a fixed number of queries."""
    contests = list(contests)
    facts = load_facts(contests)
    acts = load_acts(contests)
    judged = {}
    for contest in contests:
        rules = contest_rules(contest)
        judged[contest.id] = Judged(
            contest=contest,
            rules=rules.at(as_of),
            base_rules=rules,
            facts=facts[contest.id],
            acts=acts[contest.id],
            verdict=eligibility(rules, facts[contest.id], as_of),
            state=stage_of(contest, acts[contest.id], as_of, rules),
            moments=fact_moments(contest, facts[contest.id]) | acts[contest.id].moments,
        )
    return judged


def judge(contest: Contest, as_of: datetime) -> Judged:
    """One contest judged as of `as_of`."""
    return judge_all([contest], as_of)[contest.id]


def moments_of(judged: Iterable[Judged]) -> set[datetime]:
    """The moments at which any of several judged contests can change."""
    return set().union(*(j.moments for j in judged))
