"""Reading the CSV import files: their columns, every row's cells checked with a sentence naming the row and
column, and writing all of a file or none of it."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import event

from tracker.audit.models import AuditEvent
from tracker.elections.models import Election
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.imports.problems import Problems, RowOutcome, Summary
from tracker.times import BadTime, parse_moment, zone
from tracker.types import MAX_INTEGER


@dataclass(frozen=True)
class Format:
    """The columns of one kind of import file."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    #: Optional columns of the rules beyond the basic routes (docs/formats.md): accepted, not listed in messages.
    rules: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional

    @property
    def accepted(self) -> tuple[str, ...]:
        return self.columns + self.rules


BODIES = Format(("code", "name", "kind"), ("region", "is_union", "members"), ("group", "person"))
CANDIDATES = Format(("contest", "name"), ("woman", "withdrawn_at"), ("incumbent", "body", "consented_at"))
NOMINATIONS = Format(("contest", "candidate", "body", "nominated_at"), ("status",), ("withdrawn_at",))
SUSPENSIONS = Format(("person", "starts_at"), ("ends_at", "reason"))


# --- Reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvFile:
    """A file's name and bytes, when it was uploaded rather than read from a path; importers take either."""

    name: str
    data: bytes

    def read_bytes(self) -> bytes:
        return self.data

    def __str__(self) -> str:
        return self.name


#: Separators a spreadsheet may have used instead of commas, as a problem names them.
OTHER_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def other_separator(text: str, fmt: Format) -> str | None:
    """The name of the separator the file uses instead of commas ("semicolons"), when its header row, split by
    it, names every required column and, split by commas, does not."""
    first = text.split("\n", 1)[0]
    by_commas = {name.strip().lower() for name in next(csv.reader([first]), [])}
    if set(fmt.required) <= by_commas:
        return None
    for separator, words in OTHER_SEPARATORS.items():
        names = {name.strip().lower() for name in next(csv.reader([first], delimiter=separator), [])}
        if set(fmt.required) <= names:
            return words
    return None


def read_rows(path, fmt: Format, problems: Problems) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a CSV file (a path or a CsvFile) with their line numbers, once its encoding, separator
    and header are right."""
    try:
        data = (path if isinstance(path, CsvFile) else Path(path)).read_bytes()
    except OSError as error:
        problems.add(None, None, f"cannot be read: {error.strerror or error}")
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(None, None, f"is not UTF-8 text (the first character that is not is on row {line}); "
                                 "save it as UTF-8 (\"CSV UTF-8\" in a spreadsheet) and import it again")
        return []
    separator = other_separator(text, fmt)
    if separator:
        problems.add(None, None, f"this file is separated by {separator}; use commas (in a spreadsheet, save it as "
                                 "\"CSV UTF-8 (comma delimited)\") and import it again")
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        problems.add(1, None, f"cannot be read as CSV: {error}")
        return []
    if not header or not any(name.strip() for name in header):
        problems.add(1, None, f"has no header row; the first row must name the columns: {', '.join(fmt.columns)}")
        return []
    names = [name.strip().lower() for name in header]
    for name in fmt.required:
        if name not in names:
            problems.add(1, name, "this column is missing")
    for index, name in enumerate(names):
        if name not in fmt.accepted:
            problems.add(1, name or f"column {index + 1}", f"is not a column of this file; the columns are {', '.join(fmt.columns)}")
        elif names.index(name) != index:
            problems.add(1, name, "this column is named twice")
    if problems:
        return []
    rows = []
    line = 1
    while True:
        start = line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.add(start, None, f"cannot be read as CSV: {error}")
            break
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        extra = values[len(names):]
        if any(value.strip() for value in extra):
            problems.add(start, None, f"has {len(values)} values, but the header names {len(names)} columns")
            continue
        rows.append((start, {name: value.strip() for name, value in zip(names, values, strict=False)}))
    problems.rows.update(rows)
    return rows


class Cells:
    """The cells of one row, read as the column's type; a cell that is not right is noted as a problem."""

    def __init__(self, problems: Problems, row: int, values: dict[str, str], zone: ZoneInfo):
        self.problems, self.row, self.values, self.zone = problems, row, values, zone
        self.ok = True

    def problem(self, column: str, message: str) -> None:
        """Note a problem with a cell; a message that begins with the cell's own value quoted is the same problem
        as on other rows whatever the value (so that one said on many rows is said once)."""
        self.ok = False
        value = self.values.get(column)
        quoted = f"{value!r} "
        if value and message.startswith(quoted):
            self.problems.add(self.row, column, message, general=message[len(quoted):], value=value)
        else:
            self.problems.add(self.row, column, message)

    def given(self, column: str) -> bool:
        return bool(self.values.get(column))

    def text(self, column: str, max_length: int = 200, required: bool = True) -> str | None:
        value = " ".join(self.values.get(column, "").split())
        if not value:
            if required:
                self.problem(column, "is empty")
            return None
        if len(value) > max_length:
            self.problem(column, f"is longer than {max_length} characters")
            return None
        return value

    def choice(self, column: str, options: tuple[str, ...], default: str | None = None) -> str | None:
        value = self.values.get(column, "").lower()
        if not value:
            if default is None:
                self.problem(column, "is empty")
            return default
        if value not in options:
            self.problem(column, f"{self.values[column]!r} is not one of {', '.join(options)}")
            return None
        return value

    def yes_no(self, column: str) -> bool | None:
        """yes or no; blank when not stated (None)."""
        value = self.values.get(column, "").lower()
        if not value:
            return None
        if value not in ("yes", "no"):
            self.problem(column, f"{self.values[column]!r} is not yes or no")
            return None
        return value == "yes"

    def whole_number(self, column: str) -> int | None:
        value = self.values.get(column, "").replace(",", "").replace("_", "")
        if not value:
            return None
        if not value.isdecimal():  # isdigit() would pass "²", which int() refuses
            self.problem(column, f"{self.values[column]!r} is not a whole number (0 or more)")
            return None
        if int(value) > MAX_INTEGER:
            self.problem(column, f"{self.values[column]!r} is more than {MAX_INTEGER:,}")
            return None
        return int(value)

    def moment(self, column: str, required: bool = True) -> datetime | None:
        """A date and time (or a date) as tracker.times reads it; without an offset, local to the election's zone."""
        value = self.values.get(column, "")
        if not value:
            if required:
                self.problem(column, "is empty")
            return None
        try:
            return parse_moment(value, self.zone, date_alone=True)
        except BadTime as error:
            self.problem(column, str(error))
            return None


@contextmanager
def all_or_nothing(problems: Problems) -> Iterator[None]:
    """Write inside a savepoint; if any problem was found, undo it all and raise ImportFailed."""
    transaction = db.session.begin_nested()
    try:
        yield
    except BaseException:
        transaction.rollback()
        raise
    if problems:
        transaction.rollback()
        problems.raise_if_any()
    transaction.commit()


@contextmanager
def recorded_events() -> Iterator[list[AuditEvent]]:
    """The audit events added to the session inside the block, in the order they were added."""
    added: list[AuditEvent] = []
    session = db.session()

    def note(session_, instance) -> None:
        if isinstance(instance, AuditEvent):
            added.append(instance)

    event.listen(session, "transient_to_pending", note)
    try:
        yield added
    finally:
        event.remove(session, "transient_to_pending", note)


def _text(value) -> str:
    return "" if value is None else str(value)


def change_lines(events: list[AuditEvent]) -> tuple:
    """What audit events recorded, as plain values: each one's action, sentence and changed fields (ids left out,
    since a created object's id is not known before it is written)."""
    changes = []
    for audited in events:
        before, after = audited.before or {}, audited.after or {}
        fields = tuple(
            (name, _text(before.get(name)), _text(after.get(name)))
            for name in after
            if audited.before is not None and before.get(name) != after.get(name)
            and name != "id" and not name.endswith("_id")
        )
        changes.append((audited.action, audited.summary or audited.action, fields))
    return tuple(changes)


def apply_rows(problems: Problems, rows, apply: Callable, columns: dict[str, str], default_column: str | None) -> Summary:
    """Apply each checked row, noting an operation's refusal against the row, and what each row did."""
    summary = Summary()
    for row, item in rows:
        try:
            with recorded_events() as events:
                outcome = apply(item)
        except DomainError as error:
            problems.add_domain_error(row, error, columns, default_column)
            continue
        summary.count(outcome)
        cells = tuple(problems.rows.get(row, {}).items())
        summary.rows.append(RowOutcome(row, outcome, cells, change_lines(events)))
    summary.rows.sort(key=lambda done: done.row)
    return summary


def repeated(problems: Problems, seen: dict, key, row: int, column: str, what: str) -> bool:
    """Whether `key` was given on an earlier row (a problem on this one); else remember this row for it."""
    if key in seen:
        problems.add(row, column, f"repeats {what} given on row {seen[key]}")
        return True
    seen[key] = row
    return False


def election_zone(election: Election) -> ZoneInfo:
    """The zone an election's local times are read in."""
    return zone(election.timezone)
