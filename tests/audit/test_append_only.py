"""On PostgreSQL the database itself keeps the audit trail append-only, and writers at the same moment still make one
line of events (real threads, each its own connection)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from tracker.audit.chain import verify
from tracker.audit.models import AuditEvent
from tracker.audit.operations import record
from tracker.extensions import db
from tracker.vocabulary import AuditAction

WRITERS = 8
TRANSACTIONS = 5


def one_event() -> int:
    event = record(AuditAction.ORGANISATION_CREATE, summary="Organisation created")
    db.session.commit()
    return event.id


@pytest.mark.postgresql_only
@pytest.mark.parametrize("statement", ["UPDATE audit_event SET summary = 'rewritten' WHERE id = :id",
                                       "DELETE FROM audit_event WHERE id = :id"])
def test_postgresql_refuses_to_change_or_delete_an_audit_event(app, statement):
    event_id = one_event()
    with pytest.raises(DBAPIError) as refused, db.engine.begin() as conn:
        conn.execute(text(statement), {"id": event_id})
    verb = statement.split()[0]
    assert f"The audit trail is append-only: {verb} of audit event #{event_id} refused." in str(refused.value)
    assert db.session.get(AuditEvent, event_id).summary == "Organisation created"


@pytest.mark.postgresql_only
def test_simultaneous_writers_make_one_line_of_events(app):
    barrier = threading.Barrier(WRITERS)
    failures = []

    def write(number: int) -> None:
        try:
            with app.app_context():
                barrier.wait()
                for transaction in range(TRANSACTIONS):
                    for part in range(2):
                        record(AuditAction.ORGANISATION_CREATE, summary=f"writer {number}, {transaction}.{part}")
                    db.session.commit()
        except Exception as error:  # reported below, with the others
            failures.append(error)

    threads = [threading.Thread(target=write, args=(number,)) for number in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    db.session.expire_all()
    assert db.session.scalar(select(func.count(AuditEvent.id))) == WRITERS * TRANSACTIONS * 2
    assert db.session.scalar(select(func.count(func.distinct(AuditEvent.previous_hash)))) == WRITERS * TRANSACTIONS * 2
    with db.engine.connect() as conn:
        outcome = verify(conn)
    assert outcome.checked == WRITERS * TRANSACTIONS * 2 and outcome.whole, outcome.misfits[:3]
