"""The audit trail is one hash chain: each event is sealed with the hash of the one before as it is written, and
`flask verify-audit` names the first event that was changed, unlinked or removed since."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from tests.imports.conftest import ELECTION_TOML
from tracker.accounts.operations import create_user
from tracker.audit.hashing import GENESIS, HASHED_FIELDS, event_hash
from tracker.audit.models import AuditEvent
from tracker.audit.operations import record
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.imports.election_toml import load_election
from tracker.slates.operations import create_organisation
from tracker.vocabulary import AuditAction
from tracker.web.forms import attempt


def write_events(count: int = 5) -> list[int]:
    """`count` audit events written by ordinary operations and committed; their ids."""
    for number in range(count):
        create_organisation(f"organisation-{number}", f"Organisation {number}")
    db.session.commit()
    return list(db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def tamper(sql: str, **params) -> None:
    """Change the stored trail behind the app's back, as anyone holding the database's password could (on
    PostgreSQL with triggers off, as its superuser may)."""
    db.session.commit()
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        conn.execute(text(sql), params)


def verify(runner):
    return runner.invoke(args=["verify-audit"])


def test_every_event_is_sealed_with_the_hash_of_the_one_before(app):
    write_events(3)
    create_user("admin@example.org", "a long password", "admin")
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert len(events) == 4
    assert events[0].previous_hash == GENESIS
    for before, event in zip(events, events[1:], strict=False):
        assert event.previous_hash == before.hash
    for event in events:
        assert event.hash == event_hash({name: getattr(event, name) for name in HASHED_FIELDS})
    assert len({event.hash for event in events}) == 4


def test_events_added_in_one_flush_are_chained_in_the_order_they_were_recorded(app):
    first = record(AuditAction.ORGANISATION_CREATE, summary="first")
    second = record(AuditAction.ORGANISATION_CREATE, summary="second")
    db.session.commit()
    assert second.id > first.id and second.previous_hash == first.hash


def test_an_event_undone_with_its_refused_operation_leaves_no_gap_in_the_chain(app, runner):
    write_events(2)
    with attempt() as done:
        record(AuditAction.ORGANISATION_CREATE, summary="written, then undone with the refusal")
        db.session.flush()
        raise DomainError("refused after the event was flushed")
    assert not done
    record(AuditAction.ORGANISATION_CREATE, summary="written after the refusal")
    db.session.commit()
    result = verify(runner)
    assert result.exit_code == 0, result.output
    assert "Checked 3 audit events: every one fits the chain." in result.output


def test_verify_audit_counts_the_events_and_exits_0_when_all_fit(app, runner):
    ids = write_events(5)
    result = verify(runner)
    assert result.exit_code == 0, result.output
    last = db.session.get(AuditEvent, ids[-1])
    assert result.output == (f"Checked 5 audit events: every one fits the chain. "
                             f"The last is #{last.id}, hash {last.hash}.\n")


def test_verify_audit_of_an_empty_trail_exits_0(app, runner):
    result = verify(runner)
    assert result.exit_code == 0 and "Checked 0 audit events" in result.output


def test_a_summary_changed_in_the_database_is_named_with_its_time_and_action(app, runner):
    ids = write_events(5)
    tamper("UPDATE audit_event SET summary = 'Nothing happened here' WHERE id = :id", id=ids[2])
    result = verify(runner)
    assert result.exit_code == 1
    event = db.session.get(AuditEvent, ids[2])
    assert "Checked 5 audit events: 1 does not fit the chain." in result.output
    assert (f"The first: Audit event #{ids[2]} (organisation.create, at {event.at.isoformat()}) does not fit the "
            "chain: its content was changed after it was written") in result.output


def test_a_changed_time_or_public_flag_is_a_changed_content_too(app, runner):
    ids = write_events(4)
    tamper("UPDATE audit_event SET public = NOT public WHERE id = :id", id=ids[1])
    result = verify(runner)
    assert result.exit_code == 1
    assert f"The first: Audit event #{ids[1]} " in result.output and "its content was changed" in result.output


def test_a_deleted_event_is_named_as_missing_before_the_event_that_followed_it(app, runner):
    ids = write_events(5)
    tamper("DELETE FROM audit_event WHERE id = :id", id=ids[2])
    result = verify(runner)
    assert result.exit_code == 1
    assert "Checked 4 audit events: 1 does not fit the chain." in result.output
    assert f"Audit event #{ids[3]} (organisation.create" in result.output
    assert f"an event is missing between #{ids[1]} and #{ids[3]}" in result.output


def test_deleting_the_first_events_is_noticed(app, runner):
    ids = write_events(3)
    tamper("DELETE FROM audit_event WHERE id = :id", id=ids[0])
    result = verify(runner)
    assert result.exit_code == 1
    assert (f"Audit event #{ids[1]} (organisation.create" in result.output
            and "the events before it are missing" in result.output)


def test_an_event_rewritten_and_resealed_is_caught_by_the_link_of_the_next(app, runner):
    ids = write_events(4)
    event = db.session.get(AuditEvent, ids[1])
    forged = {name: getattr(event, name) for name in HASHED_FIELDS} | {"summary": "A different story"}
    tamper("UPDATE audit_event SET summary = :summary, hash = :hash WHERE id = :id",
           summary=forged["summary"], hash=event_hash(forged), id=ids[1])
    result = verify(runner)
    assert result.exit_code == 1
    assert f"Audit event #{ids[2]} (organisation.create" in result.output
    assert f"its link was changed: #{ids[1]} was rewritten with a new hash" in result.output


def test_a_changed_link_is_named_as_such(app, runner):
    ids = write_events(3)
    tamper("UPDATE audit_event SET previous_hash = :other WHERE id = :id", other="f" * 64, id=ids[2])
    result = verify(runner)
    assert result.exit_code == 1
    assert f"Audit event #{ids[2]} " in result.output and "its link was changed: it names a previous hash" in result.output


def test_every_misfit_is_counted_and_the_first_is_named_first(app, runner):
    ids = write_events(6)
    tamper("UPDATE audit_event SET summary = 'x' WHERE id IN (:a, :b)", a=ids[1], b=ids[4])
    result = verify(runner)
    assert result.exit_code == 1
    assert "2 do not fit the chain" in result.output
    assert result.output.index(f"#{ids[1]} ") < result.output.index(f"#{ids[4]} ")


def test_removing_a_contest_leaves_its_audit_events_as_they_were_written(app, runner):
    load_election(ELECTION_TOML, "election.toml")
    db.session.commit()
    created = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "contest.create")).all()
    removed_contest = {event.contest_id: event for event in created if "NEC" in event.summary}
    without_nec = ELECTION_TOML[: ELECTION_TOML.index('[[contest]]\nslug = "nec-clp"')]
    load_election(without_nec, "election.toml")
    db.session.commit()
    (contest_id, event), = removed_contest.items()
    db.session.expire_all()
    assert db.session.get(AuditEvent, event.id).contest_id == contest_id
    result = verify(runner)
    assert result.exit_code == 0, result.output


# --- sealing as the transaction commits --------------------------------------------------------------------


def test_the_canonical_form_cut_around_id_and_link_joins_back_to_the_canonical_form():
    from datetime import UTC, datetime

    from tracker.audit.hashing import canonical, canonical_parts

    fields = dict(id=1234, at=datetime(2026, 1, 7, 9, 0, 0, 123456, tzinfo=UTC), actor_id=None, actor_label='cli "x"',
                  action="nomination.create", object_type="nomination", object_id=7, election_id=None, contest_id=3,
                  summary="Ynys Môn CLP nominated Zoë — 2026\n\u2028", public=True,
                  before={"b": [1, 2.5, None], "a": {"z": "é", "y": True}}, after=None, previous_hash="ab" * 32)
    head, middle, tail = canonical_parts(fields)
    assert (head + "1234" + middle + "ab" * 32 + tail).encode() == canonical(fields)


def test_an_event_recorded_before_a_query_of_the_trail_in_the_same_transaction_is_found_by_it(app):
    record(AuditAction.ORGANISATION_CREATE, summary="recorded, not yet committed")
    db.session.flush()
    assert db.session.scalars(select(AuditEvent.summary)).all() == ["recorded, not yet committed"]
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 1


@pytest.mark.postgresql_only
def test_a_writer_holds_the_chain_lock_only_while_it_commits(app):
    from tracker.audit.chain import CHAIN_LOCK

    def lock_is_free() -> bool:
        with db.engine.connect() as other:
            return other.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})

    create_organisation("early-bird", "Early Bird")
    db.session.flush()  # the organisation and its event are written, the event held back until the commit
    assert lock_is_free()
    db.session.commit()
    assert lock_is_free()
    result = db.session.scalars(select(AuditEvent.action)).all()
    assert result == ["organisation.create"]
