"""Export every table of the schema to one JSON file, and restore such a file into an empty database.

Driven by the metadata (`db.metadata.sorted_tables`), so a table added later is exported and restored with the
rest. The file names its format version and the schema's Alembic revision; rows keep their ids, times are ISO
8601 with their offset and JSON columns stay JSON.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Table, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from tracker.errors import DomainError
from tracker.extensions import db
from tracker.times import BadTime, iso_text, parse_moment
from tracker.types import utcnow

#: What the file says it is, and the version of its layout this code writes and reads.
FORMAT = "nominations-tracker-export"
FORMAT_VERSION = 1
#: Rows inserted per statement when restoring.
BATCH = 1000
#: Problems with a file's rows reported at most (the first ones; nothing is written anyway).
MOST_PROBLEMS = 20

UPGRADE = "flask --app tracker db upgrade"


# --- columns as JSON -----------------------------------------------------------------------------------------


def _same(value: Any) -> Any:
    return value


def _stored_type(column):
    """The column's type as the database stores it (a TypeDecorator's underlying type)."""
    return getattr(column.type, "impl_instance", column.type)


def _column_codec(column) -> tuple[Callable[[Any], Any], str, Callable[[Any], bool] | None]:
    """How a column's values are written to the file, the words for its kind, and a check of a value read back
    (None where any JSON value will do)."""
    kind = _stored_type(column)
    if isinstance(kind, DateTime):
        return iso_text, "a date and time with its offset", lambda value: isinstance(value, str)
    if isinstance(kind, Boolean):
        return _same, "true or false", lambda value: isinstance(value, bool)
    if isinstance(kind, Integer):
        return _same, "a whole number", lambda value: isinstance(value, int) and not isinstance(value, bool)
    if isinstance(kind, String):
        return _same, "text", lambda value: isinstance(value, str)
    if isinstance(kind, JSON):
        return _same, "JSON", None
    raise TypeError(f"{column.table.name}.{column.name}: the export does not know how to write {kind!r}; "
                    "teach tracker/backup/operations.py")


def tables() -> list[Table]:
    """Every table of the schema, parents before children; each column's codec is checked on the way."""
    found = list(db.metadata.sorted_tables)
    for table in found:
        for column in table.columns:
            _column_codec(column)
    return found


# --- the schema's revision -----------------------------------------------------------------------------------


def schema_revision(connection: Connection) -> str | None:
    """The Alembic revision the database is at (None when it has no schema yet)."""
    return MigrationContext.configure(connection).get_current_revision()


def _revisions() -> list[str]:
    """This tracker's migrations, oldest first: the last is the schema its code reads and writes."""
    script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    return [revision.revision for revision in script.walk_revisions()][::-1]


def database_problem(ours: str | None, then: str) -> str | None:
    """Why this database cannot be exported or restored into by this version of the tracker (None when it can):
    its schema must be the one the code knows, the latest migration."""
    if ours is None:
        return f"This database has no schema yet: run `{UPGRADE}` first, then {then}."
    latest = _revisions()[-1]
    if ours != latest:
        return (f"This database is at schema revision {ours}, and this version of the tracker at {latest}: "
                f"run `{UPGRADE}` first, then {then}.")
    return None


def file_problem(path: Path, theirs: Any) -> str | None:
    """Why a file written at schema revision `theirs` cannot be restored by this version of the tracker."""
    known = _revisions()
    if theirs == known[-1]:
        return None
    if theirs not in known:
        return (f"{path.name} was written at schema revision {theirs!r}, which this version of the tracker does not "
                f"know: restore it with the version of the tracker that wrote it.")
    return (f"{path.name} was written at schema revision {theirs}, older than this version of the tracker's "
            f"{known[-1]}: restore it with the version of the tracker that wrote it, into an empty database at that "
            f"revision (`{UPGRADE} {theirs}`), then run `{UPGRADE}` there with this version.")


# --- export --------------------------------------------------------------------------------------------------


def _rows(connection: Connection, table: Table) -> Iterator[dict]:
    codecs = [(column.name, _column_codec(column)[0]) for column in table.columns]
    query = select(table).order_by(*table.primary_key.columns)
    for row in connection.execution_options(yield_per=BATCH).execute(query):
        yield {name: None if value is None else encode(value)
               for (name, encode), value in zip(codecs, row, strict=True)}


def _write(connection: Connection, file, revision: str) -> dict[str, int]:
    """Write the document to an open text file, table by table and row by row; the rows of each table counted."""
    header = {"format": FORMAT, "format_version": FORMAT_VERSION, "alembic_revision": revision,
              "exported_at": iso_text(utcnow()), "database": connection.dialect.name}
    file.write(json.dumps(header, indent=1)[:-2] + ',\n "tables": {')
    counts: dict[str, int] = {}
    for number, table in enumerate(tables()):
        file.write(("," if number else "") + f"\n  {json.dumps(table.name)}: [")
        counts[table.name] = 0
        for row in _rows(connection, table):
            file.write(("," if counts[table.name] else "") + "\n   " + json.dumps(row, ensure_ascii=False))
            counts[table.name] += 1
        file.write("\n  ]" if counts[table.name] else "]")
    file.write("\n },\n \"rows\": " + json.dumps(counts) + "\n}\n")
    return counts


def export_to(path: Path) -> tuple[str, dict[str, int]]:
    """Write every row of every table to `path` (a temporary file beside it, renamed when complete) from one
    consistent reading of the database; the schema's revision and each table's count of rows."""
    path = Path(path)
    connection_options = {}
    if db.engine.dialect.name == "postgresql":  # one snapshot for every table, as pg_dump takes
        connection_options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with db.engine.connect() as connection:
        connection = connection.execution_options(**connection_options)
        with connection.begin():
            revision = schema_revision(connection)
            problem = database_problem(revision, "export")
            if problem:
                raise DomainError(problem)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    counts = _write(connection, file, revision)
                    file.flush()
                    os.fsync(file.fileno())
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
    return revision, counts


# --- restore -------------------------------------------------------------------------------------------------


def _read(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
    except UnicodeDecodeError as error:
        raise DomainError(f"{path.name} is not UTF-8 text ({error.reason} at byte {error.start}).") from None
    except json.JSONDecodeError as error:
        raise DomainError(f"{path.name} is not JSON (line {error.lineno}, column {error.colno}: {error.msg}).") \
            from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DomainError(f"{path.name} is not an export of the Nominations Tracker "
                          "(made by `flask --app tracker export`).")
    return document


def _check_document(path: Path, document: dict, connection: Connection) -> dict[str, list]:
    """The file's tables, once its version, revision and tables fit this database; refused otherwise."""
    version = document.get("format_version")
    if version != FORMAT_VERSION:
        raise DomainError(f"{path.name} is in export format version {version!r}; this version of the tracker reads "
                          f"version {FORMAT_VERSION}: restore it with the version of the tracker that wrote it.")
    problem = database_problem(schema_revision(connection), "restore") or file_problem(
        path, document.get("alembic_revision"))
    if problem:
        raise DomainError(problem)
    found = document.get("tables")
    if not isinstance(found, dict) or not all(isinstance(rows, list) for rows in found.values()):
        raise DomainError(f"{path.name} has no list of rows for each table.")
    names = [table.name for table in tables()]
    unknown, missing = sorted(set(found) - set(names)), [name for name in names if name not in found]
    if unknown or missing:
        raise DomainError(
            f"{path.name} does not hold this schema's tables"
            + (f"; tables this database does not have: {', '.join(unknown)}" if unknown else "")
            + (f"; tables missing from the file: {', '.join(missing)}" if missing else "") + ".")
    return found


def _check_empty(connection: Connection) -> None:
    counts = {table.name: connection.scalar(select(func.count()).select_from(table)) for table in tables()}
    full = [f"{name}: {count:,} rows" if count != 1 else f"{name}: 1 row" for name, count in counts.items() if count]
    if full:
        raise DomainError(
            f"This database is not empty ({'; '.join(full[:5])}{'; …' if len(full) > 5 else ''}). A restore goes "
            f"only into an empty database: make a new one, run `{UPGRADE}` in it, and restore there.")


def _decoded(table: Table, rows: list, problems: list[str]) -> list[dict]:
    """The file's rows of one table as values to insert; what does not fit the column goes into `problems`."""
    columns = {column.name: (column, _column_codec(column)) for column in table.columns}
    out = []
    for number, row in enumerate(rows, start=1):
        where = f"{table.name}, row {number}"
        if not isinstance(row, dict):
            problems.append(f"{where}: not an object of column values")
            continue
        if set(row) != set(columns):
            odd = sorted(set(row) - set(columns))
            lacking = sorted(set(columns) - set(row))
            problems.append(f"{where}: " + "; ".join(
                ([f"columns this table does not have: {', '.join(odd)}"] if odd else [])
                + ([f"missing columns: {', '.join(lacking)}"] if lacking else [])))
            continue
        values = {}
        for name, (column, (_, words, fits)) in columns.items():
            value = row[name]
            if value is None:
                if not column.nullable:
                    problems.append(f"{where}: {name} is empty, and must be {words}")
            elif fits is not None and not fits(value):
                problems.append(f"{where}: {name} is {json.dumps(value)[:40]}, and must be {words}")
            elif isinstance(_stored_type(column), DateTime):
                try:
                    value = parse_moment(value, "UTC")
                except BadTime as error:
                    problems.append(f"{where}: {name}: {error}")
            values[column.key] = value
        out.append(values)
    return out


def _first_line(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0]


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: each table's id sequence continues after the largest id restored."""
    quote = connection.dialect.identifier_preparer
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        name, key = quote.format_table(table), quote.quote(keys[0].name)
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX({key}), 0) + 1, false) "
                 f"FROM {name}"),
            {"table": name, "column": keys[0].name},
        )


def restore_from(path: Path) -> dict[str, int]:
    """Write every row of an export into this empty database in the current transaction, with the same ids;
    each table's count of rows. Refused, with nothing written, unless the file's format version and schema
    revision are this database's, the database is empty and every row fits its columns."""
    path = Path(path)
    document = _read(path)
    connection = db.session.connection()
    found = _check_document(path, document, connection)
    _check_empty(connection)
    problems: list[str] = []
    decoded = {table.name: _decoded(table, found[table.name], problems) for table in tables()}
    if problems:
        more = len(problems) - MOST_PROBLEMS
        raise DomainError([("", f"{path.name}: {problem}") for problem in problems[:MOST_PROBLEMS]]
                          + ([("", f"… and {more:,} more problems; nothing was restored.")] if more > 0 else []))
    for table in tables():
        rows = decoded[table.name]
        for start in range(0, len(rows), BATCH):
            try:
                connection.execute(table.insert(), rows[start:start + BATCH])
            except DBAPIError as error:
                raise DomainError(f"Nothing was restored: the rows of {table.name} do not fit the database "
                                  f"({_first_line(error)}).") from None
    if connection.dialect.name == "postgresql":
        try:
            _reset_sequences(connection)
        except DBAPIError as error:
            raise DomainError(f"Nothing was restored: the tables' id sequences could not be moved on "
                              f"({_first_line(error)}); restore as the role that owns the tables.") from None
    return {table.name: len(decoded[table.name]) for table in tables()}
