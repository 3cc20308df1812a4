"""STV by the Scottish Local Government Elections Order 2007 (SSI 2007/42), schedule 1, rules 45-52.

- Quota (46): floor(valid papers / (seats + 1)) + 1. A candidate whose votes reach it is elected (47).
- Surplus (48): every paper the elected candidate holds passes to its next available preference at
  transfer value = surplus x value of the paper / the candidate's total, to five decimal places with
  any remainder ignored (the weighted inclusive Gregory method); the candidate keeps the quota.
- Order (49): one surplus per stage, the largest first, and surpluses before any exclusion.
- Exclusion (50): with no surplus to transfer, the candidate with the fewest votes is excluded and
  every paper passes on at the value it carried.
- Ties (49(2), 51(2)): the most recent earlier stage at which the tied candidates had unequal votes
  decides (highest for a surplus, lowest for exclusion); equal at every stage, by lot.
- Last vacancies (52): when the continuing candidates are as many as the vacancies they are elected
  and no further transfer is made.

Candidates reaching the quota at the same stage are elected in order of their votes. Fractions lost
by truncation are kept as a separate figure (Stage.loss) and included in non_transferable, so every
stage adds up to the valid vote. With a minimum number of women (see common.WomenRule), once the
seats left equal the women still needed, all men still in the count are excluded in one stage.
"""

from __future__ import annotations

from decimal import Decimal

from .common import Ballots, TieBreaker, WomenRule
from .piles import SCALE, Piles, to_decimal
from .report import CountResult, Stage, figure

__all__ = ["count_scottish_stv"]


class PileCount:
    """A count that moves papers between piles stage by stage; subclasses say when candidates are elected."""

    method = "scottish-stv"

    def __init__(self, ballots: Ballots, seats: int, women: WomenRule, ties: TieBreaker):
        self.ballots = ballots
        self.names = ballots.names
        self.seats = seats
        self.women = women
        self.ties = ties
        self.piles = Piles(ballots)
        self.elected: list[int] = []
        self.pending: list[int] = []  # elected candidates whose surplus is still to be transferred
        self.stages: list[Stage] = []
        self.notes: list[str] = []
        self.finished = False

    # -- the stages -------------------------------------------------------------------------------

    def run(self) -> CountResult:
        """Count to the end and return the result."""
        self.finish_stage("First preferences", excluded=(), notes=[])
        while not self.finished:
            continuing = self.continuing()
            if self.women.binding(self.elected, continuing):
                men = [c for c in continuing if c not in self.women.women]
                self.exclude(men, "Men excluded to reserve seats for women")
            elif self.pending:
                self.transfer_surplus()
            else:
                self.exclude_lowest()
        return self.result()

    def continuing(self) -> list[int]:
        return [c for c in self.ballots.standing if self.piles.continuing[c]]

    def transfer_surplus(self) -> None:
        """Rule 48/49: transfer the largest surplus."""
        votes = self.piles.votes
        top = max(votes[c] for c in self.pending)
        candidate, tie_note = self.ties.pick([c for c in self.pending if votes[c] == top], highest=True)
        self.pending.remove(candidate)
        total = votes[candidate]
        surplus = total - self.quota_units()
        values = {value: surplus * value // total for value in self.piles.values_in(candidate)}
        credited, exhausted = self.piles.move(candidate, values.__getitem__)
        votes[candidate] = total - surplus
        self.piles.loss += surplus - sum(credited.values()) - exhausted
        parts = [f"surplus {figure(to_decimal(surplus))}"]
        parts.append("transfer value " + "; ".join(
            f"{figure(to_decimal(new))}" + (f" for papers worth {figure(to_decimal(old))}" if len(values) > 1 else "")
            for old, new in values.items()))
        self.finish_stage(f"Surplus of {self.names[candidate]} transferred", excluded=(),
                          notes=[", ".join(parts), tie_note])

    def exclude_lowest(self) -> None:
        """Rule 50/51: exclude the continuing candidate with the fewest votes."""
        votes = self.piles.votes
        candidates = self.women.excludable(self.continuing(), self.elected)
        low = min(votes[c] for c in candidates)
        candidate, tie_note = self.ties.pick([c for c in candidates if votes[c] == low], highest=False)
        self.exclude([candidate], f"Exclusion of {self.names[candidate]}", tie_note)

    def exclude(self, candidates: list[int], action: str, tie_note: str = "") -> None:
        """Exclude candidates together and pass their papers on at the values they carry."""
        for c in candidates:
            self.piles.continuing[c] = False
        for c in candidates:
            self.piles.move(c, lambda value: value)
            self.piles.votes[c] = 0
        self.finish_stage(action, excluded=tuple(candidates), notes=[tie_note])

    # -- the end of a stage -----------------------------------------------------------------------

    def quota_units(self) -> int:
        return (self.ballots.valid // (self.seats + 1) + 1) * SCALE

    def finish_stage(self, action: str, excluded: tuple[int, ...], notes: list[str]) -> None:
        """Record the stage's totals, then elect whoever the rules now elect."""
        self.ties.record(self.piles.votes)
        newly_elected: list[int] = []
        notes = [note for note in notes if note]
        self.elect_reaching_quota(newly_elected, notes)
        if len(self.elected) >= self.seats:
            self.finished = True
        elif not self.women.binding(self.elected, self.continuing()):
            self.fill_last_vacancies(newly_elected, notes)
        votes = self.piles.votes
        self.stages.append(Stage(
            number=len(self.stages) + 1,
            action=action,
            votes={self.names[c]: to_decimal(votes[c]) for c in self.ballots.standing},
            non_transferable=to_decimal(self.piles.exhausted + self.piles.loss),
            elected=tuple(self.names[c] for c in newly_elected),
            excluded=tuple(self.names[c] for c in excluded),
            note="; ".join(notes),
            loss=to_decimal(self.piles.loss),
        ))

    def elect(self, candidate: int, newly_elected: list[int]) -> None:
        self.piles.continuing[candidate] = False
        self.elected.append(candidate)
        newly_elected.append(candidate)

    def in_order_of_votes(self, candidates: list[int], notes: list[str]) -> list[int]:
        """Candidates sorted by votes, highest first, ties broken by the tie rule."""
        votes = self.piles.votes
        remaining, ordered = list(candidates), []
        while remaining:
            top = max(votes[c] for c in remaining)
            chosen, note = self.ties.pick([c for c in remaining if votes[c] == top], highest=True)
            if note:
                notes.append(note)
            ordered.append(chosen)
            remaining.remove(chosen)
        return ordered

    def elect_reaching_quota(self, newly_elected: list[int], notes: list[str]) -> None:
        """Rule 47: continuing candidates at or over the quota are elected, highest first."""
        quota = self.quota_units()
        reached = [c for c in self.continuing() if self.piles.votes[c] >= quota]
        for candidate in self.in_order_of_votes(reached, notes):
            if len(self.elected) >= self.seats:
                break
            if not self.women.may_elect(candidate, self.elected):
                notes.append(f"{self.names[candidate]} reached the quota but the remaining seats are reserved for women")
                continue
            self.elect(candidate, newly_elected)
            if self.piles.votes[candidate] > quota:
                self.pending.append(candidate)

    def fill_last_vacancies(self, newly_elected: list[int], notes: list[str]) -> None:
        """Rule 52: as many continuing candidates as vacancies are all elected, with no further transfer."""
        continuing = self.continuing()
        vacancies = self.seats - len(self.elected)
        if len(continuing) > vacancies:
            return
        ordered = self.in_order_of_votes(continuing, notes)
        for candidate in ordered:
            self.elect(candidate, newly_elected)
        if ordered:
            notes.append(", ".join(self.names[c] for c in ordered)
                         + " elected: continuing candidates equal the vacancies left")
        if len(self.elected) < self.seats:
            self.notes.append(f"{self.seats - len(self.elected)} seat(s) left unfilled: no candidates remain")
        self.finished = True

    def result(self) -> CountResult:
        return CountResult(
            method=self.method,
            seats=self.seats,
            quota=to_decimal(self.quota_units()),
            elected=tuple(self.names[c] for c in self.elected),
            stages=tuple(self.stages),
            seed=self.ties.seed,
            valid_votes=Decimal(self.ballots.valid),
            notes=tuple(self.notes),
        )


def count_scottish_stv(ballots: Ballots, seats: int, women: WomenRule, ties: TieBreaker) -> CountResult:
    """Count grouped ballots by the Scottish STV rules."""
    return PileCount(ballots, seats, women, ties).run()
