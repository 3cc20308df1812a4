"""The rules of a contest and the facts recorded about it, as the rules engine reads them: plain, frozen data.

Also the two questions every part of the tracker asks of them — which stage takes nominations from a kind of body
at a moment, and whether a nomination counts, and if not, why not — so that the secretary's form, the dashboard's
notes and the verdict give one answer.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from fractions import Fraction
from functools import cached_property

from tracker.rules.text import pooled_noun
from tracker.times import DEFAULT_TIMEZONE, day_text, moment_text
from tracker.vocabulary import COUNTING_STATUSES, BodyKind, NominationStatus

# --- The rules and the facts --------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of nominating body, with the words every sentence uses for it."""

    id: str
    title: str  # singular: "MSP"
    plural: str  # "MSPs"
    person: bool = False  # a body of this kind is one person: suspensions apply, self-nomination is known
    groups: str = "groups"  # what its bodies' `group` values are, in the plural: "local parties"


#: The kinds every election has, declared or not.
DEFAULT_KINDS = (
    Kind(BodyKind.MP.value, BodyKind.MP.singular, BodyKind.MP.plural, person=True),
    Kind(BodyKind.CLP.value, BodyKind.CLP.singular, BodyKind.CLP.plural),
    Kind(BodyKind.AFFILIATE.value, BodyKind.AFFILIATE.singular, BodyKind.AFFILIATE.plural),
)


@dataclass(frozen=True)
class Route:
    """One way of meeting a stage: every condition given must hold.

    ``kind`` is one kind, or several pooled under one threshold (``("mp", "mep")``: a share of the registered
    bodies of all of them together, kept in ``pool``). A route with ``parts`` is met when every part is, each
    part a route of its own kind(s) (``all = [...]`` in the definition file). ``spread`` asks for nominators
    from at least that many distinct groups (the bodies' ``group``).
    """

    kind: str = ""  # a kind id (the first of a pool; the first part's for a route of parts)
    count: int | None = None
    share: Fraction | None = None
    of: int | None = None
    unions: int | None = None
    membership_share: Fraction | None = None
    pool: tuple[str, ...] = ()  # the kinds pooled under the route's thresholds, when more than one
    spread: int | None = None
    parts: tuple[Route, ...] = ()

    def __post_init__(self) -> None:
        # A share read from TOML arrives as a float: take the decimal as written (0.1 is 1/10).
        for name in ("share", "membership_share"):
            value = getattr(self, name)
            if isinstance(value, float):
                object.__setattr__(self, name, Fraction(str(value)))
        if isinstance(self.kind, (tuple, list)):  # Route(kind=("mp", "mep")) pools them
            kinds = tuple(self.kind)
            object.__setattr__(self, "pool", kinds if len(kinds) > 1 else ())
            object.__setattr__(self, "kind", kinds[0])
        if self.parts and not self.kind:
            object.__setattr__(self, "kind", self.parts[0].kind)

    @property
    def own_kinds(self) -> tuple[str, ...]:
        """The kinds whose nominations this route (or part) counts together."""
        return self.pool or (self.kind,)

    @property
    def pieces(self) -> tuple[Route, ...]:
        """The parts that must all hold: the route itself unless it has parts."""
        return self.parts or (self,)

    @property
    def kinds(self) -> frozenset[str]:
        """Every kind the route reads."""
        return frozenset(kind for piece in self.pieces for kind in piece.own_kinds)


@dataclass(frozen=True)
class Amendment:
    """A change to a stage's window, made at a moment: as of an earlier moment the old window stands."""

    made_at: datetime
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    reason: str = ""


@dataclass(frozen=True)
class StageRule:
    """A nomination stage: its window and the routes by which it is met."""

    id: str
    title: str
    opens_at: datetime
    closes_at: datetime
    routes: tuple[Route, ...]
    gates: bool = True  # False: recorded and shown, but never decides the ballot
    amendments: tuple[Amendment, ...] = ()  # changes to the window, in the order made (see ``as_of``)
    #: Sentences for the amendments in force, once ``as_of`` has applied them ("the close was moved ...").
    changes: tuple[str, ...] = ()

    @cached_property
    def kinds(self) -> frozenset[str]:
        """The kinds of body whose nominations the stage counts (asked for every nomination: worked out once)."""
        return frozenset(kind for route in self.routes for kind in route.kinds)

    def as_of(self, moment: datetime, timezone: str = DEFAULT_TIMEZONE) -> StageRule:
        """The stage by the timetable in force at `moment`: the amendments made by then applied, in order."""
        if not self.amendments:
            return self
        opens_at, closes_at, changes = self.opens_at, self.closes_at, []
        for amendment in sorted(self.amendments, key=lambda a: a.made_at):
            if amendment.made_at > moment:
                continue
            made = day_text(amendment.made_at, timezone)
            for what, old, new in (("opening", opens_at, amendment.opens_at), ("close", closes_at, amendment.closes_at)):
                if new is not None and new != old:
                    changes.append(f"the {what} was moved from {moment_text(old, timezone)} to "
                                   f"{moment_text(new, timezone)} on {made}"
                                   + (f" ({amendment.reason})" if amendment.reason else ""))
            opens_at = amendment.opens_at or opens_at
            closes_at = amendment.closes_at or closes_at
        return replace(self, opens_at=opens_at, closes_at=closes_at, amendments=(), changes=tuple(changes))


@dataclass(frozen=True)
class ContestRules:
    """A contest's nomination rules: its stages in order, and the settings that decide what counts."""

    title: str
    seats: int
    stages: tuple[StageRule, ...]
    max_nominations_per_body: int = 1
    counting_statuses: frozenset[str] = frozenset(COUNTING_STATUSES)
    discount_suspended_mps: bool = True  # nominations of a person kind (MPs...) stop counting while suspended
    timezone: str = DEFAULT_TIMEZONE
    kinds: tuple[Kind, ...] = DEFAULT_KINDS  # every kind of body the election knows, with its words
    incumbent_exempt: bool = False  # the incumbent meets every stage from its opening, without nominations
    self_nomination: bool = True  # False: a nomination from the candidate's own body never counts
    consent_by: datetime | None = None  # candidates who have not consented by then are off the ballot
    words: dict = field(default=None, compare=False, repr=False)  # kind id -> Kind, filled in

    def __post_init__(self) -> None:
        known = {kind.id: kind for kind in DEFAULT_KINDS}
        known.update((kind.id, kind) for kind in self.kinds)
        object.__setattr__(self, "words", known)

    def kind(self, kind: str) -> Kind:
        """A kind by id (an undeclared one gets its id as its words)."""
        return self.words.get(kind) or Kind(kind, kind, kind + "s")

    def noun(self, kinds: str | Iterable[str], number: int) -> str:
        """The noun for `number` bodies of a kind or a pool of kinds: "1 MP", "51 MPs and MEPs"."""
        kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
        return pooled_noun([(self.kind(k).title, self.kind(k).plural) if k != "union" else ("union", "unions")
                            for k in kinds], number)

    def is_person(self, kind: str) -> bool:
        """Whether a body of this kind is one person."""
        return self.kind(kind).person

    def at(self, moment: datetime) -> ContestRules:
        """The rules with the timetable in force at `moment` (amendments made by then applied)."""
        if not any(stage.amendments for stage in self.stages):
            return self
        return replace(self, stages=tuple(stage.as_of(moment, self.timezone) for stage in self.stages))

    @property
    def gating(self) -> tuple[StageRule, ...]:
        """The stages that decide the ballot."""
        return tuple(stage for stage in self.stages if stage.gates)

    @property
    def ballot_set_at(self) -> datetime | None:
        """When the ballot is set: the later of the last gating stage's close and ``consent_by`` (None: from the
        start, for a contest with neither)."""
        moments = [self.gating[-1].closes_at] if self.gating else []
        if self.consent_by is not None:
            moments.append(self.consent_by)
        return max(moments, default=None)


@dataclass(frozen=True)
class Body:
    """A registered nominating body: an MP, a CLP, an affiliate, or one of a kind the election declares."""

    code: str
    kind: str
    is_union: bool = False
    members: int = 0
    person: str | None = None  # a person body's person key, which suspensions and self-nomination name
    name: str = ""
    region: str | None = None
    group: str | None = None  # e.g. a member's local party, for a route's ``spread``


@dataclass(frozen=True)
class Candidate:
    """A candidate in the contest."""

    key: str
    name: str
    woman: bool | None = None
    withdrawn_at: datetime | None = None
    incumbent: bool = False
    body: str | None = None  # the code of the candidate's own body (self-nomination)
    consented_at: datetime | None = None


@dataclass(frozen=True)
class NominationFact:
    """One body's nomination of one candidate, with its current status."""

    candidate: str
    body: str
    nominated_at: datetime
    status: str  # a NominationStatus
    #: When the body withdrew it: it counted until then (a withdrawn one without this never counted).
    withdrawn_at: datetime | None = None


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


def consented(rules: ContestRules, candidate: Candidate) -> bool:
    """Whether a candidate consented to nomination by the contest's deadline (True where there is none)."""
    return rules.consent_by is None or (candidate.consented_at is not None and candidate.consented_at <= rules.consent_by)


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
        return None, f"{rules.title} takes no nominations from {rules.noun(kind, 2)}"
    for stage in taking:
        if in_window(stage, at):
            return stage, None
    closed = [stage for stage in taking if stage.closes_at < at]
    if closed:
        return None, closed_text(rules, kind, closed[-1].closes_at)
    opening = next(stage for stage in taking if at < stage.opens_at)
    return None, f"Nominations from {rules.noun(kind, 2)} for {rules.title} open at {moment_text(opening.opens_at, rules.timezone)}"


def closed_text(rules: ContestRules, kind: str, closes_at: datetime) -> str:
    """The sentence for a nomination from `kind` after its stage closed."""
    return f"Nominations from {rules.noun(kind, 2)} for {rules.title} closed at {moment_text(closes_at, rules.timezone)}"


def counts_by_status(rules: ContestRules, nomination: NominationFact) -> bool:
    """Whether a nomination's status lets it count: a counting status, or withdrawn at a moment (it counted until
    then)."""
    return nomination.status in rules.counting_statuses or (
        nomination.status == NominationStatus.WITHDRAWN and nomination.withdrawn_at is not None
    )


def own_nomination(rules: ContestRules, nomination: NominationFact, candidate: Candidate | None) -> bool:
    """Whether a nomination comes from the candidate's own body, in a contest where that never counts."""
    return not rules.self_nomination and candidate is not None and candidate.body is not None \
        and candidate.body == nomination.body


def never_counts_because(
    rules: ContestRules, nomination: NominationFact, body: Body | None, stage: StageRule,
    candidate: Candidate | None = None,
) -> str | None:
    """Why a nomination can never count towards `stage`, whatever the moment judged (None: it can)."""
    if body is None:
        return "Does not count: the body is not registered."
    if not counts_by_status(rules, nomination):
        return f"Does not count: {nomination.status}."
    if body.kind not in stage_kinds(stage):
        return f"Does not count: {stage.title} takes no nominations from {rules.noun(body.kind, 2)}."
    if not in_window(stage, nomination.nominated_at):
        return f"Does not count: made outside {stage.title}'s window."
    if nomination.withdrawn_at is not None and nomination.withdrawn_at <= nomination.nominated_at:
        return "Does not count: withdrawn as it was made."
    if own_nomination(rules, nomination, candidate):
        return "Does not count: own nomination not counted."
    return None


def discounted_while_suspended(rules: ContestRules, body: Body) -> bool:
    """Whether a body's nominations stop counting while its person is suspended (a person kind's, such as an MP's,
    when the contest says so)."""
    return rules.discount_suspended_mps and bool(body.person) and rules.is_person(body.kind)


def not_counted_because(
    rules: ContestRules, nomination: NominationFact, body: Body | None, stage: StageRule, moment: datetime,
    suspensions: Iterable[SuspensionFact], candidate: Candidate | None = None,
) -> str | None:
    """Why a nomination does not count towards `stage` judged at `moment` (None: it counts, as far as the nomination
    itself goes; the stage gate and the per-body limit are the verdict's, which sees every candidate)."""
    never = never_counts_because(rules, nomination, body, stage, candidate)
    if never is not None:
        return never
    if nomination.nominated_at > moment:
        return "Does not count yet: made after the moment shown."
    if nomination.withdrawn_at is not None and nomination.withdrawn_at <= moment:
        return f"Does not count: withdrawn on {day_text(nomination.withdrawn_at, rules.timezone)}."
    if discounted_while_suspended(rules, body) and suspensions_at(body.person, moment, suspensions):
        return f"Does not count while this {rules.kind(body.kind).title} is suspended."
    return None
