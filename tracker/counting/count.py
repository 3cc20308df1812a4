"""The single entry point: count an Election by a named method."""

from __future__ import annotations

from dataclasses import replace

from .blt import Election
from .common import TieBreaker, WomenRule, prepare
from .irv import count_irv
from .meek import count_meek
from .report import CountResult
from .stv import count_scottish_stv

__all__ = ["count"]


def count(election: Election, method: str, seats: int | None = None, min_women: int = 0,
          women: frozenset[int] = frozenset(), seed: int | None = None) -> CountResult:
    """Count an election by "irv", "scottish-stv" or "meek"; raise CountError for impossible parameters."""
    ballots, seats = prepare(election, method, seats, min_women, frozenset(women))
    rule = WomenRule(min_women, frozenset(women), seats)
    ties = TieBreaker(ballots.names, seed)
    run = {"irv": count_irv, "scottish-stv": count_scottish_stv, "meek": count_meek}[method]
    return replace(run(ballots, seats, rule, ties), title=election.title)
