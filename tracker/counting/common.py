"""What every counting method shares: checking the parameters, grouping identical ballots,
the minimum-women rule, and the tie rule of the Scottish Order (earlier stages, then lot).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .blt import Election
from .errors import CountError

METHODS = ("irv", "scottish-stv", "meek")


@dataclass(frozen=True)
class Ballots:
    """The valid ballots of an election, withdrawn candidates removed and identical rankings merged."""

    names: tuple[str, ...]
    standing: tuple[int, ...]
    rankings: tuple[tuple[int, ...], ...]
    weights: tuple[int, ...]
    valid: int


def prepare(election: Election, method: str, seats: int | None, min_women: int,
            women: frozenset[int]) -> tuple[Ballots, int]:
    """Check the count's parameters and return the grouped ballots and the number of seats."""
    if method not in METHODS:
        raise CountError(f"unknown counting method {method!r}: use one of {', '.join(METHODS)}")
    names = election.candidates
    seats = election.seats if seats is None else seats
    standing = tuple(c for c in range(len(names)) if c not in election.withdrawn)
    if seats < 1:
        raise CountError(f"there must be at least one seat to fill, not {seats}")
    if seats > len(standing):
        raise CountError(f"{seats} seats but only {len(standing)} candidates standing")
    if method == "irv" and seats != 1:
        raise CountError(f"instant-runoff fills one seat; use scottish-stv or meek for {seats} seats")
    unknown = sorted(c for c in women if not 0 <= c < len(names))
    if unknown:
        raise CountError(f"women {unknown} are not candidate indexes (0 to {len(names) - 1})")
    if min_women < 0:
        raise CountError(f"the minimum number of women cannot be negative ({min_women})")
    if min_women > seats:
        raise CountError(f"at least {min_women} women cannot be elected to {seats} seats")
    standing_women = sum(1 for c in standing if c in women)
    if min_women > standing_women:
        raise CountError(
            f"at least {min_women} {'woman' if min_women == 1 else 'women'} must be elected"
            f" but only {standing_women} {'is' if standing_women == 1 else 'are'} standing"
        )

    # Identical ballot lines are counted together first (in C), so the loop below sees each once.
    grouped: dict[tuple[int, ...], int] = {}
    total_for = grouped.get
    withdrawn = election.withdrawn
    for (weight, ranking), copies in Counter(election.ballots).items():
        if withdrawn:
            ranking = tuple(c for c in ranking if c not in withdrawn)
        if ranking:
            grouped[ranking] = total_for(ranking, 0) + weight * copies
    valid = sum(grouped.values())
    if valid == 0:
        raise CountError("there are no valid ballots to count")
    return Ballots(names, standing, tuple(grouped), tuple(grouped.values()), valid), seats


class WomenRule:
    """Minimum women: once the seats left equal the women still needed, every man still in the count goes.

    Two consequences keep the rule satisfiable: a man is not deemed elected to a seat that must go to a
    woman, and a woman is not excluded while the women still in the count are only as many as are needed.
    """

    def __init__(self, min_women: int, women: frozenset[int], seats: int):
        self.min_women = min_women
        self.women = women
        self.seats = seats

    def needed(self, elected: Sequence[int]) -> int:
        """Women still to be elected."""
        return max(0, self.min_women - sum(1 for c in elected if c in self.women))

    def binding(self, elected: Sequence[int], continuing: Sequence[int]) -> bool:
        """True when the men still in the count must all be excluded now."""
        needed = self.needed(elected)
        return needed > 0 and self.seats - len(elected) <= needed and any(c not in self.women for c in continuing)

    def may_elect(self, candidate: int, elected: Sequence[int]) -> bool:
        """Whether electing this candidate still leaves room for the women needed."""
        return candidate in self.women or self.seats - len(elected) > self.needed(elected)

    def excludable(self, continuing: Sequence[int], elected: Sequence[int]) -> list[int]:
        """The candidates who may be excluded: not the last women needed."""
        needed = self.needed(elected)
        if needed and sum(1 for c in continuing if c in self.women) <= needed:
            men = [c for c in continuing if c not in self.women]
            if men:
                return men
        return list(continuing)


class TieBreaker:
    """Rules 49(2)-(3) and 51(2): look back to the most recent earlier stage at which the tied
    candidates had unequal votes; if they were equal at every stage, decide by lot.

    With three or more tied, the look-back keeps those with the highest (or lowest) votes at that stage
    and, if several remain, looks further back for them. Lot uses `random.Random(seed)`; without a
    seed one is drawn from the system's randomness when first needed and recorded.
    """

    def __init__(self, names: Sequence[str], seed: int | None):
        self.names = names
        self.seed = seed
        self.history: list[Sequence] = []
        self.lot_used = False
        self._rng: random.Random | None = None

    def record(self, votes: Sequence) -> None:
        """Remember the totals at the end of a stage."""
        self.history.append(tuple(votes))

    def pick(self, tied: Sequence[int], highest: bool) -> tuple[int, str]:
        """Choose one of the tied candidates; return it and a note saying how the tie was broken."""
        group = sorted(tied)
        if len(group) == 1:
            return group[0], ""
        listed = ", ".join(self.names[c] for c in group)
        for stage in range(len(self.history) - 2, -1, -1):
            values = {c: self.history[stage][c] for c in group}
            if len(set(values.values())) > 1:
                best = (max if highest else min)(values.values())
                group = [c for c in group if values[c] == best]
                if len(group) == 1:
                    return group[0], (f"tie between {listed} broken by the votes at stage {stage + 1}: "
                                      f"{self.names[group[0]]}")
        if self._rng is None:
            if self.seed is None:
                self.seed = random.SystemRandom().randrange(2**32)
            self._rng = random.Random(self.seed)
        self.lot_used = True
        chosen = self._rng.choice(group)
        return chosen, f"tie between {listed} broken by lot (seed {self.seed}): {self.names[chosen]}"
