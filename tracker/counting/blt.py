"""Read and write ballots in the BLT format used by OpenSTV, eSTV, droop and Scottish councils.

The format, line by line::

    7 4                 number of candidates, number of seats
    -2 -5               optional: withdrawn candidates, as negative numbers
    12 1 3 2 0          a ballot: weight, preferences (candidate numbers from 1), then 0
    0                   the end of the ballots
    "Ann Smith"         one quoted name per candidate, in candidate-number order
    "Ward 1"            the title of the election

Anything after ``#`` (outside quotes) is a comment. Candidates are numbered from 1 in the file and
from 0 in :class:`Election`. Equal rankings (``=``) and skipped preferences (``-``) are not supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import BltError

__all__ = ["Election", "read_blt", "write_blt"]


@dataclass(frozen=True)
class Election:
    """Ballots for one contest: candidate indexes are 0-based positions in `candidates`."""

    title: str
    seats: int
    candidates: tuple[str, ...]
    ballots: tuple[tuple[int, tuple[int, ...]], ...]
    withdrawn: frozenset[int] = field(default_factory=frozenset)


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_UNESCAPE = re.compile(r"\\(.)")


def _strip_comment(line: str) -> str:
    """Drop a `#` comment that is not inside a quoted string."""
    in_quotes = escaped = False
    for i, ch in enumerate(line):
        if escaped:
            escaped = False
        elif ch == "\\" and in_quotes:
            escaped = True
        elif ch == '"':
            in_quotes = not in_quotes
        elif ch == "#" and not in_quotes:
            return line[:i]
    return line


def _int(token: str, line: int, what: str) -> int:
    """Parse a whole number or raise a BltError that says which field was wrong."""
    if token in ("=", "-"):
        kind = "equal rankings ('=')" if token == "=" else "skipped preferences ('-')"
        raise BltError(line, f"{kind} are not supported")
    try:
        return int(token)
    except ValueError:
        raise BltError(line, f"{what} {token!r} is not a number") from None


def _content(raw: str) -> str:
    """A line without its comment and the whitespace around it ("" for a blank or comment-only line)."""
    return (_strip_comment(raw) if "#" in raw else raw).strip()


def _next_content(lines: list[str], index: int) -> int:
    """The index of the first line at or after `index` that is not blank (len(lines) if none is)."""
    while index < len(lines) and not _content(lines[index]):
        index += 1
    return index


def _last_content_number(lines: list[str]) -> int:
    """The 1-based number of the last line that is not blank (1 for a blank file)."""
    for index in range(len(lines) - 1, -1, -1):
        if _content(lines[index]):
            return index + 1
    return 1


_END = object()  # the line "0" that ends the ballots


def _checked_ballot(content: str, number: int, n_candidates: int):
    """Read a line of the ballots field by field: (weight, preferences), _END for the line '0', or a
    BltError for the first thing wrong with it."""
    if content.startswith('"'):
        raise BltError(number, "missing the line '0' that ends the ballots (found a name)")
    tokens = content.split()
    if tokens[0].startswith("(") and tokens[0].endswith(")"):
        tokens = tokens[1:]  # an optional ballot identifier, e.g. "(17)"
        if not tokens:
            raise BltError(number, "a ballot identifier with no ballot after it")
    if tokens == ["0"]:
        return _END
    weight = _int(tokens[0], number, "ballot weight")
    if weight < 1:
        raise BltError(number, f"ballot weight must be a positive whole number, not {weight}")
    if tokens[-1] != "0" or len(tokens) < 2:
        _int(tokens[-1], number, "preference")
        raise BltError(number, "missing terminator 0 at the end of the ballot")
    prefs: list[int] = []
    for token in tokens[1:-1]:
        choice = _candidate(token, number, n_candidates)
        if choice in prefs:
            raise BltError(number, f"duplicate preference: candidate {choice + 1} appears twice in this ballot")
        prefs.append(choice)
    return weight, tuple(prefs)


def _candidate(token: str, line: int, n_candidates: int) -> int:
    """A candidate number from the file (1-based) as an index (0-based), or a BltError."""
    value = _int(token, line, "preference")
    if not 1 <= value <= n_candidates:
        raise BltError(line, f"unknown candidate number {value} (candidates are 1 to {n_candidates})")
    return value - 1


def read_blt(text: str) -> Election:
    """Parse a BLT file; raise BltError (with the line number) on anything malformed.

    Identical ballot lines, common in real files, are read once: each later copy is a dictionary
    look-up, and all copies share one (weight, preferences) tuple.
    """
    if "\x00" in text:  # a binary file, and PostgreSQL cannot store the text to show it again
        raise BltError(text[: text.index("\x00")].count("\n") + 1, "a NUL character: this is not a text file")
    lines = text.splitlines()
    total = len(lines)
    index = _next_content(lines, 0)
    if index == total:
        raise BltError(1, "the file is empty: expected 'candidates seats' on the first line")

    number, parts = index + 1, _content(lines[index]).split()
    if len(parts) != 2:
        raise BltError(number, "the first line must be two numbers: candidates and seats")
    n_candidates = _int(parts[0], number, "number of candidates")
    seats = _int(parts[1], number, "number of seats")
    if n_candidates < 1:
        raise BltError(number, "there must be at least one candidate")
    if seats < 1:
        raise BltError(number, "there must be at least one seat")
    index = _next_content(lines, index + 1)

    withdrawn: set[int] = set()
    if index < total and _content(lines[index]).startswith("-"):
        number = index + 1
        for token in _content(lines[index]).split():
            value = _int(token, number, "withdrawn candidate")
            if value >= 0:
                raise BltError(number, f"withdrawn candidates are written as negative numbers, not {value}")
            withdrawn.add(_candidate(str(-value), number, n_candidates))
        index += 1

    index_of = {str(candidate + 1): candidate for candidate in range(n_candidates)}  # "1" -> 0, ...
    # Each distinct line is read once, in order of first appearance, up to the first that ends the
    # ballots (or is wrong); every ballot line is then a look-up of what its text was read as.
    read: dict[str, tuple[int, tuple[int, ...]] | None] = dict.fromkeys(lines[index:])
    end = None
    for line in read:
        tokens = line.split()
        if len(tokens) >= 2 and tokens[-1] == "0":  # the common case, "weight prefs... 0", in one pass
            try:
                weight = int(tokens[0])
                ranking = tuple([index_of[token] for token in tokens[1:-1]])
            except (KeyError, ValueError):  # a comment, an identifier, a mistake: read field by field
                pass
            else:
                if weight >= 1 and len(set(ranking)) == len(ranking):
                    read[line] = weight, ranking
                    continue
        content = _content(line)
        if not content:
            continue  # a blank line stays None
        try:
            ballot = _checked_ballot(content, 0, n_candidates)
        except BltError as error:
            raise BltError(lines.index(line, index) + 1, error.message) from None
        if ballot is _END:
            end = lines.index(line, index)
            break
        read[line] = ballot
    if end is None:
        raise BltError(_last_content_number(lines), "missing the line '0' that ends the ballots")
    ballots = tuple(filter(None, map(read.__getitem__, lines[index:end])))
    index = end + 1

    strings: list[tuple[int, str]] = []
    for number in range(index + 1, total + 1):
        content = _content(lines[number - 1])
        if not content:
            continue
        found = _QUOTED.findall(content)
        leftover = _QUOTED.sub("", content).strip()
        if leftover:
            raise BltError(number, f"expected a quoted name, found {leftover!r}")
        strings.extend((number, _UNESCAPE.sub(r"\1", value)) for value in found)
    if len(strings) < n_candidates:
        at = strings[-1][0] if strings else _last_content_number(lines)
        raise BltError(at, f"too few names: {n_candidates} candidates but {len(strings)} quoted names")
    if len(strings) > n_candidates + 1:
        raise BltError(strings[n_candidates + 1][0], "unexpected text after the title")
    names = tuple(value for _, value in strings[:n_candidates])
    title = strings[n_candidates][1] if len(strings) > n_candidates else ""
    return Election(title=title, seats=seats, candidates=names, ballots=ballots,
                    withdrawn=frozenset(withdrawn))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_blt(election: Election) -> str:
    """Render an Election as BLT text that read_blt reads back to an equal Election."""
    out = [f"{len(election.candidates)} {election.seats}"]
    if election.withdrawn:
        out.append(" ".join(f"-{index + 1}" for index in sorted(election.withdrawn)))
    for weight, prefs in election.ballots:
        out.append(" ".join([str(weight), *(str(index + 1) for index in prefs), "0"]))
    out.append("0")
    out.extend(_quote(name) for name in election.candidates)
    out.append(_quote(election.title))
    return "\n".join(out) + "\n"
