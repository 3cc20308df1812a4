"""Time counting a BLT file as a whole process, ours against pyrankvote, and print a table.

Run from the project root:  .venv/bin/python benchmarks/count.py [--runs N] [--seed N] [--ballots N] [--all-random]

From one seed it writes two elections to BLT files in a temporary directory: 100,000 ballots for 12
candidates and 1 seat, and 100,000 ballots for 30 candidates and 9 seats. Each file is then counted by
three commands, each a fresh process, exactly as a person would run them:

- `python -m tracker.counting FILE --method irv|scottish-stv`
- `flask --app tracker count FILE --method irv|scottish-stv`
- a small script that reads the same file and counts it with pyrankvote's instant_runoff_voting or
  single_transferable_vote.

So every figure includes the interpreter starting, the imports, reading the file and printing. The
commands take turns (A B C A B C ...) after one untimed warm-up each, so that a slow moment of the
machine does not fall on one command only. Ballots are "realistic" by default: candidates have skewed
popularity and each voter ranks 1 to 6 of them, so rankings repeat as in real elections. With
--all-random every voter ranks a random 3 to 12 candidates, so nearly every ballot line is distinct:
the worst case for reading and grouping identical ballots.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.counting import Election, write_blt  # noqa: E402  (after the project root is on the path)

#: Reads a BLT file (weight, preferences, 0; then 0; then the names) and counts it with pyrankvote.
PYRANKVOTE_SCRIPT = '''\
import sys
import pyrankvote
from pyrankvote import Ballot, Candidate

path, method = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as handle:
    lines = [line.split("#")[0].strip() for line in handle]
lines = [line for line in lines if line]
n_candidates, seats = map(int, lines[0].split())
position = 2 if lines[1].startswith("-") else 1
rows = []
while lines[position] != "0":
    numbers = [int(token) for token in lines[position].split()]
    rows.append((numbers[0], numbers[1:-1]))
    position += 1
names = [line.strip('"') for line in lines[position + 1:position + 1 + n_candidates]]
candidates = [Candidate(name) for name in names]
ballots = [Ballot(ranked_candidates=[candidates[c - 1] for c in prefs]) for weight, prefs in rows for _ in range(weight)]
if method == "irv":
    result = pyrankvote.instant_runoff_voting(candidates, ballots)
else:
    result = pyrankvote.single_transferable_vote(candidates, ballots, number_of_seats=seats)
print("Elected: " + ", ".join(candidate.name for candidate in result.get_winners()))
'''


def generate(rng: random.Random, candidates: int, ballots: int, seats: int, realistic: bool = True) -> Election:
    """A seeded election of `ballots` single ballots (see the module's docstring for the two kinds)."""
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


def flask_command() -> list[str]:
    """`flask`, the script installed beside this interpreter (or `python -m flask` without one)."""
    script = Path(sys.executable).with_name("flask")
    return [str(script)] if script.exists() else [sys.executable, "-m", "flask"]


def run_once(command: list[str]) -> tuple[float, str]:
    """Run a command from the project root; return its wall-clock seconds and what it printed."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return seconds, done.stdout


def elected(output: str) -> set[str]:
    """The winners named on the line 'Elected: A, B' that every command prints."""
    line = next(line for line in output.splitlines() if line.startswith("Elected: "))
    return set(line.removeprefix("Elected: ").split(", "))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--all-random", action="store_true", help="nearly every ballot distinct (the worst case)")
    options = parser.parse_args(argv)
    rng = random.Random(options.seed)
    realistic = not options.all_random
    contests = [
        ("irv", generate(rng, 12, options.ballots, 1, realistic)),
        ("scottish-stv", generate(rng, 30, options.ballots, 9, realistic)),
    ]

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "count_with_pyrankvote.py"
        script.write_text(PYRANKVOTE_SCRIPT)
        for method, election in contests:
            path = Path(folder) / f"{method}.blt"
            path.write_text(write_blt(election))
            commands = {
                f"python -m tracker.counting FILE --method {method}": [sys.executable, "-m", "tracker.counting",
                                                                       str(path), "--method", method],
                f"flask --app tracker count FILE --method {method}": [*flask_command(), "--app", "tracker", "count",
                                                                      str(path), "--method", method],
                f"pyrankvote ({'instant_runoff_voting' if method == 'irv' else 'single_transferable_vote'})":
                    [sys.executable, str(script), str(path), method],
            }
            print(f"{election.title}: {len(commands)} commands, 1 warm-up and {options.runs} timed runs each ...",
                  flush=True)
            times: dict[str, list[float]] = {name: [] for name in commands}
            winners: dict[str, set[str]] = {}
            for name, command in commands.items():
                winners[name] = elected(run_once(command)[1])
            for _ in range(options.runs):
                for name, command in commands.items():
                    times[name].append(run_once(command)[0])
            theirs = statistics.median(times[list(commands)[-1]])
            for name in commands:
                median = statistics.median(times[name])
                rows.append((election.title, name, f"{min(times[name]):.3f}", f"{median:.3f}",
                             f"{max(times[name]):.3f}", f"{median / theirs:.2f}",
                             "yes" if winners[name] == winners[list(commands)[-1]] else "no"))

    header = ("election", "command (whole process)", "min (s)", "median (s)", "max (s)", "ours / pyrankvote",
              "same winners")
    table = [header, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    print()
    for index, row in enumerate(table):
        print("  ".join(cell.ljust(width) if i < 2 else cell.rjust(width)
                        for i, (cell, width) in enumerate(zip(row, widths, strict=True))))
        if index == 0:
            print("  ".join("-" * width for width in widths))
    print()
    print(f"Ratios are of medians over {options.runs} runs. Python {sys.version.split()[0]}, "
          f"pyrankvote {version('pyrankvote')}. Winners can differ: pyrankvote's STV uses floating point "
          "and its own surplus rule.")


if __name__ == "__main__":
    main()
