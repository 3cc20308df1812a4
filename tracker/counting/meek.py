"""Meek STV (Hill, Wichmann and Woodall, 1987), as counted in New Zealand and by OpenSTV and droop.

Every candidate has a keep value: 1 while hopeful, 0 once excluded, and for an elected candidate the
fraction of each vote reaching them that they keep. A ballot of weight w gives each preference in
turn `remaining x keep` and passes the rest on; what is left after the last preference is exhausted.
The quota is recomputed on every pass as the votes held by candidates / (seats + 1), truncated to
nine decimal places, plus 0.000000001. Elected candidates' keep values are then scaled by
quota / votes (rounded up at nine places) and the ballots distributed again, until the elected
candidates' total surplus is below 0.00001 or a hopeful reaches the quota. A hopeful at or above the
quota is elected; with no surplus left to share, the hopeful with the fewest votes is excluded (ties
as in the Scottish Order: earlier stages, then lot). When the hopefuls are as many as the seats left,
they are elected.

Arithmetic is Decimal in a fixed context (50 significant digits) with every product quantized to
nine places, rounding down for votes and up for keep values; the report shows five places, rounded
down, and counts what the rounding removes as non-transferable.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_UP, Context, Decimal, localcontext

from .common import Ballots, TieBreaker, WomenRule
from .report import CountResult, Stage

__all__ = ["count_meek"]

NINE_PLACES = Decimal("0.000000001")
FIVE_PLACES = Decimal("0.00001")
TOLERANCE = Decimal("0.00001")
MAX_ITERATIONS = 10_000
ZERO, ONE = Decimal(0), Decimal(1)


class MeekCount:
    """The state of a Meek count: keep values, the latest distribution, and the stages so far."""

    def __init__(self, ballots: Ballots, seats: int, women: WomenRule, ties: TieBreaker):
        self.ballots = ballots
        self.names = ballots.names
        self.seats = seats
        self.women = women
        self.ties = ties
        self.keep = [ZERO] * len(self.names)
        for c in ballots.standing:
            self.keep[c] = ONE
        self.hopeful = set(ballots.standing)
        self.elected: list[int] = []
        self.votes = [ZERO] * len(self.names)
        self.exhausted = ZERO
        self.quota = ZERO
        self.stages: list[Stage] = []
        self.finished = False
        self.ballot_weights = [Decimal(w) for w in ballots.weights]
        self.stalled = False

    def run(self) -> CountResult:
        """Count to the end and return the result."""
        self.distribute()
        self.finish_stage("First preferences", (), [])
        while not self.finished:
            hopeful = sorted(self.hopeful)
            if self.women.binding(self.elected, hopeful):
                men = [c for c in hopeful if c not in self.women.women]
                for c in men:
                    self.drop(c)
                notes = [self.converge()]
                self.finish_stage("Men excluded to reserve seats for women", tuple(men), notes)
            elif self.total_surplus() >= TOLERANCE and not self.stalled:
                notes = [self.converge()]
                self.finish_stage("Surpluses transferred", (), notes)
            else:
                candidates = self.women.excludable(hopeful, self.elected)
                low = min(self.votes[c] for c in candidates)
                loser, tie_note = self.ties.pick([c for c in candidates if self.votes[c] == low], highest=False)
                self.drop(loser)
                notes = [tie_note, self.converge()]
                self.finish_stage(f"Exclusion of {self.names[loser]}", (loser,), notes)
        return self.result()

    # -- arithmetic -------------------------------------------------------------------------------

    def distribute(self) -> None:
        """Share every ballot among its preferences by the current keep values; recompute the quota."""
        with localcontext(Context(prec=50)):
            keep = self.keep
            votes = [ZERO] * len(self.names)
            exhausted = ZERO
            for ranking, weight in zip(self.ballots.rankings, self.ballot_weights, strict=True):
                remaining = weight
                for c in ranking:
                    k = keep[c]
                    if k == ONE:
                        votes[c] += remaining
                        remaining = ZERO
                        break
                    if k:
                        share = (remaining * k).quantize(NINE_PLACES, rounding=ROUND_DOWN)
                        votes[c] += share
                        remaining -= share
                exhausted += remaining
            self.votes = votes
            self.exhausted = exhausted
            held = sum(votes, ZERO)
            self.quota = (held / (self.seats + 1)).quantize(NINE_PLACES, rounding=ROUND_DOWN) + NINE_PLACES

    def total_surplus(self) -> Decimal:
        return sum((max(ZERO, self.votes[c] - self.quota) for c in self.elected), ZERO)

    def converge(self) -> str:
        """Rescale keep values and redistribute until the surplus is below tolerance or a hopeful is elected.

        If rounding stops the surplus from shrinking, the count is treated as converged (`stalled`).
        """
        iterations = 0
        previous: Decimal | None = None
        self.stalled = False
        with localcontext(Context(prec=50)):
            while True:
                self.distribute()
                if any(self.votes[c] >= self.quota for c in self.hopeful):
                    break
                surplus = self.total_surplus()
                if surplus < TOLERANCE:
                    break
                if (previous is not None and surplus >= previous) or iterations >= MAX_ITERATIONS:
                    self.stalled = True
                    break
                previous = surplus
                for c in self.elected:
                    scaled = (self.keep[c] * self.quota / self.votes[c]).quantize(NINE_PLACES, rounding=ROUND_UP)
                    self.keep[c] = min(ONE, scaled)
                iterations += 1
        return f"{iterations} iteration{'s' if iterations != 1 else ''}, quota {self.quota}"

    def drop(self, candidate: int) -> None:
        """Exclude a hopeful: their keep value becomes 0."""
        self.keep[candidate] = ZERO
        self.hopeful.discard(candidate)

    # -- the end of a stage -----------------------------------------------------------------------

    def in_order_of_votes(self, candidates: list[int], notes: list[str]) -> list[int]:
        remaining, ordered = list(candidates), []
        while remaining:
            top = max(self.votes[c] for c in remaining)
            chosen, note = self.ties.pick([c for c in remaining if self.votes[c] == top], highest=True)
            if note:
                notes.append(note)
            ordered.append(chosen)
            remaining.remove(chosen)
        return ordered

    def elect(self, candidate: int, newly_elected: list[int]) -> None:
        self.hopeful.discard(candidate)
        self.elected.append(candidate)
        newly_elected.append(candidate)

    def finish_stage(self, action: str, excluded: tuple[int, ...], notes: list[str]) -> None:
        """Record the stage, elect hopefuls at the quota, and fill the last seats when the rules say so."""
        self.ties.record(self.votes)
        notes = [note for note in notes if note]
        newly_elected: list[int] = []
        reached = [c for c in self.hopeful if self.votes[c] >= self.quota]
        for candidate in self.in_order_of_votes(reached, notes):
            if len(self.elected) >= self.seats:
                break
            if not self.women.may_elect(candidate, self.elected):
                notes.append(f"{self.names[candidate]} reached the quota but the remaining seats are reserved for women")
                continue
            self.elect(candidate, newly_elected)
        vacancies = self.seats - len(self.elected)
        if vacancies <= 0:
            self.finished = True
        elif not self.women.binding(self.elected, sorted(self.hopeful)) and len(self.hopeful) <= vacancies:
            ordered = self.in_order_of_votes(sorted(self.hopeful), notes)
            for candidate in ordered:
                self.elect(candidate, newly_elected)
            if ordered:
                notes.append(", ".join(self.names[c] for c in ordered)
                             + " elected: hopeful candidates equal the seats left")
            self.finished = True
        shown = {self.names[c]: self.votes[c].quantize(FIVE_PLACES, rounding=ROUND_DOWN) for c in self.ballots.standing}
        non_transferable = Decimal(self.ballots.valid) - sum(shown.values(), ZERO)
        self.stages.append(Stage(
            number=len(self.stages) + 1,
            action=action,
            votes=shown,
            non_transferable=non_transferable,
            elected=tuple(self.names[c] for c in newly_elected),
            excluded=tuple(self.names[c] for c in excluded),
            note="; ".join(notes),
            loss=non_transferable - self.exhausted.quantize(FIVE_PLACES, rounding=ROUND_DOWN),
        ))

    def result(self) -> CountResult:
        return CountResult(
            method="meek",
            seats=self.seats,
            quota=self.quota.quantize(FIVE_PLACES, rounding=ROUND_DOWN),
            elected=tuple(self.names[c] for c in self.elected),
            stages=tuple(self.stages),
            seed=self.ties.seed,
            valid_votes=Decimal(self.ballots.valid),
            notes=(f"{self.seats - len(self.elected)} seat(s) left unfilled",) if len(self.elected) < self.seats else (),
        )


def count_meek(ballots: Ballots, seats: int, women: WomenRule, ties: TieBreaker) -> CountResult:
    """Count grouped ballots by Meek STV."""
    return MeekCount(ballots, seats, women, ties).run()
