"""A declared result's official figures, round by round, and the rules they must obey.

Pure: standard library only. `validate_result` collects every problem as (field, sentence) before
anything is saved; `parse_result_csv` reads `round,candidate,votes[,status]` with every problem
named by row and column. Votes are exact decimals (STV transfers have fractions), never floats.
"""
from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

__all__ = [
    "Round",
    "DeclaredFigures",
    "NON_TRANSFERABLE_NAMES",
    "validate_result",
    "parse_result_csv",
    "parse_votes",
    "votes_text",
    "rounds_to_json",
    "rounds_from_json",
    "spelled_as_on_ballot",
    "first_round_total",
    "shares_of",
    "SHARE_ROUNDING",
]

#: Candidate names that a CSV row may use for the non-transferable votes of a round.
NON_TRANSFERABLE_NAMES = frozenset({"non-transferable", "non_transferable", "nontransferable", "exhausted"})
STATUSES = ("elected", "excluded")
#: The largest figure a declaration may state: what the database's integer columns hold.
MAX_VOTES = 2**31 - 1


@dataclass(frozen=True)
class Round:
    """One round (stage) of the declared count: each candidate's votes, and who it elected or excluded."""

    number: int
    votes: dict[str, Decimal]
    non_transferable: Decimal = Decimal(0)
    elected: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeclaredFigures:
    """Everything an official declaration states."""

    valid_votes: int | None
    rounds: tuple[Round, ...]
    rejected_votes: int = 0
    electorate: int | None = None
    turnout: int | None = None
    #: Problems found while reading the figures (a number that is not one), reported with the rest.
    problems: tuple[tuple[str, str], ...] = field(default=())


def votes_text(value: Decimal | int) -> str:
    """A vote figure as people write it: "1,234" or "1,234.56789"."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}"


#: How shares of the vote are rounded, in words for the pages that show them.
SHARE_ROUNDING = ("Each percentage is a share of the round's valid vote, the non-transferable (exhausted) votes "
                  "included, so a round's percentages add up to 100%. They are rounded to one decimal place by the "
                  "largest remainder: each is first rounded down, then the tenths still missing from 100.0% go, one "
                  "each, to the figures that lost most in rounding.")


def shares_of(values: Sequence[Decimal]) -> list[Decimal]:
    """Each value's share of their total as a percentage to one decimal place, rounded by the largest remainder so
    that the shares add up to exactly 100.0 (all zero when the total is zero). Ties in the remainder go to the
    earlier value."""
    total = sum(values, Decimal(0))
    if total <= 0:
        return [Decimal("0.0") for _ in values]
    exact = [value * 1000 / total for value in values]  # in tenths of a per cent
    tenths = [int(share) for share in exact]  # values are never negative: int() rounds down
    missing = 1000 - sum(tenths)
    by_remainder = sorted(range(len(values)), key=lambda i: (-(exact[i] - tenths[i]), i))
    for i in by_remainder[:missing]:
        tenths[i] += 1
    return [(Decimal(t) / 10).quantize(Decimal("0.1")) for t in tenths]


def parse_votes(text: str) -> Decimal:
    """An exact number of votes from text ("1,234", "12.5"); ValueError if it is not one."""
    cleaned = (text or "").strip().replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if not value.is_finite() or "e" in cleaned.lower():
        raise ValueError(f"{text.strip()!r} is not a number")
    if abs(value) > MAX_VOTES:
        raise ValueError(f"{text.strip()!r} is more than {MAX_VOTES:,} votes")
    return value


def validate_result(figures: DeclaredFigures, ballot: Sequence[str], seats: int) -> list[tuple[str, str]]:
    """Every way the figures break the rules of a declaration, as (field, sentence); empty when sound.

    The rules: at least one round, numbered 1, 2, 3…; candidates are those on the frozen ballot, and
    round 1 gives a figure for each; no negative votes; in every round the candidates' votes plus the
    non-transferable votes are the valid vote; a candidate is elected or excluded at most once, and an
    excluded candidate stays excluded, with no votes in any later round; as many are elected as there
    are seats; valid plus rejected ballots make the turnout, which is no more than the electorate.
    """
    problems: list[tuple[str, str]] = list(figures.problems)
    on_ballot = set(ballot)
    valid = figures.valid_votes

    if valid is None or valid <= 0:
        problems.append(("valid_votes", "The valid vote must be a whole number greater than 0."))
    if figures.rejected_votes is not None and figures.rejected_votes < 0:
        problems.append(("rejected_votes", "Rejected ballots cannot be negative."))
    if figures.electorate is not None and figures.electorate <= 0:
        problems.append(("electorate", "The electorate must be greater than 0."))
    for name, value in (("valid_votes", valid), ("rejected_votes", figures.rejected_votes),
                        ("electorate", figures.electorate), ("turnout", figures.turnout)):
        if value is not None and value > MAX_VOTES:
            problems.append((name, f"{name.replace('_', ' ').capitalize()} cannot exceed {MAX_VOTES:,}."))
    if figures.turnout is not None and valid and valid > 0:
        cast = valid + (figures.rejected_votes or 0)
        if figures.turnout != cast:
            problems.append(("turnout", f"The turnout ({votes_text(figures.turnout)}) must be the valid "
                                        f"({votes_text(valid)}) plus rejected ({votes_text(figures.rejected_votes or 0)}) "
                                        f"ballots, {votes_text(cast)}."))
    if figures.turnout is not None and figures.electorate is not None and figures.turnout > figures.electorate:
        problems.append(("turnout", f"The turnout ({votes_text(figures.turnout)}) cannot exceed the electorate "
                                    f"({votes_text(figures.electorate)})."))

    rounds = sorted(figures.rounds, key=lambda r: r.number)
    if not rounds:
        problems.append(("rounds", "Enter at least one round of votes."))
        return problems
    for expected, round_ in enumerate(rounds, 1):
        if round_.number != expected:
            problems.append(("rounds", f"Rounds must be numbered 1, 2, 3… in order: round {expected} is missing."))
            break

    missing = [name for name in ballot if name not in rounds[0].votes]
    if missing:
        problems.append(("rounds", f"Round {rounds[0].number} gives no votes for {_names(missing)}, "
                                   f"on the frozen ballot."))

    elected_in: dict[str, int] = {}
    excluded_in: dict[str, int] = {}
    for round_ in rounds:
        n = round_.number
        strangers = [name for name in list(round_.votes) + list(round_.elected) + list(round_.excluded)
                     if name not in on_ballot]
        if strangers:
            strangers = list(dict.fromkeys(strangers))
            problems.append(("rounds", f"Round {n} names {_names(strangers)}, not on the frozen ballot."))
        for name, value in round_.votes.items():
            if value < 0:
                problems.append(("rounds", f"Round {n} gives {name} {votes_text(value)} votes; votes cannot be negative."))
        if round_.non_transferable < 0:
            problems.append(("rounds", f"Round {n} has {votes_text(round_.non_transferable)} non-transferable "
                                       f"votes; they cannot be negative."))
        total = sum(round_.votes.values(), Decimal(0))
        if valid and valid > 0 and total + round_.non_transferable != valid:
            problems.append(("rounds", f"In round {n} the candidates' votes ({votes_text(total)}) and the "
                                       f"non-transferable votes ({votes_text(round_.non_transferable)}) add up to "
                                       f"{votes_text(total + round_.non_transferable)}, not the valid vote of "
                                       f"{votes_text(valid)}."))
        for name, value in round_.votes.items():
            if name in excluded_in and value > 0:
                problems.append(("rounds", f"{name} was excluded in round {excluded_in[name]} but has "
                                           f"{votes_text(value)} votes in round {n}; an excluded candidate "
                                           f"stays excluded."))
        for name in round_.elected:
            if name in elected_in:
                problems.append(("rounds", f"{name} is marked elected in rounds {elected_in[name]} and {n}; "
                                           f"a candidate is elected once."))
            elif name in excluded_in:
                problems.append(("rounds", f"{name} was excluded in round {excluded_in[name]} and cannot be "
                                           f"elected in round {n}."))
            else:
                elected_in[name] = n
        for name in round_.excluded:
            if name in excluded_in:
                problems.append(("rounds", f"{name} is marked excluded in rounds {excluded_in[name]} and {n}; "
                                           f"a candidate is excluded once."))
            elif name in elected_in:
                problems.append(("rounds", f"{name} was elected in round {elected_in[name]} and cannot be "
                                           f"excluded in round {n}."))
            else:
                excluded_in[name] = n

    if len(elected_in) != seats:
        marked = len(elected_in)
        problems.append(("rounds", f"{marked} candidate{'' if marked == 1 else 's'} "
                                   f"{'is' if marked == 1 else 'are'} marked elected, but the contest has "
                                   f"{seats} seat{'' if seats == 1 else 's'}."))
    return problems


def first_round_total(rounds: Sequence[Round]) -> int | None:
    """Round 1's votes plus non-transferable, the valid vote when none is given (None if not whole)."""
    if not rounds:
        return None
    first = min(rounds, key=lambda r: r.number)
    total = sum(first.votes.values(), Decimal(0)) + first.non_transferable
    return int(total) if total == total.to_integral_value() else None


def _names(names: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _rows(reader: csv.DictReader, source: str, problems: list[tuple[str, str]]):
    """(row number, row) of the reader's rows from row 2, up to one that cannot be read as CSV, which becomes a
    problem naming its row."""
    for row_number in itertools.count(2):
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(("file", f"{source}, row {row_number}: cannot be read as CSV ({error})."))
            return
        yield row_number, row


def parse_result_csv(text: str, source: str = "CSV") -> tuple[tuple[Round, ...], list[tuple[str, str]]]:
    """Read `round,candidate,votes[,status]` rows into rounds; problems name the file, row and column.

    A row whose candidate is "non-transferable" (or "exhausted") gives that round's non-transferable
    votes. `status` is blank, "elected" or "excluded", on the row of the round that decided it.
    """
    problems: list[tuple[str, str]] = []
    # newline="": a carriage return ends a line as a spreadsheet means it, and inside quotes it stays in the value
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as error:
        return (), [("file", f"{source}, row 1: cannot be read as CSV ({error}).")]
    missing = [name for name in ("round", "candidate", "votes") if name not in header]
    if missing:
        problems.append(("file", f"{source}: the header row must name the columns round, candidate, votes "
                                 f"(and optionally status); missing {', '.join(missing)}."))
        return (), problems
    reader.fieldnames = header
    unknown = [h for h in header if h not in ("round", "candidate", "votes", "status")]
    if unknown:
        problems.append(("file", f"{source}: unknown column {', '.join(unknown)}; the columns are "
                                 f"round, candidate, votes and optionally status."))
    votes: dict[int, dict[str, Decimal]] = {}
    non_transferable: dict[int, Decimal] = {}
    elected: dict[int, list[str]] = {}
    excluded: dict[int, list[str]] = {}
    seen: dict[tuple[int, str], int] = {}
    for row_number, row in _rows(reader, source, problems):
        where = f"{source}, row {row_number}"
        if None in row:
            problems.append(("file", f"{where}: more values than columns."))
            continue
        round_text = (row.get("round") or "").strip()
        name = " ".join((row.get("candidate") or "").split())
        status = (row.get("status") or "").strip().lower()
        try:
            number = int(round_text)
            if number < 1:
                raise ValueError
        except ValueError:
            problems.append(("file", f"{where}, column round: {round_text!r} is not a round number (1, 2, 3…)."))
            continue
        if not name:
            problems.append(("file", f"{where}, column candidate: the candidate's name is missing."))
            continue
        try:
            value = parse_votes(row.get("votes") or "")
        except ValueError as error:
            problems.append(("file", f"{where}, column votes: {error}."))
            continue
        if status and status not in STATUSES:
            problems.append(("file", f"{where}, column status: {status!r} must be blank, elected or excluded."))
            continue
        key = (number, name.casefold())
        if key in seen:
            problems.append(("file", f"{where}: {name} already has a row for round {number} (row {seen[key]})."))
            continue
        seen[key] = row_number
        if name.casefold() in NON_TRANSFERABLE_NAMES:
            if status:
                problems.append(("file", f"{where}, column status: non-transferable votes are not elected or excluded."))
                continue
            non_transferable[number] = value
            continue
        votes.setdefault(number, {})[name] = value
        if status == "elected":
            elected.setdefault(number, []).append(name)
        elif status == "excluded":
            excluded.setdefault(number, []).append(name)
    numbers = sorted(set(votes) | set(non_transferable))
    if not numbers and not problems:
        problems.append(("file", f"{source}: there are no rows of votes."))
    rounds = tuple(
        Round(
            number=n,
            votes=votes.get(n, {}),
            non_transferable=non_transferable.get(n, Decimal(0)),
            elected=tuple(elected.get(n, ())),
            excluded=tuple(excluded.get(n, ())),
        )
        for n in numbers
    )
    return rounds, problems


def _figure(value: Decimal) -> str:
    """An exact decimal as a JSON string without exponent: "1234", "12.5"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def rounds_to_json(rounds: Sequence[Round]) -> list[dict]:
    """Rounds in the stored shape of DeclaredResult.rounds."""
    return [
        {
            "round": r.number,
            "votes": {name: _figure(value) for name, value in r.votes.items()},
            "non_transferable": _figure(r.non_transferable),
            "elected": list(r.elected),
            "excluded": list(r.excluded),
        }
        for r in sorted(rounds, key=lambda r: r.number)
    ]


def rounds_from_json(data: Sequence[dict]) -> tuple[Round, ...]:
    """Stored rounds back to Round values."""
    return tuple(
        Round(
            number=int(r["round"]),
            votes={name: Decimal(value) for name, value in r.get("votes", {}).items()},
            non_transferable=Decimal(r.get("non_transferable", "0")),
            elected=tuple(r.get("elected", ())),
            excluded=tuple(r.get("excluded", ())),
        )
        for r in data
    )


def spelled_as_on_ballot(rounds: Sequence[Round], ballot: Sequence[str]) -> tuple[Round, ...]:
    """The rounds with each name spelled as on the ballot when it matches ignoring case and spacing."""
    canonical = {" ".join(name.split()).casefold(): name for name in ballot}

    def spell(name: str) -> str:
        return canonical.get(" ".join(name.split()).casefold(), name)

    return tuple(
        Round(
            number=r.number,
            votes={spell(name): value for name, value in r.votes.items()},
            non_transferable=r.non_transferable,
            elected=tuple(spell(name) for name in r.elected),
            excluded=tuple(spell(name) for name in r.excluded),
        )
        for r in rounds
    )
