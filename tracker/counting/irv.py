"""Instant-runoff voting for one seat.

At each stage a candidate with more than half of the votes still in the count (papers not yet
exhausted) is elected. Otherwise the candidate with the fewest votes is excluded and each of their
papers passes to its next preference for a continuing candidate. Ties for exclusion are broken as in
the Scottish Order: the most recent earlier stage at which the tied candidates had unequal votes,
then lot. When one candidate is left, they are elected. Every vote is worth one, so no rounding.
The result's `quota` is the majority that was needed at the final stage.
"""

from __future__ import annotations

from .common import Ballots, TieBreaker, WomenRule
from .piles import SCALE
from .report import CountResult
from .stv import PileCount

__all__ = ["count_irv"]


class InstantRunoff(PileCount):
    """Exclusion-only counting whose 'quota' is a majority of the votes still in the count."""

    method = "irv"

    def quota_units(self) -> int:
        in_count = sum(self.piles.votes) // SCALE
        return (in_count // 2 + 1) * SCALE

    def finish_stage(self, action: str, excluded: tuple[int, ...], notes: list[str]) -> None:
        in_count = sum(self.piles.votes) // SCALE
        notes = [f"majority of the {in_count} votes still in the count: {in_count // 2 + 1}", *notes]
        super().finish_stage(action, excluded, notes)


def count_irv(ballots: Ballots, seats: int, women: WomenRule, ties: TieBreaker) -> CountResult:
    """Count grouped ballots by instant-runoff."""
    return InstantRunoff(ballots, seats, women, ties).run()
