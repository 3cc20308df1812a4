"""Importing a CSV file as one act: every row's change audited by its own operation, and the import as a whole
recorded by one audit event ("248 nominations imported"), which the public feeds show instead of the rows."""
from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from sqlalchemy import text

from tracker.audit.chain import CHAIN_LOCK, seal_now
from tracker.audit.models import AuditEvent
from tracker.audit.operations import record
from tracker.elections.models import Election
from tracker.extensions import db
from tracker.imports.csv_import import IMPORTERS
from tracker.imports.csv_reading import CsvFile, recorded_events
from tracker.imports.problems import Summary
from tracker.vocabulary import AuditAction

#: What one row of each kind of file is, in the singular and the plural.
ROW_NOUNS = {
    "bodies": ("body", "bodies"),
    "candidates": ("candidate", "candidates"),
    "nominations": ("nomination", "nominations"),
    "suspensions": ("suspension", "suspensions"),
}


def file_bytes(source) -> bytes:
    """The bytes of a file to import: a CsvFile's, or those at a path."""
    return (source if isinstance(source, CsvFile) else Path(source)).read_bytes()


def import_summary(kind: str, summary: Summary) -> str:
    """The import's one sentence: "248 nominations imported", or that it changed nothing."""
    singular, plural = ROW_NOUNS[kind]
    changed = summary.created + summary.updated
    if not changed:
        return f"A {kind} file changed nothing ({summary.unchanged} {singular if summary.unchanged == 1 else plural} already as recorded)"
    return f"{changed} {singular if changed == 1 else plural} imported"


def run_import(election: Election, kind: str, source) -> Summary:
    """Import a bodies, candidates, nominations or suspensions file into an election, all of it or none
    (ImportFailed), and record the import as one audit event.

    The rows' events are written in one transaction, which holds the audit chain (tracker.audit.chain), so they
    are the events numbered from the first to the last the import event names; the public feeds fold them
    into it."""
    hold_the_audit_chain()
    seal_now(db.session)  # the rows' events get their ids as they are written: the import event names them
    with recorded_events() as events:
        summary = IMPORTERS[kind](election, source)
    db.session.flush()
    record_import(election, kind, source, summary, events)
    return summary


def hold_the_audit_chain() -> None:
    """On PostgreSQL, take the audit chain's lock (held to the end of the transaction) before the import reads the
    facts it compares its rows with: no other writer can change them between the reading and the writing, and
    the rows' events are numbered one after another. (SQLite lets one writer at a time anyway.)"""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})


def record_import(election: Election, kind: str, source, summary: Summary, events: list[AuditEvent]) -> AuditEvent:
    """The one audit event of an import: its counts, the file's name and hash, and the events its rows wrote."""
    public = [e for e in events if e.public]
    by_contest = Counter(e.contest_id for e in public)
    contest_id = next(iter(by_contest)) if len(by_contest) == 1 else None
    after = {
        "kind": kind,
        "file": Path(str(source)).name,
        "sha256": hashlib.sha256(file_bytes(source)).hexdigest(),
        "rows": len(summary.rows),
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        #: The first and last ids of the events the rows wrote (none when nothing changed).
        "events": [min(e.id for e in events), max(e.id for e in events)] if events else None,
        #: How many of them are public, by contest id ("" for none).
        "public": {str(key or ""): count for key, count in by_contest.items()},
    }
    return record(AuditAction.ELECTION_IMPORT, election, after=after, summary=import_summary(kind, summary),
                  public=bool(public), election_id=election.id, contest_id=contest_id)
