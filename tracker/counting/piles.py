"""Ballot papers in piles, one pile per candidate, as exact fixed-point numbers.

Vote values are integers counting units of 0.00001, the precision of the Scottish Order, so every
sum is exact and truncation to five decimal places is integer floor division. A pile is grouped by
the value its papers carry; a paper is one distinct ranking (with its weight, the number of identical
ballots) and the position of the preference it currently counts for, packed into one integer.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .common import Ballots

PLACES = 5
SCALE = 10**PLACES


def to_decimal(units: int) -> Decimal:
    """Fixed-point units back to a Decimal with five places."""
    return Decimal(units).scaleb(-PLACES)


class Piles:
    """The candidates' piles of papers and their totals, with the one operation STV needs: moving papers on."""

    def __init__(self, ballots: Ballots):
        n = len(ballots.names)
        self.ballots = ballots
        self.rankings = ballots.rankings
        self.weights = ballots.weights
        self.shift = max(n, 1).bit_length()
        self.mask = (1 << self.shift) - 1
        self.continuing = [False] * n
        for c in ballots.standing:
            self.continuing[c] = True
        self.exhausted = 0  # value of papers with no next available preference
        self.loss = 0  # value lost by truncating transfer values
        papers: list[list[int]] = [[] for _ in range(n)]
        first_preferences = [0] * n
        shift = self.shift
        for paper, (ranking, weight) in enumerate(zip(self.rankings, self.weights, strict=True)):
            first = ranking[0]
            papers[first].append(paper << shift)
            first_preferences[first] += weight
        self.votes = [votes * SCALE for votes in first_preferences]
        self.piles: list[dict[int, list[int]]] = [{SCALE: pile} if pile else {} for pile in papers]

    def move(self, candidate: int, value_of: Callable[[int], int]) -> tuple[dict[int, int], int]:
        """Pass every paper in a candidate's pile to its next continuing preference.

        `value_of` maps the value a paper arrived with to the value it carries on. Returns the value
        credited to each receiving candidate and the value of the papers that had nowhere to go.
        The candidate's pile is emptied; their total is left for the caller to set.
        """
        continuing, rankings, weights = self.continuing, self.rankings, self.weights
        shift, mask = self.shift, self.mask
        credited: dict[int, int] = {}
        exhausted = 0
        pile = self.piles[candidate]
        self.piles[candidate] = {}
        for value, papers in pile.items():
            new_value = value_of(value)
            onward: dict[int, list[int]] = {}
            weight_to: dict[int, int] = {}
            weight_nowhere = 0
            for code in papers:
                paper = code >> shift
                ranking = rankings[paper]
                position = (code & mask) + 1
                length = len(ranking)
                while position < length and not continuing[ranking[position]]:
                    position += 1
                if position < length:
                    target = ranking[position]
                    bundle = onward.get(target)
                    if bundle is None:
                        onward[target] = bundle = []
                        weight_to[target] = 0
                    bundle.append((paper << shift) | position)
                    weight_to[target] += weights[paper]
                else:
                    weight_nowhere += weights[paper]
            exhausted += weight_nowhere * new_value
            if new_value == 0:
                continue  # papers worth nothing are not worth carrying
            for target, bundle in onward.items():
                piles = self.piles[target]
                existing = piles.get(new_value)
                if existing is None:
                    piles[new_value] = bundle
                else:
                    existing.extend(bundle)
                credited[target] = credited.get(target, 0) + weight_to[target] * new_value
        for target, amount in credited.items():
            self.votes[target] += amount
        self.exhausted += exhausted
        return credited, exhausted

    def values_in(self, candidate: int) -> list[int]:
        """The distinct values of the papers in a candidate's pile, largest first."""
        return sorted(self.piles[candidate], reverse=True)
