"""The single entry point: count an Election by a named method."""

from __future__ import annotations

from .blt import Election
from .common import TieBreaker, WomenRule, prepare
from .report import CountResult

__all__ = ["count"]


def count(election: Election, method: str, seats: int | None = None, min_women: int = 0,
          women: frozenset[int] = frozenset(), seed: int | None = None) -> CountResult:
    """Count an election by "irv", "scottish-stv" or "meek"; raise CountError for impossible parameters."""
    ballots, seats = prepare(election, method, seats, min_women, frozenset(women))
    rule = WomenRule(min_women, frozenset(women), seats)
    ties = TieBreaker(ballots.names, seed)
    if method == "irv":
        from .irv import count_irv as run
    elif method == "meek":
        from .meek import count_meek as run
    else:
        from .stv import count_scottish_stv as run
    result = run(ballots, seats, rule, ties)
    return _titled(result, election.title)


def _titled(result: CountResult, title: str) -> CountResult:
    from dataclasses import replace
    return replace(result, title=title)
