"""Who is on the ballot, and why: every candidate's verdict as of any moment.

Pure rules: standard library only, exact arithmetic (``Fraction``), no floats. The rules, in order:

What counts. A nomination counts towards stage *k* for a candidate when

1. its current status is one of the contest's ``counting_statuses`` (rejected and withdrawn never count);
2. its body is registered, and of a kind that one of stage *k*'s routes accepts;
3. it was made inside the stage's window: ``opens_at <= nominated_at <= closes_at``;
4. it was made by the judging moment, ``min(as_of, closes_at)``: a stage is judged at its close,
   and before the close its figures are "so far";
5. it does not come from an MP suspended at that same moment (when ``discount_suspended_mps``);
6. the candidate met every earlier stage that has closed (the stage gate: nominations gathered for
   a stage the candidate may not collect in are ignored);
7. it is among the body's first ``max_nominations_per_body`` candidates in this stage, earliest
   nomination first (ties by candidate key); a body counts at most once for each candidate.

Unknown candidates and bodies are ignored.

What is needed. A route is met when all of its conditions hold; a stage is met when any route is.

* ``count``: at least N nominations of the route's kind (a route with no condition needs one).
* ``share``: at least ``ceil(share * base)``, the base being ``of`` or the number of registered
  bodies of the kind (10% of 210 is 21, of 212 is 22).
* ``unions``: at least N of those nominations from trade unions.
* ``membership_share``: the nominators' affiliated members at least ``share`` of all registered
  members of the kind (exact: 5% of 1,000 needs 50).

A stage's headline figures (``needed``, ``have``) are the first condition's of the route that is
met, else of the route nearest to being met: bodies for a count or share, members for membership.

Suspensions and withdrawals. A suspension applies at a moment m when ``starts_at <= m`` and it
has no end or ``m < ends_at``; a withdrawal applies when ``withdrawn_at <= m``. A candidate's own
suspension is found by their key (``SuspensionFact.person == Candidate.key``); an MP body's by its
``person``. Neither a candidate's suspension nor their withdrawal removes nominations from the
stage figures: they decide the candidate's status, judged at ``as_of``.

The verdict. Status, first that applies: ``withdrawn``; ``suspended``; ``eliminated`` (at the first
closed stage not met; later stages are "not reached"); ``on_ballot`` (every stage closed and met);
otherwise ``in_progress``. ``eliminated_at`` records the stage verdict even when withdrawal or
suspension comes first. The ballot is set at the last stage's close; before it no one is listed
on the ballot. Candidates are listed in ballot order: by surname (the last word of the name), then
full name, ignoring case.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from tracker.rules.model import (
    Body,
    Candidate,
    ContestRules,
    Facts,
    NominationFact,
    Route,
    StageRule,
    SuspensionFact,
    ballot_order,
    not_counted_because,
    suspensions_at,
)
from tracker.rules.text import count_text, measured_text, share_text
from tracker.times import day_text, moment_text
from tracker.vocabulary import VerdictStatus

__all__ = [
    "Route",
    "StageRule",
    "ContestRules",
    "Body",
    "Candidate",
    "NominationFact",
    "SuspensionFact",
    "Facts",
    "ConditionResult",
    "RouteResult",
    "StageResult",
    "CandidateVerdict",
    "ContestVerdict",
    "eligibility",
    "ballot_order",
    "suspensions_at",
]


# --- The verdict --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionResult:
    """One condition of a route: what was needed, what was had."""

    name: str  # "count" | "share" | "unions" | "membership_share"
    needed: int | Fraction
    have: int | Fraction
    met: bool
    text: str  # "31 of 33 CLPs", "0 of 2 unions", "0.4% of 5% membership"


@dataclass(frozen=True)
class RouteResult:
    """One route of a stage, judged."""

    kind: str
    met: bool
    conditions: tuple[ConditionResult, ...]
    text: str  # "1 of 3 affiliates, 0 of 2 unions, 0.4% of 5% membership"
    needed: int = 0  # the headline figures: the first condition's, in bodies (members for membership)
    have: int = 0


@dataclass(frozen=True)
class StageResult:
    """One stage for one candidate: its state, figures and one-sentence explanation."""

    id: str
    title: str
    state: str  # "not_open" | "open" | "closed" | "not_reached"
    met: bool | None  # decided only once closed
    met_so_far: bool
    needed: int
    have: int
    routes: tuple[RouteResult, ...]
    detail: str


@dataclass(frozen=True)
class CandidateVerdict:
    """One candidate's standing as of the moment asked, with the reason in one sentence."""

    key: str
    name: str
    woman: bool | None
    status: str  # a VerdictStatus
    eligible: bool
    since: datetime | None
    eliminated_at: str | None
    reason: str
    stages: tuple[StageResult, ...]


@dataclass(frozen=True)
class ContestVerdict:
    """Every candidate's verdict as of one moment, in ballot order."""

    as_of: datetime
    ballot_set: bool
    on_ballot: tuple[str, ...]
    candidates: tuple[CandidateVerdict, ...]

    def verdict(self, key: str) -> CandidateVerdict:
        """The verdict on one candidate, by key (KeyError if not a candidate)."""
        for verdict in self.candidates:
            if verdict.key == key:
                return verdict
        raise KeyError(key)


# --- The rules, applied -------------------------------------------------------------------------


def eligibility(rules: ContestRules, facts: Facts, as_of: datetime) -> ContestVerdict:
    """Judge every candidate of a contest as of a moment."""
    bodies = {body.code: body for body in facts.bodies}
    results: dict[str, list[StageResult]] = {candidate.key: [] for candidate in facts.candidates}
    for stage in rules.stages:
        stopped_at = {key: _failed_stage(rules.stages, stage_results) for key, stage_results in results.items()}
        running = {key for key, failed in stopped_at.items() if failed is None}
        nominators = _counted_nominators(rules, facts, stage, min(as_of, stage.closes_at), running, bodies)
        for key, stage_results in results.items():
            stage_results.append(
                _judge_stage(stage, nominators.get(key, ()), facts.bodies, as_of, stopped_at[key], rules.timezone)
            )
    verdicts = tuple(
        _candidate_verdict(rules, candidate, tuple(results[candidate.key]), facts.suspensions, as_of)
        for candidate in ballot_order(facts.candidates)
    )
    ballot_set = not rules.stages or as_of >= rules.stages[-1].closes_at
    on_ballot = tuple(v.name for v in verdicts if v.status == VerdictStatus.ON_BALLOT) if ballot_set else ()
    return ContestVerdict(as_of=as_of, ballot_set=ballot_set, on_ballot=on_ballot, candidates=verdicts)


def _failed_stage(stages: Sequence[StageRule], results: Sequence[StageResult]) -> StageRule | None:
    """The first closed stage the candidate did not meet, if any."""
    return next((stage for stage, result in zip(stages, results, strict=False) if result.met is False), None)


def _counted_nominators(
    rules: ContestRules,
    facts: Facts,
    stage: StageRule,
    moment: datetime,
    running: set[str],
    bodies: dict[str, Body],
) -> dict[str, list[Body]]:
    """For each candidate still running, the bodies whose nominations count in a stage judged at `moment`."""
    def counts(nomination: NominationFact) -> bool:
        return nomination.candidate in running and not not_counted_because(
            rules, nomination, bodies.get(nomination.body), stage, moment, facts.suspensions
        )

    chosen: dict[str, list[str]] = defaultdict(list)  # body code -> candidate keys, earliest first
    for nomination in sorted(filter(counts, facts.nominations), key=lambda n: (n.nominated_at, n.candidate)):
        candidates = chosen[nomination.body]
        if nomination.candidate not in candidates and len(candidates) < rules.max_nominations_per_body:
            candidates.append(nomination.candidate)
    nominators: dict[str, list[Body]] = defaultdict(list)
    for code, candidates in chosen.items():
        for key in candidates:
            nominators[key].append(bodies[code])
    return nominators


def _judge_stage(
    stage: StageRule,
    nominators: Sequence[Body],
    registered: Sequence[Body],
    as_of: datetime,
    stopped_at: StageRule | None,
    timezone: str,
) -> StageResult:
    """One stage for one candidate, from the bodies whose nominations count."""
    routes = tuple(_judge_route(route, nominators, registered) for route in stage.routes)
    best = next((route for route in routes if route.met), None) or max(routes, key=_closeness, default=None)
    figures = "; or ".join(f"{route.text} {'✓' if route.met else '✗'}" for route in routes)
    if stopped_at is not None:
        state, detail = "not_reached", f"Not reached: {stopped_at.title} was not met."
    elif as_of < stage.opens_at:
        state, detail = "not_open", f"Opens at {moment_text(stage.opens_at, timezone)}."
    elif as_of < stage.closes_at:
        state, detail = "open", f"So far: {figures}"
    else:
        state, detail = "closed", figures
    met_so_far = stopped_at is None and any(route.met for route in routes)
    return StageResult(
        id=stage.id,
        title=stage.title,
        state=state,
        met=met_so_far if state == "closed" else None,
        met_so_far=met_so_far,
        needed=best.needed if best else 0,
        have=best.have if best else 0,
        routes=routes,
        detail=detail,
    )


def _closeness(route: RouteResult) -> Fraction:
    """How near a route's headline figure is to what it needs (1 or more: there)."""
    return Fraction(route.have, route.needed) if route.needed else Fraction(1)


def _judge_route(route: Route, nominators: Sequence[Body], registered: Sequence[Body]) -> RouteResult:
    """One route: each of its conditions against the nominating bodies of its kind."""
    mine = [body for body in nominators if body.kind == route.kind]
    of_kind = [body for body in registered if body.kind == route.kind]
    conditions: list[tuple[ConditionResult, int, int]] = []  # each with its headline needed/have
    if route.count is not None:
        conditions.append(_at_least("count", route.count, len(mine), count_text(len(mine), route.count, route.kind)))
    if route.share is not None:
        base = len(of_kind) if route.of is None else route.of
        needed = math.ceil(route.share * base)
        text = f"{count_text(len(mine), needed, route.kind)} ({share_text(route.share)} of {base})"
        conditions.append(_at_least("share", needed, len(mine), text))
    if route.unions is not None:
        unions = sum(body.is_union for body in mine)
        conditions.append(_at_least("unions", route.unions, unions, count_text(unions, route.unions, "union")))
    if route.membership_share is not None:
        conditions.append(_membership(route.membership_share, mine, of_kind))
    if not conditions:  # a route that states no condition needs one nomination of its kind
        conditions.append(_at_least("count", 1, len(mine), count_text(len(mine), 1, route.kind)))
    return RouteResult(
        kind=route.kind,
        met=all(condition.met for condition, _, _ in conditions),
        conditions=tuple(condition for condition, _, _ in conditions),
        text=", ".join(condition.text for condition, _, _ in conditions),
        needed=conditions[0][1],
        have=conditions[0][2],
    )


def _at_least(name: str, needed: int, have: int, text: str) -> tuple[ConditionResult, int, int]:
    """A condition on a number of bodies."""
    return ConditionResult(name, needed, have, have >= needed, text), needed, have


def _membership(share: Fraction, mine: Sequence[Body], of_kind: Sequence[Body]) -> tuple[ConditionResult, int, int]:
    """The nominators' members against a share of all registered members (headline in members)."""
    have, total = sum(body.members for body in mine), sum(body.members for body in of_kind)
    measured = Fraction(have, total) if total else Fraction(0)
    text = f"{measured_text(measured)} of {share_text(share)} membership"
    result = ConditionResult("membership_share", share, measured, have >= share * total, text)
    return result, math.ceil(share * total), have


def _candidate_verdict(
    rules: ContestRules,
    candidate: Candidate,
    stages: tuple[StageResult, ...],
    suspensions: Sequence[SuspensionFact],
    as_of: datetime,
) -> CandidateVerdict:
    """A candidate's status: withdrawn, else suspended, else the stages' verdict."""
    failed = _failed_stage(rules.stages, stages)
    suspended = suspensions_at(candidate.key, as_of, suspensions)
    if candidate.withdrawn_at is not None and candidate.withdrawn_at <= as_of:
        status, since = VerdictStatus.WITHDRAWN, candidate.withdrawn_at
        reason = f"Withdrew on {day_text(since, rules.timezone)}."
    elif suspended:
        status, since = VerdictStatus.SUSPENDED, suspended[0].starts_at
        published = suspended[0].reason or "none published"
        reason = f"Suspended since {day_text(since, rules.timezone)} (reason: {published})."
    elif failed is not None:
        status, since = VerdictStatus.ELIMINATED, failed.closes_at
        detail = next(result.detail for result in stages if result.id == failed.id)
        reason = f"Eliminated at {failed.title}: {detail}."
    elif all(result.state == "closed" for result in stages):
        status, since = VerdictStatus.ON_BALLOT, rules.stages[-1].closes_at if rules.stages else None
        reason = _on_ballot_reason(stages)
    else:
        status, since = VerdictStatus.IN_PROGRESS, None
        reason = _in_progress_reason(rules, stages)
    return CandidateVerdict(
        key=candidate.key,
        name=candidate.name,
        woman=candidate.woman,
        status=status,
        eligible=status in (VerdictStatus.ON_BALLOT, VerdictStatus.IN_PROGRESS),
        since=since,
        eliminated_at=failed.id if failed else None,
        reason=reason,
        stages=stages,
    )


def _on_ballot_reason(stages: Sequence[StageResult]) -> str:
    """Why a candidate is on the ballot: the route by which they met each stage, with its figures."""
    if not stages:
        return "On the ballot: the contest has no nomination stage."
    met = "; ".join(f"{result.title}: {next(r.text for r in result.routes if r.met)}" for result in stages)
    return f"On the ballot: met every stage — {met}."


def _in_progress_reason(rules: ContestRules, stages: Sequence[StageResult]) -> str:
    """Where a candidate still in the running stands: the first stage not yet closed, with figures so far."""
    stage, result = next((s, r) for s, r in zip(rules.stages, stages, strict=True) if r.state != "closed")
    if result.state == "open":
        return f"In progress: {stage.title} open until {moment_text(stage.closes_at, rules.timezone)}. {result.detail}"
    return f"In progress: {stage.title} opens at {moment_text(stage.opens_at, rules.timezone)}."
