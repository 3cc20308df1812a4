"""Time our counts against pyrankvote on the same seeded 100,000-ballot elections, and print a table.

Run from the project root:  PYTHONPATH=. .venv/bin/python benchmarks/count.py [--seed N]

From one seed it generates 30 candidates for 9 seats (counted by our Scottish STV and by pyrankvote's
single_transferable_vote) and 8 candidates for 1 seat (our IRV and pyrankvote's instant_runoff_voting),
twice: "realistic", where voters rank a few candidates, popular ones more often, so rankings repeat as
in real elections; and "all random", where nearly every ranking is distinct, the worst case for us.
Only the count is timed; building pyrankvote's Ballot objects is reported separately. Our count is
given the 100,000 ballots one by one and groups identical rankings itself, inside the timing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from importlib.metadata import version

import pyrankvote
from pyrankvote import Ballot, Candidate

from tracker.counting import Election, count


def generate(rng: random.Random, candidates: int, ballots: int, seats: int, realistic: bool = True) -> Election:
    """A seeded election of `ballots` single ballots.

    Realistic: candidates have skewed popularity and each voter ranks 1 to 6 of them, so rankings
    repeat. Otherwise every voter ranks a uniformly random 3 to 12 (at most all), so nearly every
    ranking is distinct and grouping identical ballots cannot help.
    """
    names = tuple(f"Candidate {i + 1:02d}" for i in range(candidates))
    popularity = [rng.paretovariate(1.2) for _ in range(candidates)]
    rows = []
    for _ in range(ballots):
        if not realistic:
            order = list(range(candidates))
            rng.shuffle(order)
            rows.append((1, tuple(order[:min(candidates, rng.randint(3, 12))])))
            continue
        length = min(candidates, 1 + min(int(rng.expovariate(0.6)), 5))
        pool = list(range(candidates))
        weights = list(popularity)
        ranking = []
        for _ in range(length):
            (pick,) = rng.choices(range(len(pool)), weights=weights)
            ranking.append(pool.pop(pick))
            weights.pop(pick)
        rows.append((1, tuple(ranking)))
    kind = "realistic" if realistic else "all random"
    return Election(title=f"{ballots:,} ballots, {candidates} candidates, {seats} seat{'s' if seats > 1 else ''}, {kind}",
                    seats=seats, candidates=names, ballots=tuple(rows))


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - start


def run(election: Election, ours: str, theirs) -> dict:
    """Count one election both ways; return timings and winners."""
    result, ours_seconds = timed(count, election, ours)
    (candidates, ballots), build_seconds = timed(to_pyrankvote, election)
    outcome, theirs_seconds = timed(theirs, candidates, ballots, election.seats)
    their_winners = {candidate.name for candidate in outcome.get_winners()}
    return {
        "election": election.title,
        "distinct": len({ranking for _, ranking in election.ballots}),
        "ours_method": ours,
        "theirs_method": theirs.__name__,
        "ours": ours_seconds,
        "build": build_seconds,
        "theirs": theirs_seconds,
        "stages": len(result.stages),
        "same": set(result.elected) == their_winners,
    }


def to_pyrankvote(election: Election):
    candidates = [Candidate(name) for name in election.candidates]
    ballots = [Ballot(ranked_candidates=[candidates[c] for c in ranking])
               for weight, ranking in election.ballots for _ in range(weight)]
    return candidates, ballots


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--ballots", type=int, default=100_000)
    options = parser.parse_args(argv)
    rng = random.Random(options.seed)

    print(f"Generating four elections of {options.ballots:,} ballots (seed {options.seed}) ...", flush=True)
    rows = []
    for realistic in (True, False):
        multi = generate(rng, 30, options.ballots, 9, realistic)
        single = generate(rng, 8, options.ballots, 1, realistic)
        rows.append(run(multi, "scottish-stv", pyrankvote.single_transferable_vote))
        rows.append(run(single, "irv", pyrankvote.instant_runoff_voting))

    header = ("election", "distinct", "ours", "ours (s)", "pyrankvote", "pyrankvote (s)", "ours/pyrankvote",
              "same winners")
    table = [header] + [
        (r["election"], f"{r['distinct']:,}", r["ours_method"], f"{r['ours']:.3f}", r["theirs_method"],
         f"{r['theirs']:.3f}", f"{r['ours'] / r['theirs']:.4f}", "yes" if r["same"] else "no")
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    print()
    for index, row in enumerate(table):
        print("  ".join(cell.ljust(width) if i in (0, 2, 4) else cell.rjust(width)
                        for i, (cell, width) in enumerate(zip(row, widths, strict=True))))
        if index == 0:
            print("  ".join("-" * width for width in widths))
    print()
    for r in rows:
        print(f"{r['election']}: our count took {r['stages']} stages; building pyrankvote's "
              f"Ballot objects took a further {r['build']:.3f} s (not timed above).")
    print(f"Python {sys.version.split()[0]}, pyrankvote {version('pyrankvote')}. "
          "Winners can differ: pyrankvote's STV uses floating point and its own surplus rule.")


if __name__ == "__main__":
    main()
