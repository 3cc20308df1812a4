"""The audit trail as one hash chain: each event is sealed with the hash of the event before it and its own
hash as it is written, and the chain can be walked to find the first event that no longer fits.

Writers take turns: on PostgreSQL a transaction-long advisory lock is taken before the last event is read, so
two transactions never link to the same event; SQLite lets one writer at a time anyway.
"""
from __future__ import annotations

from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import event, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from tracker.audit.hashing import GENESIS, HASHED_FIELDS, event_hash
from tracker.audit.models import AuditEvent
from tracker.times import iso_text
from tracker.types import utcnow

#: The PostgreSQL advisory lock held by a transaction that writes audit events, until it ends.
CHAIN_LOCK = 0x41756469745472  # "AuditTr"

_events = AuditEvent.__table__
#: The fields a writer gives; the chain adds id, previous_hash and hash.
_GIVEN = tuple(name for name in HASHED_FIELDS if name not in ("id", "previous_hash"))


def _head(connection: Connection) -> tuple[int, str]:
    """Take the chain's lock (PostgreSQL), then read the last event's id and hash (0 and GENESIS when empty)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    last = connection.execute(select(_events.c.id, _events.c.hash).order_by(_events.c.id.desc()).limit(1)).first()
    return (last.id, last.hash) if last else (0, GENESIS)


def _next_id(connection: Connection, last_id: int) -> int:
    """The id of the next event: after the last one, from the table's sequence where there is one."""
    if connection.dialect.name == "postgresql":
        return connection.scalar(text("SELECT nextval(pg_get_serial_sequence('audit_event', 'id'))"))
    return last_id + 1


def seal(connection: Connection, rows: Sequence[MutableMapping]) -> Sequence[MutableMapping]:
    """Give new events (their fields, in the order written) an id, the previous event's hash and their own hash.

    On PostgreSQL this holds the chain's lock until the transaction ends, so no other writer can link to the
    same event; the rows must be inserted in the same transaction."""
    last_id, last_hash = _head(connection)
    for row in rows:
        for name in _GIVEN:
            row.setdefault(name, None)
        row["id"] = _next_id(connection, last_id)
        row["previous_hash"] = last_hash
        row["hash"] = event_hash(row)
        last_id, last_hash = row["id"], row["hash"]
    return rows


@event.listens_for(Session, "before_flush")
def _seal_new_events(session: Session, flush_context, instances) -> None:
    """Seal every audit event about to be inserted, in the order they were added to the session."""
    new = sorted((obj for obj in session.new if isinstance(obj, AuditEvent)), key=lambda obj: inspect(obj).insert_order)
    if not new:
        return
    for obj in new:
        _apply_defaults(obj)
    rows = seal(session.connection(), [{name: getattr(obj, name) for name in _GIVEN} for obj in new])
    for obj, row in zip(new, rows, strict=True):
        obj.id, obj.previous_hash, obj.hash = row["id"], row["previous_hash"], row["hash"]


def _apply_defaults(obj: AuditEvent) -> None:
    """Fill the columns' defaults now rather than at the INSERT, so that the hash covers what is stored."""
    if obj.at is None:
        obj.at = utcnow()
    for column in _events.columns:
        if column.default is not None and column.default.is_scalar and getattr(obj, column.key) is None:
            setattr(obj, column.key, column.default.arg)


# --- walking the chain -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Misfit:
    """An event that does not fit the chain, and how."""

    id: int
    at: datetime
    action: str
    #: What is wrong, as the end of a sentence: "its content was changed after it was written".
    how: str

    def sentence(self) -> str:
        return f"Audit event #{self.id} ({self.action}, at {iso_text(self.at)}) does not fit the chain: {self.how}."


@dataclass
class Verification:
    """The outcome of walking the chain: how many events, which do not fit, and the last event's id and hash."""

    checked: int = 0
    misfits: list[Misfit] = field(default_factory=list)
    last_id: int | None = None
    last_hash: str | None = None

    @property
    def whole(self) -> bool:
        return not self.misfits


def _misfit_how(row, before: tuple[int, str] | None) -> str | None:
    """Why this stored event does not follow the event stored before it (None when it does)."""
    expected = before[1] if before else GENESIS
    if event_hash(row._mapping) != row.hash:
        if row.previous_hash != expected and event_hash({**row._mapping, "previous_hash": expected}) == row.hash:
            return "its link was changed: it names a previous hash that is not the one it was sealed with"
        return "its content was changed after it was written (its hash no longer matches what it says)"
    if row.previous_hash == expected:
        return None
    if before is None:
        return "the events before it are missing (it was not the first event written)"
    if row.id - before[0] > 1:
        return (f"an event is missing between #{before[0]} and #{row.id} "
                f"(or #{before[0]} was rewritten with a new hash)")
    return f"its link was changed: #{before[0]} was rewritten with a new hash after #{row.id} was written"


def walk(rows: Iterable) -> Verification:
    """Check stored events in id order: each must hash to its own hash and name the hash of the one before.

    After a misfit the walk carries on from what is stored, so one changed event is reported once."""
    outcome = Verification()
    before: tuple[int, str] | None = None
    for row in rows:
        outcome.checked += 1
        how = _misfit_how(row, before)
        if how:
            outcome.misfits.append(Misfit(row.id, row.at, row.action, how))
        before = (row.id, row.hash)
    if before:
        outcome.last_id, outcome.last_hash = before
    return outcome


def verify(connection: Connection) -> Verification:
    """Walk the whole stored chain, reading it in batches."""
    query = select(*(_events.c[name] for name in (*HASHED_FIELDS, "hash"))).order_by(_events.c.id)
    return walk(connection.execution_options(yield_per=1000).execute(query))
