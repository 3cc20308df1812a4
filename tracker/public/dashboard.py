"""The tables of a contest's stage dashboard, shaped from the rules' verdict and the recorded facts.

Pure: no Flask, no database. The page and its CSV downloads are built from the same rows, so a
download holds exactly what the page shows.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from tracker.public.charts import Bar, bar, scale_for
from tracker.rules.eligibility import (
    Body,
    CandidateVerdict,
    ContestRules,
    ContestVerdict,
    Facts,
    Route,
    StageResult,
    StageRule,
    ballot_order,
)
from tracker.rules.model import in_window, not_counted_because, stage_kinds
from tracker.rules.text import noun, share_text
from tracker.vocabulary import ACTIVE_STATUSES, VerdictStatus

NO_REGION = "No region given"

#: The order candidates' statuses sort in when their progress in a stage ties (and the stage's summary lists them).
STATUS_ORDER = (
    VerdictStatus.ON_BALLOT,
    VerdictStatus.QUALIFIED,
    VerdictStatus.IN_PROGRESS,
    VerdictStatus.ELIMINATED,
    VerdictStatus.SUSPENDED,
    VerdictStatus.WITHDRAWN,
)


@dataclass(frozen=True)
class RouteProgress:
    """One route of a stage for one candidate: each condition as a bar."""

    kind: str
    title: str  # "MPs", "CLPs", "Affiliates"
    met: bool
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class NominationRow:
    """One nomination as the public sees it: who nominated whom, when, and whether it stands."""

    candidate_key: str
    candidate: str
    body_code: str
    body: str
    kind: str
    region: str
    nominated_at: datetime
    status: str
    note: str  # why it does not count, when that is known without the rules' internals


@dataclass(frozen=True)
class ProgressRow:
    """One candidate in one nomination stage."""

    rank: int
    key: str
    name: str
    status: VerdictStatus  # the candidate's verdict, the same word as on every page
    sentence: str  # where they stand in this stage, and why
    stage: StageResult
    routes: tuple[RouteProgress, ...]
    progress: Fraction  # best route's weakest condition, have/needed (1 or more: there)
    nominations: tuple[NominationRow, ...]
    #: For a candidate eliminated at an earlier stage: that stage's title and the figures it closed with.
    eliminated_at: str = ""
    eliminated_routes: tuple[RouteProgress, ...] = ()


@dataclass(frozen=True)
class RegionRow:
    region: str
    registered: int
    nominated: int
    by_candidate: tuple[tuple[str, int], ...]  # (candidate name, nominations), most first

    @property
    def not_yet(self) -> int:
        return self.registered - self.nominated


@dataclass(frozen=True)
class StageTables:
    """Everything the nomination-stage dashboard lists."""

    stage: StageRule
    kinds: tuple[str, ...]
    progress: tuple[ProgressRow, ...]
    nominations: tuple[NominationRow, ...]
    not_nominated: tuple[Body, ...]
    regions: tuple[RegionRow, ...]
    needs: tuple[str, ...] = ()  # what each route asks for, in words

    @property
    def not_nominated_by_region(self) -> list[tuple[str, list[Body]]]:
        grouped: dict[str, list[Body]] = defaultdict(list)
        for body in self.not_nominated:
            grouped[body.region or NO_REGION].append(body)
        return sorted(grouped.items(), key=lambda item: _region_order(item[0]))

    def counts(self) -> Counter:
        return Counter(row.status for row in self.progress)

    def summary(self) -> list[tuple[int, str]]:
        """How many candidates have each status, in words: [(2, "qualified"), (1, "eliminated")]."""
        counts = self.counts()
        return [(counts[status], status.words) for status in STATUS_ORDER if counts[status]]


@dataclass(frozen=True)
class BallotRow:
    """One candidate on the ballot page: on it (with a position), still standing, or off it and why."""

    position: int | None
    key: str
    name: str
    status: str
    eligible: bool
    reason: str
    woman: bool | None = None
    #: Before the ballot is set, where a candidate still in the running stands in the stage now open or next.
    standing: str = ""
    #: For an eliminated candidate: the stage that eliminated them and the figures it closed with.
    eliminated_at: str = ""
    eliminated_routes: tuple[RouteProgress, ...] = ()


def kind_title(kind: str, rules: ContestRules | None = None, kinds: Sequence[str] = ()) -> str:
    """ "MPs", "CLPs", "Affiliates"; "MSPs and MPs" for kinds pooled (the election's words, given its rules)."""
    plural = rules.noun(tuple(kinds) or kind, 2) if rules is not None else noun(kind, 2)
    return plural[:1].upper() + plural[1:]


def _region_order(region: str) -> tuple[bool, str]:
    return (region == NO_REGION, region.casefold())


def route_needs(route: Route, bodies: Sequence[Body], rules: ContestRules | None = None) -> str:
    """What one route asks for, in words: "22 MPs (10% of 218)", "3 affiliates, 2 of them unions, with 5% of
    affiliated membership"; "51 MPs and MEPs (20% of 254)"; "2 MPs (10% of 11) and 200 members from 20 local parties"."""
    if route.parts:
        return " and ".join(route_needs(part, bodies, rules) for part in route.parts)
    kinds = route.own_kinds

    def words(kind, number: int) -> str:
        return rules.noun(kind, number) if rules is not None else noun(kind, number)

    of_kind = [b for b in bodies if b.kind in kinds]
    parts = []
    if route.count is not None:
        parts.append(f"{route.count} {words(kinds, route.count)}")
    if route.share is not None:
        base = len(of_kind) if route.of is None else route.of
        needed = math.ceil(route.share * base)
        parts.append(f"{needed} {words(kinds, needed)} ({share_text(route.share)} of {base})")
    if route.unions is not None:
        parts.append(f"{route.unions} of them {noun('union', route.unions)}")
    if route.membership_share is not None:
        parts.append(f"with {share_text(route.membership_share)} of affiliated membership")
    if not parts:
        parts.append(f"1 {words(kinds, 1)}")
    text = ", ".join(parts)
    if route.spread is not None:
        groups = rules.kind(route.kind).groups if rules is not None else "groups"
        text += f" from at least {route.spread} {groups}"
    return text


def eliminated_figures(verdict: CandidateVerdict) -> tuple[str, tuple[RouteProgress, ...]]:
    """The stage that eliminated a candidate, and each of its routes as bars with what they had and what was needed
    when it closed; ("", ()) for a candidate not eliminated by a stage's figures."""
    if verdict.status != VerdictStatus.ELIMINATED or verdict.eliminated_at is None:
        return "", ()
    failed = next((s for s in verdict.stages if s.id == verdict.eliminated_at), None)
    if failed is None:
        return "", ()
    routes = tuple(
        RouteProgress(
            kind=route.kind,
            title=kind_title(route.kind),
            met=route.met,
            bars=tuple(
                bar(_condition_label(cond.name, route.kind), cond.text, cond.have, cond.needed, cond.met,
                    scale_for(Fraction(cond.needed), [Fraction(cond.have)]))
                for cond in route.conditions
            ),
        )
        for route in failed.routes
    )
    return failed.title, routes


def stage_sentence(verdict: CandidateVerdict, stage: StageResult) -> str:
    """Where a candidate stands in one stage, in a sentence beside their status (the bars beside it give the
    figures, so an open stage's sentence says what is still missing, and a met one when it was met)."""
    if verdict.status in (VerdictStatus.WITHDRAWN, VerdictStatus.SUSPENDED):
        return verdict.reason
    if verdict.status == VerdictStatus.ELIMINATED and stage.state == "not_reached":
        return verdict.reason  # "Eliminated at Nominations from MPs: 1 of 3 MPs (10% of 30) ✗."
    if stage.state in ("not_reached", "not_open"):
        return stage.detail
    if stage.met:
        if stage.final:
            return f"{stage.qualified} At the close: {stage.detail}"
        return f"{stage.qualified} The nominations must still stand when the stage closes."
    if stage.final:
        return f"Did not meet this stage: {stage.detail}"
    return missing(stage)


def missing(stage: StageResult) -> str:
    """What a candidate still lacks on the route nearest to being met: "Needs 3 more CLPs."."""
    route = max(stage.routes, key=lambda r: _route_progress(r), default=None)
    if route is None:
        return "No route to meet this stage."
    wants = []
    for condition in route.conditions:
        if condition.met:
            continue
        if condition.name in ("count", "share", "spread"):
            short = int(condition.needed - condition.have)
            if condition.words:
                wants.append(f"{short} more {condition.words[0] if short == 1 and condition.name != 'spread' else condition.words[1]}")
            else:
                wants.append(f"{short} more {noun(route.kind, short)}")
        elif condition.name == "unions":
            short = int(condition.needed - condition.have)
            wants.append(f"{short} more {noun('union', short)}")
        else:
            wants.append(f"more affiliated membership ({condition.text})")
    if not wants:
        return "Has the nominations needed."
    alternatives = " (or another route)" if len(stage.routes) > 1 else ""
    return f"Needs {' and '.join(wants)}{alternatives}."


def _route_progress(route) -> Fraction:
    ratios = [Fraction(c.have) / Fraction(c.needed) if c.needed else Fraction(1) for c in route.conditions]
    return min(ratios, default=Fraction(0))


def progress_of(stage: StageResult) -> Fraction:
    """How far a candidate is towards a stage: the best route's weakest condition, have/needed."""
    return max((_route_progress(route) for route in stage.routes), default=Fraction(0))


def _condition_label(name: str, kind: str, rules: ContestRules | None = None, words=None) -> str:
    if name == "unions":
        return "unions"
    if name == "membership_share":
        return "membership"
    if words:
        return words[1][:1].upper() + words[1][1:]
    return kind_title(kind, rules)


def nomination_rows(rules: ContestRules, facts: Facts, as_of: datetime, stage: StageRule) -> list[NominationRow]:
    """The nominations made by `as_of` in a stage's window from bodies of its kinds, in ballot order of candidate,
    then by date, each with the rules' reason when it does not count."""
    bodies = {b.code: b for b in facts.bodies}
    names = {c.key: c.name for c in facts.candidates}
    candidates = {c.key: c for c in facts.candidates}
    order = {c.key: i for i, c in enumerate(ballot_order(facts.candidates))}
    kinds = stage_kinds(stage)
    judged_at = min(as_of, stage.closes_at)
    rows = []
    for n in facts.nominations:
        body = bodies.get(n.body)
        if body is None or n.candidate not in names or n.nominated_at > as_of:
            continue
        if body.kind not in kinds or not in_window(stage, n.nominated_at):
            continue
        note = not_counted_because(rules, n, body, stage, judged_at, facts.suspensions, candidates[n.candidate]) or ""
        rows.append(
            NominationRow(
                candidate_key=n.candidate,
                candidate=names[n.candidate],
                body_code=body.code,
                body=body.name or body.code,
                kind=body.kind,
                region=body.region or "",
                nominated_at=n.nominated_at,
                status=n.status,
                note=note,
            )
        )
    rows.sort(key=lambda r: (order[r.candidate_key], r.nominated_at, r.body.casefold()))
    return rows


def stage_tables(rules: ContestRules, facts: Facts, verdict: ContestVerdict, stage_id: str) -> StageTables:
    """The dashboard of one nomination stage as of the verdict's moment."""
    index = next(i for i, s in enumerate(rules.stages) if s.id == stage_id)
    stage = rules.stages[index]
    kinds = tuple(dict.fromkeys(kind for route in stage.routes for part in route.pieces for kind in part.own_kinds))
    nominations = nomination_rows(rules, facts, verdict.as_of, stage)
    by_candidate: dict[str, list[NominationRow]] = defaultdict(list)
    for row in nominations:
        by_candidate[row.candidate_key].append(row)

    results = [(v, v.stages[index]) for v in verdict.candidates]
    scales: dict[tuple[int, int], Fraction] = {}
    for r in range(len(stage.routes)):
        conditions = [result.routes[r].conditions for _, result in results if r < len(result.routes)]
        for c in range(max((len(cs) for cs in conditions), default=0)):
            needed = max((Fraction(cs[c].needed) for cs in conditions), default=Fraction(0))
            scales[(r, c)] = scale_for(needed, [Fraction(cs[c].have) for cs in conditions])

    unranked = []
    for v, result in results:
        routes = tuple(
            RouteProgress(
                kind=route.kind,
                title=" and ".join(kind_title(part.kind, rules, part.own_kinds) for part in stage.routes[r].pieces),
                met=route.met,
                bars=tuple(
                    bar(_condition_label(cond.name, route.kind, rules, cond.words), cond.text, cond.have, cond.needed,
                        cond.met, scales[(r, c)])
                    for c, cond in enumerate(route.conditions)
                ),
            )
            for r, route in enumerate(result.routes)
        )
        unranked.append((v, result, routes, VerdictStatus(v.status), stage_sentence(v, result), progress_of(result)))
    ballot_position = {v.key: i for i, v in enumerate(verdict.candidates)}
    unranked.sort(key=lambda item: (-item[5], STATUS_ORDER.index(item[3]), ballot_position[item[0].key]))
    progress = tuple(
        ProgressRow(
            rank=rank,
            key=v.key,
            name=v.name,
            status=status,
            sentence=sentence,
            stage=result,
            routes=routes,
            progress=ratio,
            nominations=tuple(by_candidate.get(v.key, ())),
            **_eliminated_fields(v) if result.state == "not_reached" else {},
        )
        for rank, (v, result, routes, status, sentence, ratio) in enumerate(unranked, start=1)
    )

    of_kind = [b for b in facts.bodies if b.kind in kinds]
    active = [row for row in nominations if row.status in ACTIVE_STATUSES]
    nominated_codes = {row.body_code for row in active}
    not_nominated = tuple(
        sorted((b for b in of_kind if b.code not in nominated_codes), key=lambda b: (b.name or b.code).casefold())
    )
    registered_in: Counter = Counter(b.region or NO_REGION for b in of_kind)
    nominated_in: Counter = Counter()
    candidate_counts: dict[str, Counter] = defaultdict(Counter)
    bodies = {b.code: b for b in of_kind}
    for code in nominated_codes:
        nominated_in[bodies[code].region or NO_REGION] += 1
    for row in active:
        candidate_counts[row.region or NO_REGION][row.candidate] += 1
    regions = tuple(
        RegionRow(
            region=region,
            registered=registered_in[region],
            nominated=nominated_in[region],
            by_candidate=tuple(sorted(candidate_counts[region].items(), key=lambda item: (-item[1], item[0]))),
        )
        for region in sorted(registered_in, key=_region_order)
    )
    return StageTables(
        needs=tuple(route_needs(route, facts.bodies, rules) for route in stage.routes),
        stage=stage,
        kinds=kinds,
        progress=progress,
        nominations=tuple(nominations),
        not_nominated=not_nominated,
        regions=regions,
    )


def _eliminated_fields(verdict: CandidateVerdict) -> dict:
    title, routes = eliminated_figures(verdict)
    return {"eliminated_at": title, "eliminated_routes": routes}


def ballot_rows(verdict: ContestVerdict) -> tuple[list[BallotRow], list[BallotRow]]:
    """The ballot as it stands (or the candidates still standing, before it is set) and those off it, in
    ballot order."""
    standing, off = [], []
    for v in verdict.candidates:
        row = BallotRow(
            position=None, key=v.key, name=v.name, status=v.status, eligible=v.eligible, reason=v.reason,
            woman=v.woman, standing=_standing(v), **_eliminated_fields(v),
        )
        (standing if v.eligible else off).append(row)
    if verdict.ballot_set:
        standing = [
            BallotRow(i, r.key, r.name, r.status, r.eligible, r.reason, r.woman)
            for i, r in enumerate((r for r in standing if r.status == VerdictStatus.ON_BALLOT), start=1)
        ]
    return standing, off


def _standing(verdict: CandidateVerdict) -> str:
    """Where a candidate in the running stands before the ballot is set: the reason they are qualified, what an open
    stage still lacks, or when the next stage opens."""
    if verdict.status == VerdictStatus.QUALIFIED:
        return verdict.reason
    current = next((s for s in verdict.stages if s.state == "open" and not s.met), None)
    current = current or next((s for s in verdict.stages if not s.final), None)
    if current is None:
        return ""
    return missing(current) if current.state == "open" else current.detail


def qualified_count(verdict: ContestVerdict, stage_id: str) -> tuple[int, int]:
    """In a nomination stage: how many candidates are qualified, of those still in it."""
    qualified = running = 0
    for v in verdict.candidates:
        result = next((s for s in v.stages if s.id == stage_id), None)
        if result is None or v.status == VerdictStatus.WITHDRAWN or result.state == "not_reached":
            continue
        running += 1
        qualified += v.status == VerdictStatus.QUALIFIED
    return qualified, running
