"""The migration that makes the audit trail a hash chain seals the events already stored, in id order, as the app
seals new ones; and it can be undone."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, inspect, select

from tests.conftest import database_url, make_app
from tracker.audit.chain import verify
from tracker.audit.hashing import GENESIS
from tracker.audit.models import AuditEvent
from tracker.audit.operations import record
from tracker.extensions import db
from tracker.vocabulary import AuditAction

BEFORE_THE_CHAIN = "0001"
STORED = 2500  # more than one page of the migration's reading


@pytest.fixture
def fresh_url(backend, tmp_path):
    """A database of its own, with no schema: the shared test database is always at the latest revision."""
    with database_url(backend, tmp_path / "fresh.db") as url:
        yield url


def old_events(count: int) -> list[dict]:
    start = datetime(2026, 1, 7, 9, 0, 0, 123456, tzinfo=UTC)
    return [dict(at=start + timedelta(minutes=number), actor_label="cli", action="nomination.create",
                 object_type="nomination", object_id=number, summary=f"Nomination {number} logged — é",
                 public=number % 2 == 0, before=None if number % 3 else {"status": "submitted", "votes": [1, 2]},
                 after={"status": "verified", "n": number}, election_id=None, contest_id=None)
            for number in range(1, count + 1)]


def test_events_stored_before_the_chain_are_sealed_in_id_order(fresh_url):
    app = make_app(fresh_url)
    with app.app_context():
        upgrade(revision=BEFORE_THE_CHAIN)
        with db.engine.begin() as conn:
            conn.execute(insert(AuditEvent.__table__), old_events(STORED))
        upgrade()
        with db.engine.connect() as conn:
            outcome = verify(conn)
        assert outcome.checked == STORED and outcome.whole, outcome.misfits[:3]
        first = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).first()
        assert first.previous_hash == GENESIS
        event = record(AuditAction.ORGANISATION_CREATE, summary="written after the migration")
        db.session.commit()
        assert event.previous_hash == outcome.last_hash
        db.session.remove()

        downgrade(revision=BEFORE_THE_CHAIN)
        columns = {column["name"] for column in inspect(db.engine).get_columns("audit_event")}
        assert "hash" not in columns and "previous_hash" not in columns
        upgrade()
        with db.engine.connect() as conn:
            again = verify(conn)
        assert again.checked == STORED + 1 and again.whole
        db.session.remove()
        db.engine.dispose()
