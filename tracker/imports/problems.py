"""Problems found in a definition or import file, each with its place: `file:row: column: message`."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tracker.errors import DomainError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (row and column, when known) and what, in a sentence."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.row}" if self.row is not None else self.file
        return f"{place}: {self.column}: {self.message}" if self.column else f"{place}: {self.message}"


class ImportFailed(Exception):
    """A load or import refused as a whole: nothing was written; every problem is listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    @property
    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]


@dataclass
class Problems:
    """Collects the problems of one file."""

    file: str
    found: list[Problem] = field(default_factory=list)

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.found.append(Problem(self.file, row, column, message))

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


@dataclass
class Summary:
    """What a load or import did, counted by object or row."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    election: object = None

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __str__(self) -> str:
        line = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return line + (f", {self.removed} removed" if self.removed else "")
