"""Where a contest stands at a moment, derived from its timetable and a few admin acts.

The stage is never stored: it follows from the clock, the nomination stages' windows, the ballot's
window and three acts of the returning officer (halting, freezing the ballot, declaring the result).
The first of these that applies gives the key:

* ``result``: the result has been declared (``declared_at <= moment``);
* ``counting``: the ballot has closed;
* ``ballot``: the ballot is open, or has been frozen for publication (``frozen_at <= moment``);
* a stage id: that nomination stage is open (``opens_at <= moment < closes_at``; the first in order
  if windows overlap);
* ``upcoming``: before the first stage opens;
* ``between:<next id>``: after one stage closes and before the next opens;
* ``awaiting_ballot``: the last stage has closed and the ballot has not opened.

A halt (``halted_at <= moment < resumed_at``, or with no resumption yet) does not move the key: the
contest is halted *in* its stage, and says why.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from tracker.rules.eligibility import StageRule
from tracker.times import DEFAULT_TIMEZONE, moment_text

__all__ = ["StageState", "Halt", "halt_in_force", "stage_at"]

class Halt(NamedTuple):
    """A halt of the contest: when it began, when it was lifted (None: still halted), and why."""

    halted_at: datetime
    resumed_at: datetime | None
    reason: str | None


@dataclass(frozen=True)
class StageState:
    """Where a contest stands: a key for code, a sentence for people, the next change for countdowns."""

    key: str
    label: str
    halted: bool
    halt_reason: str | None
    next_change_at: datetime | None


def stage_at(
    stages: Sequence[StageRule],
    ballot_opens_at: datetime | None,
    ballot_closes_at: datetime | None,
    result_at: datetime | None,
    moment: datetime,
    *,
    halts: Sequence[Halt] = (),
    frozen_at: datetime | None = None,
    declared_at: datetime | None = None,
    timezone: str = DEFAULT_TIMEZONE,
) -> StageState:
    """The contest's stage at a moment, from its timetable, halts, freeze and declaration."""
    key, label = _key_and_label(
        stages, ballot_opens_at, ballot_closes_at, result_at, moment, frozen_at, declared_at, timezone
    )
    halt = halt_in_force(halts, moment)
    if halt is not None:
        label += f" — halted: {halt.reason}" if halt.reason else " — halted"
    return StageState(
        key=key,
        label=label,
        halted=halt is not None,
        halt_reason=halt.reason if halt else None,
        next_change_at=None if key == "result" else _next_boundary(stages, ballot_opens_at, ballot_closes_at, result_at, moment),
    )


def halt_in_force(halts: Sequence[Halt], moment: datetime) -> Halt | None:
    """The halt in force at a moment (the latest begun, if several), or None."""
    return max((h for h in halts if _in_force(h, moment)), key=lambda h: h.halted_at, default=None)


def _in_force(halt: Halt, moment: datetime) -> bool:
    """Whether a halt applies at a moment."""
    halted_at, resumed_at, _ = halt
    return halted_at <= moment and (resumed_at is None or moment < resumed_at)


def _key_and_label(
    stages: Sequence[StageRule],
    ballot_opens_at: datetime | None,
    ballot_closes_at: datetime | None,
    result_at: datetime | None,
    moment: datetime,
    frozen_at: datetime | None,
    declared_at: datetime | None,
    timezone: str,
) -> tuple[str, str]:
    """The stage key and its sentence, first rule that applies (see the module docstring)."""
    if declared_at is not None and declared_at <= moment:
        return "result", f"Result declared at {moment_text(declared_at, timezone)}"
    if ballot_closes_at is not None and ballot_closes_at <= moment:
        if result_at is not None and moment < result_at:
            return "counting", f"Ballot closed; counting (result expected {moment_text(result_at, timezone)})"
        return "counting", "Ballot closed; counting"
    ballot_open = ballot_opens_at is not None and ballot_opens_at <= moment
    if ballot_open or (frozen_at is not None and frozen_at <= moment):
        if ballot_open:
            closes = f" (closes {moment_text(ballot_closes_at, timezone)})" if ballot_closes_at else ""
            return "ballot", f"Ballot open{closes}"
        opens = f"; voting opens {moment_text(ballot_opens_at, timezone)}" if ballot_opens_at else ""
        return "ballot", f"Ballot published{opens}"
    for stage in stages:
        if stage.opens_at <= moment < stage.closes_at:
            return stage.id, f"{stage.title} (closes {moment_text(stage.closes_at, timezone)})"
    if stages and moment < stages[0].opens_at:
        return "upcoming", f"Upcoming: {stages[0].title} opens {moment_text(stages[0].opens_at, timezone)}"
    following = next((stage for stage in stages if moment < stage.opens_at), None)
    if following is not None:
        opens = moment_text(following.opens_at, timezone)
        return f"between:{following.id}", f"Between stages: {following.title} opens {opens}"
    if ballot_opens_at is not None:
        return "awaiting_ballot", f"Nominations closed; ballot opens {moment_text(ballot_opens_at, timezone)}"
    return "awaiting_ballot", "Nominations closed; ballot not yet scheduled"


def _next_boundary(
    stages: Sequence[StageRule],
    ballot_opens_at: datetime | None,
    ballot_closes_at: datetime | None,
    result_at: datetime | None,
    moment: datetime,
) -> datetime | None:
    """The next timetabled opening or closing after a moment, if any."""
    boundaries = [at for stage in stages for at in (stage.opens_at, stage.closes_at)]
    boundaries += [ballot_opens_at, ballot_closes_at, result_at]
    return min((at for at in boundaries if at is not None and at > moment), default=None)
