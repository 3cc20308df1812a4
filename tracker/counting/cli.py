"""Counting a BLT file from the command line, with no app and no database.

`count_file` is the one implementation of the `count` command: it reads the file, counts and formats.
`main` is `python -m tracker.counting` (argparse, to start quickly); tracker.counting.command is the
same command for `flask --app tracker count` (click). Both take the options and help of `OPTIONS`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .blt import read_blt
from .common import METHODS
from .count import count_as_asked
from .errors import BltError, CountError
from .report import format_table, to_json

__all__ = ["DESCRIPTION", "OPTIONS", "CountFailed", "count_file", "main"]

DESCRIPTION = "Count the ballots of a BLT file and print the stage table (or JSON)."

#: Each option's help, in the order both commands list them.
OPTIONS = {
    "--method": "How to count.",
    "--seats": "Seats to fill (default: the file's).",
    "--min-women": "Seats that must go to women.",
    "--woman": "A woman standing, by name or candidate number in the file (repeatable); needed with --min-women.",
    "--seed": "Seed for ties broken by lot (recorded in the report).",
    "--json": "Print DESIGN.md's count JSON instead of the stage table.",
}


class CountFailed(Exception):
    """A count that could not be made: the lines to print on standard error before exiting with status 1."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def count_file(path: str, method: str, seats: int | None = None, min_women: int = 0, women: Sequence[str] = (),
               seed: int | None = None, as_json: bool = False) -> str:
    """Read and count a BLT file; return the stage table (or the count JSON) as the text to print.

    A file that cannot be read or counted raises CountFailed, each line naming the file
    (`FILE, line N: message.` for a malformed one).
    """
    try:
        with open(path, encoding="utf-8-sig") as handle:
            election = read_blt(handle.read())
    except UnicodeDecodeError:
        raise CountFailed([f"{path}: not UTF-8 text."]) from None
    except BltError as error:
        raise CountFailed([f"{path}, line {error.line}: {error.message}."]) from None
    except OSError as error:
        raise CountFailed([f"{path}: {error.strerror or error}."]) from None
    try:
        result, _ = count_as_asked(election, method, seats, min_women, tuple(women), seed)
    except CountError as error:
        hint = ["Name each woman standing with --woman NAME."] if min_women and not women else []
        raise CountFailed([f"{path}: {error}", *hint]) from None
    return to_json(result) + "\n" if as_json else format_table(result)


def _whole_number(minimum: int | None = None):
    """An argparse type: a whole number, of at least `minimum` if one is given."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a valid integer") from None
        if minimum is not None and value < minimum:
            raise argparse.ArgumentTypeError(f"{value} is not in the range x>={minimum}")
        return value

    return convert


def parser() -> argparse.ArgumentParser:
    """The command line of `python -m tracker.counting`: the options of `flask --app tracker count`."""
    parser = argparse.ArgumentParser(prog="python -m tracker.counting", description=DESCRIPTION)
    parser.add_argument("file", metavar="FILE", help="The BLT file.")
    parser.add_argument("--method", choices=METHODS, required=True, help=OPTIONS["--method"])
    parser.add_argument("--seats", type=_whole_number(1), default=None, metavar="INTEGER", help=OPTIONS["--seats"])
    parser.add_argument("--min-women", type=_whole_number(0), default=0, metavar="INTEGER",
                        help=OPTIONS["--min-women"])
    parser.add_argument("--woman", dest="women", action="append", default=[], metavar="TEXT",
                        help=OPTIONS["--woman"])
    parser.add_argument("--seed", type=_whole_number(), default=None, metavar="INTEGER", help=OPTIONS["--seed"])
    parser.add_argument("--json", dest="as_json", action="store_true", help=OPTIONS["--json"])
    return parser


def _file_problem(path: str) -> str | None:
    """Why FILE cannot be counted at all (a usage error, as for the flask command), or None."""
    if not os.path.exists(path):
        return f"File {path!r} does not exist."
    if os.path.isdir(path):
        return f"File {path!r} is a directory."
    if not os.access(path, os.R_OK):
        return f"File {path!r} is not readable."
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run `python -m tracker.counting`; return the exit status (0, 1 for a failed count, 2 for usage)."""
    command = parser()
    options = command.parse_args(argv)
    problem = _file_problem(options.file)
    if problem:
        command.error(f"argument FILE: {problem}")
    try:
        text = count_file(options.file, options.method, options.seats, options.min_women, options.women,
                          options.seed, options.as_json)
    except CountFailed as failure:
        for line in failure.lines:
            print(line, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Aborted!", file=sys.stderr)
        return 1
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the flush at exit is quiet
        return 1
    return 0
