"""The audit trail as one hash chain: each event is sealed with the hash of the event before it and its own
hash as it is written, and the chain can be walked to find the first event that no longer fits.

Writers take turns: on PostgreSQL a transaction-long advisory lock is taken before the last event is read, so
two transactions never link to the same event; SQLite lets one writer at a time anyway. Events are sealed as
their transaction commits, so that the lock is held for the least time.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import event, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.sql.util import find_tables

from tracker.audit.hashing import GENESIS, HASHED_FIELDS, canonical_parts, event_hash
from tracker.audit.models import AuditEvent
from tracker.times import iso_text
from tracker.types import utcnow

#: The PostgreSQL advisory lock held by a transaction that writes audit events, until it ends.
CHAIN_LOCK = 0x41756469745472  # "AuditTr"

_events = AuditEvent.__table__
#: The fields a writer gives; the chain adds id, previous_hash and hash.
_GIVEN = tuple(name for name in HASHED_FIELDS if name not in ("id", "previous_hash"))

#: PostgreSQL: take the chain's lock, then (in a statement of its own, so seeing every event committed before the
#: lock was granted) read the last event and draw the new events' ids: one round trip instead of three, since
#: every other writer waits for as long as the lock is held (migration 0010 creates the function).
CLAIM = text("SELECT last_id, last_hash, ids FROM audit_chain_claim(:wanted)")


def _claim(connection: Connection, wanted: int) -> tuple[int, str, list[int]]:
    """Take the chain's lock (PostgreSQL), then the last event's id and hash (0 and GENESIS when empty) and the
    ids of the next `wanted` events, in chain order."""
    if connection.dialect.name == "postgresql":
        last = connection.execute(CLAIM, {"wanted": wanted}).one()
        return (last.last_id or 0, last.last_hash or GENESIS, list(last.ids))
    last = connection.execute(select(_events.c.id, _events.c.hash).order_by(_events.c.id.desc()).limit(1)).first()
    last_id, last_hash = (last.id, last.hash) if last else (0, GENESIS)
    return last_id, last_hash, list(range(last_id + 1, last_id + 1 + wanted))


def seal(connection: Connection, rows: Sequence[MutableMapping]) -> Sequence[MutableMapping]:
    """Give new events (their fields, in the order written) an id, the previous event's hash and their own hash.

    On PostgreSQL this holds the chain's lock until the transaction ends, so no other writer can link to the
    same event; the rows must be inserted in the same transaction."""
    if not rows:
        return rows
    _, last_hash, ids = _claim(connection, len(rows))
    for row, ident in zip(rows, ids, strict=True):
        for name in _GIVEN:
            row.setdefault(name, None)
        row["id"] = ident
        row["previous_hash"] = last_hash
        row["hash"] = event_hash(row)
        last_hash = row["hash"]
    return rows


# --- sealing as the transaction commits ----------------------------------------------------------------------
#
# Sealing takes the chain's lock, and every other writer waits until this transaction ends. So events are held
# back from the session's flushes until the transaction commits: then they are sealed and inserted in the
# commit's own flush, and the lock is held for that INSERT and the COMMIT only, not for the rest of the request.
# An event held back in a savepoint that is rolled back is dropped with it. A query of the audit trail in the
# same transaction first seals what is held, so that it sees every event recorded so far.

#: session.info keys: events held back as (event, the innermost transaction it was added in); whether this
#: transaction seals each event as it is flushed (committing, or already holding the lock); and whether it has
#: stored sealed events without a flush (PostgreSQL's audit_chain_append), for those watching the trail's writes.
HELD = "tracker.audit.held"
SEALING = "tracker.audit.sealing"
SEALED = "tracker.audit.sealed"

#: PostgreSQL: take the chain's lock, read the last event, and seal and insert the new events, in one statement
#: (migration 0010). Each event is given as its canonical form cut around its id and previous hash
#: (hashing.canonical_parts), which the function fills in before hashing, and its columns.
APPEND = text("SELECT id, previous_hash, hash FROM audit_chain_append(CAST(:events AS json))")


def append(connection: Connection, rows: Sequence[MutableMapping]) -> list[dict]:
    """PostgreSQL: seal and insert new events (their fields, in the order written) in one round trip; their ids,
    previous hashes and hashes, as seal() would have given them."""
    events = []
    for row in rows:
        head, middle, tail = canonical_parts({**row, "id": 0, "previous_hash": ""})
        events.append({
            **{name: row[name] for name in _GIVEN if name not in ("at", "before", "after")},
            "at": row["at"].astimezone(UTC).isoformat(),
            "before": None if row["before"] is None else json.dumps(row["before"]),
            "after": None if row["after"] is None else json.dumps(row["after"]),
            "head": head, "middle": middle, "tail": tail,
        })
    found = connection.execute(APPEND, {"events": json.dumps(events, ensure_ascii=False)}).all()
    return [dict(row._mapping) for row in found]


@event.listens_for(Session, "before_flush")
def _hold_or_seal_new_events(session: Session, flush_context, instances) -> None:
    """Hold back the audit events about to be inserted, or seal them while committing."""
    new = sorted((obj for obj in session.new if isinstance(obj, AuditEvent)), key=lambda obj: inspect(obj).insert_order)
    if not new:
        return
    if not session.info.get(SEALING):
        held = session.info.setdefault(HELD, [])
        innermost = session.get_nested_transaction() or session.get_transaction()
        for obj in new:
            session.expunge(obj)
            held.append((obj, innermost))
        return
    for obj in new:
        _apply_defaults(obj)
    rows = seal(session.connection(), [{name: getattr(obj, name) for name in _GIVEN} for obj in new])
    for obj, row in zip(new, rows, strict=True):
        obj.id, obj.previous_hash, obj.hash = row["id"], row["previous_hash"], row["hash"]


def _seal_held(session: Session) -> None:
    """From now until the transaction ends, seal events as they are flushed, starting with those held back
    (on PostgreSQL sealed and inserted by one statement, which then holds the chain's lock until the COMMIT).
    Events recorded but not yet flushed are first held back too, so that all are sealed in the order recorded."""
    if not session.info.get(SEALING) and any(isinstance(obj, AuditEvent) for obj in session.new):
        session.flush()
    session.info[SEALING] = True
    held = [obj for obj, _ in session.info.pop(HELD, [])]
    if not held:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        session.add_all(held)  # sealed by the flush (before_flush above)
        return
    for obj in held:
        _apply_defaults(obj)
    for obj, row in zip(held, append(connection, [{name: getattr(obj, name) for name in _GIVEN} for obj in held]),
                        strict=True):
        obj.id, obj.previous_hash, obj.hash = row["id"], row["previous_hash"], row["hash"]
        make_transient_to_detached(obj)  # stored already: now part of the session without another INSERT
        session.add(obj)
    session.info[SEALED] = True


def seal_now(session: Session) -> None:
    """Seal the events held back so far, and each later one as it is flushed, until the transaction ends: for a
    writer that must know its events' ids before it commits (an import names the events its rows wrote). On
    PostgreSQL the chain's lock is then held from now to the end of the transaction."""
    _seal_held(session)
    session.flush()


@event.listens_for(Session, "before_commit")
def _seal_at_commit(session: Session) -> None:
    if not session.in_nested_transaction():  # releasing a savepoint commits nothing yet
        _seal_held(session)


@event.listens_for(Session, "do_orm_execute")
def _seal_before_reading_the_trail(state) -> None:
    """A query of the audit trail sees the events this transaction recorded: those held back, and those not yet
    flushed (which the query's autoflush would otherwise hold back before it reads)."""
    session = state.session
    waiting = session.info.get(HELD) or any(isinstance(obj, AuditEvent) for obj in session.new)
    if waiting and _events in find_tables(state.statement, check_columns=True, include_crud=True):
        _seal_held(state.session)
        state.session.flush()


def _inside(transaction, ended) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_soft_rollback")
def _drop_events_rolled_back(session: Session, previous_transaction) -> None:
    held = session.info.get(HELD)
    if held:
        session.info[HELD] = [(obj, added_in) for obj, added_in in held if not _inside(added_in, previous_transaction)]


@event.listens_for(Session, "after_transaction_end")
def _forget_at_the_end(session: Session, transaction) -> None:
    if transaction.parent is None:  # committed (everything held was sealed), rolled back or closed
        session.info.pop(HELD, None)
        session.info.pop(SEALING, None)
        session.info.pop(SEALED, None)


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
