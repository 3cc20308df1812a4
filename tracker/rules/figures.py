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
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
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
from tracker.rules.text import measured_text, noun

__all__ = ["Needs", "Run", "Tally", "Walked", "had_text", "walk"]


@dataclass
class Tally:
    """One candidate's counted nominations from bodies of one kind: how many, how many unions, their members."""

    bodies: int = 0
    unions: int = 0
    members: int = 0

    def add(self, body: Body, sign: int) -> None:
        """Count a body in (sign 1) or out (sign -1)."""
        self.bodies += sign
        self.unions += sign * body.is_union
        self.members += sign * body.members


@dataclass(frozen=True)
class Needs:
    """One route's thresholds, worked out against the registered bodies of its kind."""

    route: Route
    base: int  # the share's base: ``of``, or the number of registered bodies of the kind
    total_members: int  # all registered members of the kind
    #: Each condition as (name, the tally's figure it reads, the least it needs), in the route's order; a route
    #: that states no condition needs one nomination of its kind.
    conditions: tuple[tuple[str, str, int], ...]

    @classmethod
    def of(cls, route: Route, registered: Iterable[Body]) -> Needs:
        of_kind = [body for body in registered if body.kind == route.kind]
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
        return cls(route, base, total, tuple(conditions) or (("count", "bodies", 1),))

    def checks(self, tally: Tally) -> tuple[tuple[str, int, int], ...]:
        """Each condition of the route as (name, needed, have); members for membership."""
        return tuple((name, needed, getattr(tally, figure)) for name, figure, needed in self.conditions)

    def met(self, tally: Tally) -> bool:
        """Whether a tally meets every condition of the route."""
        return all(getattr(tally, figure) >= needed for _, figure, needed in self.conditions)


def had_text(needs: Needs, tally: Tally) -> str:
    """What a route's tally holds, in words: "3 affiliates, 2 unions, 5.3% of membership"."""
    route = needs.route
    parts = [f"{tally.bodies} {noun(route.kind, tally.bodies)}"]
    if route.unions is not None:
        parts.append(f"{tally.unions} {noun('union', tally.unions)}")
    if route.membership_share is not None:
        share = Fraction(tally.members, needs.total_members) if needs.total_members else Fraction(0)
        parts.append(f"{measured_text(share)} of membership")
    return ", ".join(parts)


@dataclass(frozen=True)
class Run:
    """An unbroken run in which a candidate's figures met a stage: when it began and what completed it."""

    since: datetime
    #: The bodies whose nominations began to count for the candidate at that moment (made then, or counting
    #: again as an MP's suspension ended); empty when the stage was met as it opened.
    bodies: tuple[Body, ...]
    needs: Needs  # the first route met at that moment
    tally: Tally  # that route's figures at that moment


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
    for nomination in facts.nominations:
        if (nomination.candidate in leaves and nomination.nominated_at <= end
                and never_counts_because(rules, nomination, bodies.get(nomination.body), stage) is None):
            arrivals[nomination.nominated_at].append(nomination)
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

    for moment in sorted({stage.opens_at, *arrivals, *toggles, *departures}):
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
            met = next((n for n in needs if n.met(tally[n.route.kind])), None) if key in running else None
            if met is None:
                runs.pop(key, None)
            elif key not in runs:
                bodies_then = tuple(sorted(gained.get(key, ()), key=lambda b: (b.name or b.code).casefold()))
                runs[key] = Run(moment, bodies_then, met, replace(tally[met.route.kind]))
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
