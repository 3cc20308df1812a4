"""Who is on the ballot, and why: every candidate's verdict as of any moment.

Pure rules: standard library only, exact arithmetic (``Fraction``), no floats. The rules, in order:

What counts. A nomination counts towards stage *k* for a candidate when

1. its current status is one of the contest's ``counting_statuses`` (rejected and withdrawn never count);
2. its body is registered, and of a kind that one of stage *k*'s routes accepts;
3. it was made inside the stage's window: ``opens_at <= nominated_at <= closes_at``;
4. it was made by the judging moment, ``min(as_of, closes_at)``: a stage is judged at its close,
   and before the close its figures are "so far";
5. it does not come from an MP suspended at that same moment (when ``discount_suspended_mps``);
6. the candidate is still in the running: a candidate who did not meet an earlier stage leaves the
   running at that stage's close, and their nominations count for no one from then on (the stage gate);
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

Met, final, met_at. A stage is *met* as of a moment when its figures then meet it: a candidate
qualifies for a stage the moment its figures first meet the requirement, before the stage closes.
The stage is *final* once it has closed (``as_of >= closes_at``); its figures are then those at the
close. ``met`` is None only for a stage the candidate has not reached (an earlier stage was not met),
and False for a stage not yet open. ``met_at`` is the start of the last unbroken run, within the
stage's window and up to ``min(as_of, closes_at)``, in which the figures met the stage: a nomination
withdrawn or rejected, or an MP's suspension, can break the run (tracker.rules.figures walks the
moments at which the figures change).

Suspensions and withdrawals. A suspension applies at a moment m when ``starts_at <= m`` and it
has no end or ``m < ends_at``; a withdrawal applies when ``withdrawn_at <= m``. A candidate's own
suspension is found by their key (``SuspensionFact.person == Candidate.key``); an MP body's by its
``person``. Neither a candidate's suspension nor their withdrawal removes nominations from the
stage figures: they decide the candidate's status, judged at ``as_of``.

The verdict. Status, first that applies: ``withdrawn``; ``suspended``; ``eliminated`` (at the first
final stage not met; later stages are "not reached"); ``on_ballot`` (every stage final and met);
``qualified`` (every stage *so far* is met: every stage that has opened, the one still open
included; stages not yet open are not "so far", so a candidate who met every stage that has opened
is qualified between stages too, and no one is qualified before the first stage opens); otherwise
``in_progress`` (still in the running, with a stage that has opened and is not yet met, or before
the first stage opens). ``since`` is the withdrawal, the suspension's start, the close of the stage
failed, the moment qualified (the latest ``met_at`` of the stages so far) or the ballot's setting.
``eliminated_at`` records the stage verdict even when withdrawal or suspension comes first. The
ballot is set at the last stage's close; before it no one is listed on the ballot, and a candidate
qualified at the last stage while it is open is on the ballot at its close if they still stand then.
Candidates are listed in ballot order: by surname (the last word of the name), then full name,
ignoring case.

Rules beyond the basic routes (each optional; a contest that uses none is judged as above).

* Kinds: an election may declare kinds of body beyond mp, clp and affiliate, with their words; a body of a
  *person* kind is one person, so their suspension discounts their nominations as an MP's does.
* Pooled kinds: a route of several kinds counts their nominations together, against a share of the
  registered bodies of all of them together. A route of *parts* is met when every part is, each part of
  its own kind(s). ``spread``: the counted nominators come from at least N distinct groups.
* ``gates = false``: the stage is judged and shown, but never eliminates nor decides the ballot; the
  verdict reads only the gating stages, and the stage gate (rule 6) only a gating stage's failure.
* The ballot is set at the later of the last gating stage's close and ``consent_by``.
* ``incumbent_exempt``: the incumbent meets every stage from its opening, without nominations.
* ``self_nomination = false``: a nomination from the candidate's own body never counts.
* ``consent_by``: a candidate who had not consented by then is eliminated from then on (and leaves the
  running, like a candidate who failed a stage); before it, the stages decide.
* A nomination withdrawn at a moment counted until then; its body's place is free from then on.
* Timetable amendments: the contest is judged by the stages' windows as they stood at ``as_of``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from tracker.rules.figures import Needs, PartNeeds, Run, Tally, had_text, walk
from tracker.rules.model import (
    Amendment,
    Body,
    Candidate,
    ContestRules,
    Facts,
    Kind,
    NominationFact,
    Route,
    StageRule,
    SuspensionFact,
    ballot_order,
    consented,
    suspensions_at,
)
from tracker.rules.reasons import in_progress_reason, on_ballot_reason, qualified_reason
from tracker.rules.text import measured_text, share_text
from tracker.times import day_text, moment_text
from tracker.vocabulary import VerdictStatus

__all__ = [
    "Amendment",
    "Kind",
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

#: The statuses of a candidate still in the running: on the ballot, or able to get onto it.
ELIGIBLE = (VerdictStatus.ON_BALLOT, VerdictStatus.QUALIFIED, VerdictStatus.IN_PROGRESS)


# --- The verdict --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionResult:
    """One condition of a route: what was needed, what was had."""

    name: str  # "count" | "share" | "unions" | "membership_share" | "spread"
    needed: int | Fraction
    have: int | Fraction
    met: bool
    text: str  # "31 of 33 CLPs", "0 of 2 unions", "0.4% of 5% membership"
    #: The words for what is counted, singular and plural ("MP or MEP", "MPs and MEPs"; "local parties" for spread).
    words: tuple[str, str] | None = None


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
    """One stage for one candidate: its state, figures, since when they have met it, and one-sentence explanation."""

    id: str
    title: str
    state: str  # "not_open" | "open" | "closed" | "not_reached"
    met: bool | None  # the figures as of the moment meet the stage; None: not reached
    final: bool  # the stage had closed by the moment judged
    met_at: datetime | None  # the start of the unbroken run in which the figures have met the stage
    needed: int
    have: int
    routes: tuple[RouteResult, ...]
    detail: str
    gates: bool = True  # False: shown, but never decides the ballot
    met_with: tuple[str, ...] = ()  # the names of the bodies whose nominations completed the run
    #: When and with what the run began, while the stage is met: "at 18:04 on 20 January 2026 with Big Union's
    #: nomination: 3 affiliates, 2 unions, 5.3% of membership" (the route's figures then); else "".
    met_how: str = ""

    @property
    def qualified(self) -> str:
        """The moment the candidate qualified for the stage, as a sentence ("" while the stage is not met)."""
        return f"Qualified {self.met_how}." if self.met_how else ""

    @property
    def failed(self) -> bool:
        """The stage closed without the candidate meeting it (a stage that does not gate never fails anyone)."""
        return self.gates and self.final and self.met is False

    @property
    def opened(self) -> bool:
        """The stage has opened for the candidate ("so far" includes it)."""
        return self.state in ("open", "closed")


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
    ballot_set_at: datetime | None = None  # when the ballot is (or was) set, by the timetable in force
    #: Each stage's timetable changes in force, by stage id: "the close was moved from 27 May to 9 June on 25 May".
    changes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def verdict(self, key: str) -> CandidateVerdict:
        """The verdict on one candidate, by key (KeyError if not a candidate)."""
        for verdict in self.candidates:
            if verdict.key == key:
                return verdict
        raise KeyError(key)


# --- The rules, applied -------------------------------------------------------------------------


def eligibility(rules: ContestRules, facts: Facts, as_of: datetime) -> ContestVerdict:
    """Judge every candidate of a contest as of a moment (by the timetable in force then)."""
    rules = rules.at(as_of)
    bodies = {body.code: body for body in facts.bodies}
    leaves: dict[str, datetime | None] = {
        candidate.key: rules.consent_by if not consented(rules, candidate) else None for candidate in facts.candidates
    }
    exempt = {candidate.key for candidate in facts.candidates if rules.incumbent_exempt and candidate.incumbent}
    own = {candidate.key for candidate in facts.candidates if _nominated_self(rules, candidate, facts.nominations)}
    results: dict[str, list[StageResult]] = {key: [] for key in leaves}
    for stage in rules.stages:
        needs = tuple(Needs.of(route, facts.bodies) for route in stage.routes)
        walked = walk(rules, stage, facts, bodies, needs, min(as_of, stage.closes_at), leaves)
        for key, stage_results in results.items():
            stopped_at = _failed_stage(rules.stages, stage_results)
            result = _judge_stage(
                rules, stage, needs, walked.tallies[key], walked.runs.get(key), as_of, stopped_at,
                exempt=key in exempt, own=key in own,
            )
            stage_results.append(result)
            if result.failed and (leaves[key] is None or stage.closes_at < leaves[key]):  # out of the running
                leaves[key] = stage.closes_at
    verdicts = tuple(
        _candidate_verdict(rules, candidate, tuple(results[candidate.key]), facts.suspensions, as_of, candidate.key in exempt)
        for candidate in ballot_order(facts.candidates)
    )
    set_at = rules.ballot_set_at
    ballot_set = set_at is None or as_of >= set_at
    on_ballot = tuple(v.name for v in verdicts if v.status == VerdictStatus.ON_BALLOT) if ballot_set else ()
    return ContestVerdict(
        as_of=as_of, ballot_set=ballot_set, on_ballot=on_ballot, candidates=verdicts, ballot_set_at=set_at,
        changes={stage.id: stage.changes for stage in rules.stages if stage.changes},
    )


def _nominated_self(rules: ContestRules, candidate: Candidate, nominations: Sequence[NominationFact]) -> bool:
    """Whether the candidate's own body nominated them, in a contest where that never counts."""
    return not rules.self_nomination and candidate.body is not None and any(
        n.candidate == candidate.key and n.body == candidate.body for n in nominations
    )


def may_be_out(rules: ContestRules, withdrawals: Iterable[datetime | None], as_of: datetime) -> bool:
    """Whether any of some candidates (given by when each withdrew, None if they have not) can be withdrawn or
    eliminated as of `as_of`, without judging: only once one has withdrawn, or once a stage has closed (a stage is
    failed only when it is final). While neither holds, callers that only need to know who is out (the nomination
    form, on every write) need not judge at all."""
    return any(as_of >= stage.closes_at for stage in rules.stages) or any(
        withdrawn_at is not None and withdrawn_at <= as_of for withdrawn_at in withdrawals
    )


def _failed_stage(stages: Sequence[StageRule], results: Sequence[StageResult]) -> StageRule | None:
    """The first gating stage that closed without the candidate meeting it, if any."""
    return next((stage for stage, result in zip(stages, results, strict=False) if result.failed), None)


def _judge_stage(
    rules: ContestRules,
    stage: StageRule,
    needs: Sequence[Needs],
    tallies: Mapping[str, Tally],
    run: Run | None,
    as_of: datetime,
    stopped_at: StageRule | None,
    *,
    exempt: bool = False,
    own: bool = False,
) -> StageResult:
    """One stage for one candidate, from the tallies of the nominations that count and the run in force."""
    timezone = rules.timezone
    routes = tuple(_judge_route(rules, need, tallies) for need in needs)
    best = next((route for route in routes if route.met), None) or max(routes, key=_closeness, default=None)
    figures = "; or ".join(f"{route.text} {'✓' if route.met else '✗'}" for route in routes)
    if own:
        figures += " (own nomination not counted)"
    if not stage.gates:
        figures += " (supporting: does not decide the ballot)"
    final = as_of >= stage.closes_at
    if stopped_at is not None:
        state, detail = "not_reached", f"Not reached: {stopped_at.title} was not met."
    elif as_of < stage.opens_at:
        state, detail = "not_open", f"Opens at {moment_text(stage.opens_at, timezone)}."
    elif exempt:
        state = "closed" if final else "open"
        had = "; ".join(had_text(rules, need, need.tallies(tallies)) for need in needs if any(t.bodies for t in need.tallies(tallies)))
        detail = "Met as the incumbent, without nominations" + (f" (nominated by {had})" if had else "")
    elif not final:
        state, detail = "open", f"So far: {figures}"
    else:
        state, detail = "closed", figures
    if stage.changes and state in ("open", "closed", "not_open"):  # the timetable as amended, said where it applies
        detail = f"{detail.rstrip('.')} — {'; '.join(stage.changes)}" + ("." if state == "not_open" else "")
    met = None if state == "not_reached" else state != "not_open" and (exempt or any(route.met for route in routes))
    if exempt and met:
        return StageResult(
            id=stage.id, title=stage.title, state=state, met=True, final=final, met_at=stage.opens_at,
            needed=best.needed if best else 0, have=best.have if best else 0, routes=routes, detail=detail,
            gates=stage.gates, met_how=f"as the incumbent, without nominations, from {moment_text(stage.opens_at, timezone)}",
        )
    run = run if met else None
    met_with = tuple(body.name or body.code for body in run.bodies) if run else ()
    return StageResult(
        id=stage.id,
        title=stage.title,
        state=state,
        met=met,
        final=final,
        met_at=run.since if run else None,
        needed=best.needed if best else 0,
        have=best.have if best else 0,
        routes=routes,
        detail=detail,
        gates=stage.gates,
        met_with=met_with,
        met_how=_met_how(run.since, met_with, had_text(rules, run.needs, run.tallies), timezone) if run else "",
    )


def _met_how(since: datetime, met_with: Sequence[str], figures: str, timezone: str) -> str:
    """ "at 18:04 on 20 January 2026 with Big Union's nomination: 3 affiliates, 2 unions, 5.3% of membership" (the
    nominations that completed the run, and the route's figures then)."""
    if not met_with:
        how = ""
    elif len(met_with) == 1:
        how = f" with {met_with[0]}'s nomination"
    elif len(met_with) <= 3:
        how = f" with the nominations of {', '.join(met_with[:-1])} and {met_with[-1]}"
    else:
        how = f" with the nominations of {', '.join(met_with[:2])} and {len(met_with) - 2} others"
    return f"at {moment_text(since, timezone)}{how}: {figures}"


def _closeness(route: RouteResult) -> Fraction:
    """How near a route's headline figure is to what it needs (1 or more: there)."""
    return Fraction(route.have, route.needed) if route.needed else Fraction(1)


def _judge_route(rules: ContestRules, needs: Needs, tallies: Mapping[str, Tally]) -> RouteResult:
    """One route: each condition of each of its parts against the candidate's tallies."""
    conditions, texts = [], []
    for part in needs.parts:
        found = _judge_part(rules, part, part.tally(tallies))
        conditions += found
        text = ", ".join(c.text for c in found if c.name != "spread")
        spread = next((c.text for c in found if c.name == "spread"), None)
        texts.append(f"{text} {spread}" if spread and text else (spread or text))
    first = needs.parts[0]
    headline_needed, headline_have = first.checks(first.tally(tallies))[0][1:]
    return RouteResult(
        kind=needs.route.kind,
        met=all(condition.met for condition in conditions),
        conditions=tuple(conditions),
        text=" and ".join(texts),
        needed=headline_needed,
        have=headline_have,
    )


def _judge_part(rules: ContestRules, part: PartNeeds, tally: Tally) -> list[ConditionResult]:
    """One part's conditions against its tally, each with its sentence."""
    route, conditions = part.route, []
    kinds = route.own_kinds
    for name, needed, have in part.checks(tally):
        if name == "share":
            text = f"{have} of {needed} {rules.noun(kinds, needed)} ({share_text(route.share)} of {part.base})"
            words = (rules.noun(kinds, 1), rules.noun(kinds, 2))
            conditions.append(ConditionResult(name, needed, have, have >= needed, text, words))
            continue
        elif name == "membership_share":
            measured = Fraction(have, part.total_members) if part.total_members else Fraction(0)
            text = f"{measured_text(measured)} of {share_text(route.membership_share)} membership"
            conditions.append(ConditionResult(name, route.membership_share, measured, have >= needed, text))
            continue
        elif name == "spread":
            groups = rules.kind(route.kind).groups
            text = f"from {have} of {needed} {groups}"
            conditions.append(ConditionResult(name, needed, have, have >= needed, text, (groups, groups)))
            continue
        elif name == "unions":
            text = f"{have} of {needed} {rules.noun('union', needed)}"
        else:
            text = f"{have} of {needed} {rules.noun(kinds, needed)}"
        words = (rules.noun(kinds, 1), rules.noun(kinds, 2)) if name in ("count", "share") else None
        conditions.append(ConditionResult(name, needed, have, have >= needed, text, words))
    return conditions


def _candidate_verdict(
    rules: ContestRules,
    candidate: Candidate,
    stages: tuple[StageResult, ...],
    suspensions: Sequence[SuspensionFact],
    as_of: datetime,
    exempt: bool = False,
) -> CandidateVerdict:
    """A candidate's status: withdrawn, else suspended, else eliminated (a gating stage failed, or no consent by
    its deadline), else the gating stages' verdict."""
    failed = _failed_stage(rules.stages, stages)
    suspended = suspensions_at(candidate.key, as_of, suspensions)
    gating = [result for stage, result in zip(rules.stages, stages, strict=True) if stage.gates]
    so_far = [result for result in gating if result.opened]
    no_consent = rules.consent_by is not None and as_of >= rules.consent_by and not consented(rules, candidate)
    set_at = rules.ballot_set_at
    if failed is not None and no_consent and rules.consent_by < failed.closes_at:
        failed = None  # eliminated first for want of consent
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
    elif no_consent:
        status, since = VerdictStatus.ELIMINATED, rules.consent_by
        reason = f"Eliminated: no consent to nomination by {moment_text(rules.consent_by, rules.timezone)}."
    elif (set_at is None or as_of >= set_at) and all(result.final and result.met for result in gating):
        status, since = VerdictStatus.ON_BALLOT, set_at
        reason = on_ballot_reason(rules, stages, exempt)
    elif so_far and all(result.met for result in so_far):
        status, since = VerdictStatus.QUALIFIED, max(result.met_at for result in so_far)
        reason = qualified_reason(rules, stages, since, candidate)
    else:
        status, since = VerdictStatus.IN_PROGRESS, None
        reason = in_progress_reason(rules, stages)
    return CandidateVerdict(
        key=candidate.key,
        name=candidate.name,
        woman=candidate.woman,
        status=status,
        eligible=status in ELIGIBLE,
        since=since,
        eliminated_at=failed.id if failed else ("consent" if no_consent else None),
        reason=reason,
        stages=stages,
    )
