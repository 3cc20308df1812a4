"""Problems found in a definition or import file, each with its place: `file:row: column: message`; the same
problem on many rows is said once, with the rows: `file: column, rows 2–5, 9, 11–40: message`."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tracker.errors import DomainError

#: From how many rows on the same problem is said once, listing the rows.
GROUPED_FROM = 3


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (row and column, when known) and what, in a sentence.

    `general` is the message without what is peculiar to the row (its own value), when it has any: rows whose
    problems share a column and a general message are the same problem."""

    file: str
    row: int | None
    column: str | None
    message: str
    general: str | None = None
    #: The row's own value the message quoted (set with `general`).
    value: str | None = None

    def __str__(self) -> str:
        place = f"{self.file}:{self.row}" if self.row is not None else self.file
        return f"{place}: {self.column}: {self.message}" if self.column else f"{place}: {self.message}"

    @property
    def same(self) -> tuple:
        """What makes two rows' problems the same problem."""
        return self.column, self.general or self.message


def row_ranges(rows: list[int]) -> str:
    """Row numbers as runs: "2–5, 9, 11–40"."""
    ordered = sorted(set(rows))
    runs: list[list[int]] = []
    for row in ordered:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def grouped_lines(problems: list[Problem]) -> list[str]:
    """The problems as lines, in row order, a problem found on GROUPED_FROM rows or more said once at its first
    row: "nominations.csv: nominated_at, rows 2–89: is not a date and time: … (row 2: '8 Jan 2026')"."""
    rows_of: dict[tuple, list[Problem]] = {}
    for problem in problems:
        if problem.row is not None:
            rows_of.setdefault(problem.same, []).append(problem)
    lines, said = [], set()
    for problem in problems:
        group = rows_of.get(problem.same, []) if problem.row is not None else []
        if len({p.row for p in group}) < GROUPED_FROM:
            lines.append(str(problem))
            continue
        if problem.same in said:
            continue
        said.add(problem.same)
        column, message = problem.same
        where = f"{column}, rows {row_ranges([p.row for p in group])}" if column else f"rows {row_ranges([p.row for p in group])}"
        example = f" (row {group[0].row}: {group[0].value!r})" if group[0].value is not None else ""
        lines.append(f"{problem.file}: {where}: {message}{example}")
    return lines


class ImportFailed(Exception):
    """A load or import refused as a whole: nothing was written; every problem is listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(self.lines))

    @property
    def lines(self) -> list[str]:
        """Every problem, a problem repeated on many rows said once with its rows."""
        return grouped_lines(self.problems)


@dataclass
class Problems:
    """Collects the problems of one file."""

    file: str
    found: list[Problem] = field(default_factory=list)
    #: The file's data rows as read (row number -> column -> cell), for saying what each row did.
    rows: dict[int, dict[str, str]] = field(default_factory=dict)

    def add(self, row: int | None, column: str | None, message: str, general: str | None = None,
            value: str | None = None) -> None:
        self.found.append(Problem(self.file, row, column, message, general, value))

    def add_domain_error(self, row: int | None, error: DomainError, columns: dict[str, str] | None = None,
                         default: str | None = None) -> None:
        """An operation's refusal, its fields named as the file's columns (`columns` maps field -> column)."""
        for field_name, message in error.problems:
            self.add(row, (columns or {}).get(field_name, field_name or default) or default, message)

    def raise_if_any(self) -> None:
        """Raise ImportFailed with every problem, in the order of the file's rows."""
        if self.found:
            raise ImportFailed(sorted(self.found, key=lambda problem: problem.row or 0))

    def __bool__(self) -> bool:
        return bool(self.found)

    def __len__(self) -> int:
        return len(self.found)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.found)


@dataclass(frozen=True)
class RowOutcome:
    """What importing one row did: created, updated or unchanged, and the changes recorded for it (each an
    audit event's action, sentence and changed fields), in plain values that outlive the transaction."""

    row: int
    outcome: str
    cells: tuple[tuple[str, str], ...]
    changes: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...] = ()


@dataclass
class Summary:
    """What a load or import did, counted by object or row (and, for an import, row by row)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    election: object = None
    rows: list[RowOutcome] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __str__(self) -> str:
        line = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return line + (f", {self.removed} removed" if self.removed else "")
