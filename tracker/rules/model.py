"""The rules of a contest and the facts recorded about it, as the rules engine reads them: plain, frozen data.

Also the two questions every part of the tracker asks of them — which stage takes nominations from a kind of body
at a moment, and whether a nomination counts, and if not, why not — so that the secretary's form, the dashboard's
notes and the verdict give one answer.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from functools import cached_property

from tracker.rules.text import noun
from tracker.times import DEFAULT_TIMEZONE, moment_text
from tracker.vocabulary import COUNTING_STATUSES, BodyKind

# --- The rules and the facts --------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One way of meeting a stage: every condition given must hold."""

    kind: str  # a BodyKind
    count: int | None = None
    share: Fraction | None = None
    of: int | None = None
    unions: int | None = None
    membership_share: Fraction | None = None

    def __post_init__(self) -> None:
        # A share read from TOML arrives as a float: take the decimal as written (0.1 is 1/10).
        for name in ("share", "membership_share"):
            value = getattr(self, name)
            if isinstance(value, float):
                object.__setattr__(self, name, Fraction(str(value)))


@dataclass(frozen=True)
class StageRule:
    """A nomination stage: its window and the routes by which it is met."""

    id: str
    title: str
    opens_at: datetime
    closes_at: datetime
    routes: tuple[Route, ...]

    @cached_property
    def kinds(self) -> frozenset[str]:
        """The kinds of body whose nominations the stage counts (asked for every nomination: worked out once)."""
        return frozenset(route.kind for route in self.routes)


@dataclass(frozen=True)
class ContestRules:
    """A contest's nomination rules: its stages in order, and the settings that decide what counts."""

    title: str
    seats: int
    stages: tuple[StageRule, ...]
    max_nominations_per_body: int = 1
    counting_statuses: frozenset[str] = frozenset(COUNTING_STATUSES)
    discount_suspended_mps: bool = True
    timezone: str = DEFAULT_TIMEZONE


@dataclass(frozen=True)
class Body:
    """A registered nominating body: an MP, a CLP or an affiliate."""

    code: str
    kind: str
    is_union: bool = False
    members: int = 0
    person: str | None = None  # an MP body's person key, which suspensions name
    name: str = ""
    region: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A candidate in the contest."""

    key: str
    name: str
    woman: bool | None = None
    withdrawn_at: datetime | None = None


@dataclass(frozen=True)
class NominationFact:
    """One body's nomination of one candidate, with its current status."""

    candidate: str
    body: str
    nominated_at: datetime
    status: str  # a NominationStatus


@dataclass(frozen=True)
class SuspensionFact:
    """A person's suspension, open-ended while ``ends_at`` is None."""

    person: str
    starts_at: datetime
    ends_at: datetime | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Facts:
    """Everything recorded about one contest."""

    candidates: tuple[Candidate, ...]
    bodies: tuple[Body, ...]
    nominations: tuple[NominationFact, ...] = ()
    suspensions: tuple[SuspensionFact, ...] = ()


def ballot_order(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Candidates alphabetically by surname (last word of the name), then full name, ignoring case."""
    return sorted(candidates, key=lambda c: ((c.name.split() or [""])[-1].casefold(), c.name.casefold(), c.key))


def suspensions_at(person: str, moment: datetime, suspensions: Iterable[SuspensionFact]) -> list[SuspensionFact]:
    """The suspensions of a person in force at a moment, earliest first."""
    return sorted(
        (s for s in suspensions if s.person == person and s.starts_at <= moment and (s.ends_at is None or moment < s.ends_at)),
        key=lambda s: s.starts_at,
    )



# --- Which stage takes a kind of body, and what counts --------------------------------------------------


def stage_kinds(stage: StageRule) -> frozenset[str]:
    """The kinds of body whose nominations a stage counts."""
    return stage.kinds


def stages_taking(rules: ContestRules, kind: str) -> tuple[StageRule, ...]:
    """The stages that take nominations from bodies of `kind`, in order."""
    return tuple(stage for stage in rules.stages if kind in stage_kinds(stage))


def in_window(stage: StageRule, at: datetime) -> bool:
    """Whether a nomination dated `at` falls inside the stage's window (its close included)."""
    return stage.opens_at <= at <= stage.closes_at


def stage_taking(rules: ContestRules, kind: str, at: datetime) -> tuple[StageRule | None, str | None]:
    """The stage whose window holds `at` and which takes nominations from bodies of `kind`; else None and why not."""
    taking = stages_taking(rules, kind)
    if not taking:
        return None, f"{rules.title} takes no nominations from {noun(kind, 2)}"
    for stage in taking:
        if in_window(stage, at):
            return stage, None
    closed = [stage for stage in taking if stage.closes_at < at]
    if closed:
        return None, closed_text(rules, kind, closed[-1].closes_at)
    opening = next(stage for stage in taking if at < stage.opens_at)
    return None, f"Nominations from {noun(kind, 2)} for {rules.title} open at {moment_text(opening.opens_at, rules.timezone)}"


def closed_text(rules: ContestRules, kind: str, closes_at: datetime) -> str:
    """The sentence for a nomination from `kind` after its stage closed."""
    return f"Nominations from {noun(kind, 2)} for {rules.title} closed at {moment_text(closes_at, rules.timezone)}"


def never_counts_because(rules: ContestRules, nomination: NominationFact, body: Body | None, stage: StageRule) -> str | None:
    """Why a nomination can never count towards `stage`, whatever the moment judged (None: it can)."""
    if body is None:
        return "Does not count: the body is not registered."
    if nomination.status not in rules.counting_statuses:
        return f"Does not count: {nomination.status}."
    if body.kind not in stage_kinds(stage):
        return f"Does not count: {stage.title} takes no nominations from {noun(body.kind, 2)}."
    if not in_window(stage, nomination.nominated_at):
        return f"Does not count: made outside {stage.title}'s window."
    return None


def discounted_while_suspended(rules: ContestRules, body: Body) -> bool:
    """Whether a body's nominations stop counting while its person is suspended (an MP's, when the contest says so)."""
    return rules.discount_suspended_mps and body.kind == BodyKind.MP and bool(body.person)


def not_counted_because(
    rules: ContestRules, nomination: NominationFact, body: Body | None, stage: StageRule, moment: datetime,
    suspensions: Iterable[SuspensionFact],
) -> str | None:
    """Why a nomination does not count towards `stage` judged at `moment` (None: it counts, as far as the nomination
    itself goes; the stage gate and the per-body limit are the verdict's, which sees every candidate)."""
    never = never_counts_because(rules, nomination, body, stage)
    if never is not None:
        return never
    if nomination.nominated_at > moment:
        return "Does not count yet: made after the moment shown."
    if discounted_while_suspended(rules, body) and suspensions_at(body.person, moment, suspensions):
        return "Does not count while this MP is suspended."
    return None
