"""A stage's figures as they moved: what counts at each moment, and since when the figures have met the stage.

Pure rules, standard library only; what counts is stated in tracker.rules.eligibility. The figures of a
stage change only at the moments of the facts: a nomination made, an MP's suspension starting or ending,
and the close of an earlier stage that takes a candidate out of the running (which frees the places their
nominating bodies gave them). ``walk`` visits those moments in order, from the stage's opening to the
moment judged, keeping each candidate's tally up to date body by body. One pass gives the figures as of that
moment and, for each candidate who meets the stage then, the start of the last unbroken run in which the
figures met it (the moment they qualified, ``met_at``) and the nominations that completed the run.

Withdrawn and rejected nominations never count (a nomination counts by its current status), so one of
them removed from a run moves ``met_at`` to the moment the figures met the stage again without it.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from tracker.rules.model import (
    Body,
    ContestRules,
    Facts,
    NominationFact,
    Route,
    StageRule,
    SuspensionFact,
    discounted_while_suspended,
    never_counts_because,
    suspensions_at,
)
from tracker.rules.text import measured_text

__all__ = ["Needs", "PartNeeds", "Run", "Tally", "Walked", "had_text", "walk"]


@dataclass
class Tally:
    """One candidate's counted nominations from bodies of one kind (or a pool of kinds): how many, how many unions,
    their members, and how many from each group."""

    bodies: int = 0
    unions: int = 0
    members: int = 0
    groups: Counter = field(default_factory=Counter)

    def add(self, body: Body, sign: int) -> None:
        """Count a body in (sign 1) or out (sign -1)."""
        self.bodies += sign
        self.unions += sign * body.is_union
        self.members += sign * body.members
        if body.group:
            self.groups[body.group] += sign

    @property
    def spread(self) -> int:
        """How many distinct groups the counted bodies come from."""
        return sum(1 for count in self.groups.values() if count > 0)

    def copy(self) -> Tally:
        return Tally(self.bodies, self.unions, self.members, Counter(+self.groups))

    @classmethod
    def pooled(cls, tallies: Iterable[Tally]) -> Tally:
        """The tallies of several kinds taken together."""
        total = cls()
        for tally in tallies:
            total.bodies += tally.bodies
            total.unions += tally.unions
            total.members += tally.members
            total.groups.update(+tally.groups)
        return total


_EMPTY = Tally()


@dataclass(frozen=True)
class PartNeeds:
    """The thresholds of one part of a route (a whole route, unless it has parts), against the registered bodies of
    its kind or pooled kinds."""

    route: Route  # the part
    base: int  # the share's base: ``of``, or the number of registered bodies of the kind(s)
    total_members: int  # all registered members of the kind(s)
    #: Each condition as (name, the tally's figure it reads, the least it needs), in the route's order; a part
    #: that states no condition needs one nomination of its kind.
    conditions: tuple[tuple[str, str, int], ...]

    @classmethod
    def of(cls, route: Route, registered: Iterable[Body]) -> PartNeeds:
        kinds = route.own_kinds
        of_kind = [body for body in registered if body.kind in kinds]
        base = len(of_kind) if route.of is None else route.of
        total = sum(body.members for body in of_kind)
        conditions = []
        if route.count is not None:
            conditions.append(("count", "bodies", route.count))
        if route.share is not None:
            conditions.append(("share", "bodies", math.ceil(route.share * base)))
        if route.unions is not None:
            conditions.append(("unions", "unions", route.unions))
        if route.membership_share is not None:  # the fewest whole members that reach the share
            conditions.append(("membership_share", "members", math.ceil(route.membership_share * total)))
        if route.spread is not None:
            conditions.append(("spread", "spread", route.spread))
        return cls(route, base, total, tuple(conditions) or (("count", "bodies", 1),))

    def tally(self, tallies: Mapping[str, Tally]) -> Tally:
        """The part's tally among a candidate's tallies by kind (pooled kinds summed)."""
        kinds = self.route.own_kinds
        if len(kinds) == 1:
            return tallies.get(kinds[0], _EMPTY)
        return Tally.pooled(tallies.get(kind, _EMPTY) for kind in kinds)

    def checks(self, tally: Tally) -> tuple[tuple[str, int, int], ...]:
        """Each condition of the part as (name, needed, have); members for membership, groups for spread."""
        return tuple((name, needed, getattr(tally, figure)) for name, figure, needed in self.conditions)

    def met(self, tally: Tally) -> bool:
        """Whether a tally meets every condition of the part."""
        return all(getattr(tally, figure) >= needed for _, figure, needed in self.conditions)


@dataclass(frozen=True)
class Needs:
    """One route's thresholds: every part's, which must all hold."""

    route: Route
    parts: tuple[PartNeeds, ...]

    @classmethod
    def of(cls, route: Route, registered: Iterable[Body]) -> Needs:
        registered = tuple(registered)
        return cls(route, tuple(PartNeeds.of(part, registered) for part in route.pieces))

    @property
    def base(self) -> int:
        return self.parts[0].base

    @property
    def total_members(self) -> int:
        return self.parts[0].total_members

    def tallies(self, tallies: Mapping[str, Tally]) -> tuple[Tally, ...]:
        """Each part's tally."""
        return tuple(part.tally(tallies) for part in self.parts)

    def met(self, tallies: Mapping[str, Tally]) -> bool:
        """Whether a candidate's tallies by kind meet every part of the route."""
        return all(part.met(part.tally(tallies)) for part in self.parts)


def had_text(rules: ContestRules, needs: Needs, tallies: Sequence[Tally]) -> str:
    """What a route's tallies hold, in words: "3 affiliates, 2 unions, 5.3% of membership"; "2 MPs and 212 members
    from 25 local parties"."""
    texts = []
    for part, tally in zip(needs.parts, tallies, strict=True):
        route = part.route
        parts = [f"{tally.bodies} {rules.noun(route.own_kinds, tally.bodies)}"]
        if route.unions is not None:
            parts.append(f"{tally.unions} {rules.noun('union', tally.unions)}")
        if route.membership_share is not None:
            share = Fraction(tally.members, part.total_members) if part.total_members else Fraction(0)
            parts.append(f"{measured_text(share)} of membership")
        text = ", ".join(parts)
        if route.spread is not None:
            text += f" from {tally.spread} {rules.kind(route.kind).groups}"
        texts.append(text)
    return " and ".join(texts)


@dataclass(frozen=True)
class Run:
    """An unbroken run in which a candidate's figures met a stage: when it began and what completed it."""

    since: datetime
    #: The bodies whose nominations began to count for the candidate at that moment (made then, or counting
    #: again as an MP's suspension ended); empty when the stage was met as it opened.
    bodies: tuple[Body, ...]
    needs: Needs  # the first route met at that moment
    tallies: tuple[Tally, ...]  # that route's figures (part by part) at that moment


@dataclass(frozen=True)
class Walked:
    """A stage walked up to the moment judged: each candidate's tallies then, and the runs in force then."""

    tallies: Mapping[str, Mapping[str, Tally]]  # candidate key -> body kind -> tally
    runs: Mapping[str, Run]  # candidate key -> the run in force, for those meeting the stage


def walk(
    rules: ContestRules,
    stage: StageRule,
    facts: Facts,
    bodies: Mapping[str, Body],
    needs: Sequence[Needs],
    end: datetime,
    leaves: Mapping[str, datetime | None],
) -> Walked:
    """Walk a stage's moments from its opening to `end`, keeping every candidate's figures as they stood.

    `leaves` names the candidates, each with the moment they leave the running (the close of an earlier stage
    they did not meet; None: they do not), from which their nominations count for no one.
    """
    tallies: dict[str, defaultdict[str, Tally]] = {key: defaultdict(Tally) for key in leaves}
    runs: dict[str, Run] = {}
    if end < stage.opens_at:
        return Walked(tallies, runs)

    arrivals: dict[datetime, list[NominationFact]] = defaultdict(list)
    removals: dict[datetime, list[NominationFact]] = defaultdict(list)  # withdrawn at a moment: counted until then
    candidates = {candidate.key: candidate for candidate in facts.candidates}
    for nomination in facts.nominations:
        if (nomination.candidate in leaves and nomination.nominated_at <= end
                and never_counts_because(rules, nomination, bodies.get(nomination.body), stage,
                                         candidates.get(nomination.candidate)) is None):
            arrivals[nomination.nominated_at].append(nomination)
            if nomination.withdrawn_at is not None and nomination.withdrawn_at <= end:
                removals[nomination.withdrawn_at].append(nomination)
    watched: dict[str, set[str]] = defaultdict(set)  # person -> the codes of their bodies that nominated
    for found in arrivals.values():
        for nomination in found:
            body = bodies[nomination.body]
            if discounted_while_suspended(rules, body):
                watched[body.person].add(body.code)
    suspensions: dict[str, list[SuspensionFact]] = defaultdict(list)
    for suspension in facts.suspensions:
        if suspension.person in watched:
            suspensions[suspension.person].append(suspension)
    toggles: dict[datetime, set[str]] = defaultdict(set)
    for person, found in suspensions.items():
        for moment in (at for s in found for at in (s.starts_at, s.ends_at)):
            if moment is not None and stage.opens_at < moment <= end:
                toggles[moment].add(person)
    departures: dict[datetime, list[str]] = defaultdict(list)
    for key, leaves_at in leaves.items():
        if leaves_at is not None and stage.opens_at < leaves_at <= end:
            departures[leaves_at].append(key)

    running = {key for key, leaves_at in leaves.items() if leaves_at is None or leaves_at > stage.opens_at}
    suspended = {code: bool(suspensions_at(person, stage.opens_at, suspensions[person]))
                 for person, codes in watched.items() for code in codes}
    arrived: dict[str, list[str]] = defaultdict(list)  # body code -> candidates, earliest nomination first
    nominated: dict[str, set[str]] = defaultdict(set)  # candidate -> codes of the bodies that nominated them
    counted: dict[str, frozenset[str]] = {}  # body code -> the candidates it counts for now
    limit, nobody = rules.max_nominations_per_body, frozenset()

    for moment in sorted({stage.opens_at, *arrivals, *removals, *toggles, *departures}):
        changed: set[str] = set()
        touched = set(running) if moment == stage.opens_at else set()
        if moment in departures:
            for key in departures[moment]:
                running.discard(key)
                changed |= nominated[key]
                touched.add(key)
        if moment in toggles:
            for person in toggles[moment]:
                now = bool(suspensions_at(person, moment, suspensions[person]))
                for code in watched[person]:
                    if suspended[code] != now:
                        suspended[code] = now
                        changed.add(code)
        if moment in removals:  # before this moment's arrivals: a body may withdraw and nominate again at once
            for nomination in removals[moment]:
                arrived[nomination.body].remove(nomination.candidate)
                changed.add(nomination.body)
        if moment in arrivals:
            for nomination in sorted(arrivals[moment], key=lambda n: n.candidate):
                arrived[nomination.body].append(nomination.candidate)
                nominated[nomination.candidate].add(nomination.body)
                changed.add(nomination.body)
        gained: dict[str, list[Body]] = {}
        for code in changed:
            now = nobody if suspended.get(code) else _places(arrived[code], running, limit)
            before = counted.get(code, nobody)
            if now == before:
                continue
            body = bodies[code]
            for key in before - now:
                tallies[key][body.kind].add(body, -1)
                touched.add(key)
            for key in now - before:
                tallies[key][body.kind].add(body, 1)
                touched.add(key)
                gained.setdefault(key, []).append(body)
            counted[code] = now
        for key in touched:
            tally = tallies[key]
            met = next((n for n in needs if n.met(tally)), None) if key in running else None
            if met is None:
                runs.pop(key, None)
            elif key not in runs:
                bodies_then = tuple(sorted(gained.get(key, ()), key=lambda b: (b.name or b.code).casefold()))
                runs[key] = Run(moment, bodies_then, met, tuple(t.copy() for t in met.tallies(tally)))
    return Walked(tallies, runs)


def _places(candidates: Sequence[str], running: set[str], limit: int) -> frozenset[str]:
    """The candidates a body's nominations count for: its first `limit` distinct ones still running."""
    chosen: list[str] = []
    for key in candidates:
        if len(chosen) >= limit:
            break
        if key in running and key not in chosen:
            chosen.append(key)
    return frozenset(chosen)
