"""Suspension operations: a person is out while suspended, in again when lifted, and records never overlap."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import T0, create_candidate, create_contest, create_election, create_person
from tracker.audit.models import AuditEvent
from tracker.ballot.judging import judge
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.suspensions.models import Suspension
from tracker.suspensions.operations import add_suspension, end_suspension, remove_suspension, update_suspension

DAY = timedelta(days=1)


@pytest.fixture
def leader(app):
    contest = create_contest(create_election())
    create_candidate(contest, "Sam Carter")
    db.session.commit()
    return contest


@pytest.fixture
def carter(leader):
    return create_person("Sam Carter")


def counts():
    return db.session.scalar(select(func.count(Suspension.id))), db.session.scalar(select(func.count(AuditEvent.id)))


def refused(call, *args, **kwargs) -> list[str]:
    before = counts()
    with pytest.raises(DomainError) as error:
        call(*args, **kwargs)
    assert counts() == before
    return error.value.messages


def test_suspended_candidate_is_suspended_until_it_is_lifted(leader, carter):
    suspension = add_suspension(carter, T0 + DAY, reason="none published")
    assert suspension.reason is None  # "none published" is stored as no reason
    assert judge(leader, T0 + 2 * DAY).verdict.verdict("sam-carter").reason == (
        "Suspended since 8 January 2026 (reason: none published)."
    )
    end_suspension(suspension, T0 + 3 * DAY, "lifted")
    lifted = judge(leader, T0 + 4 * DAY).verdict.verdict("sam-carter")
    assert (lifted.status, lifted.eligible) == ("qualified", True)  # no MP is registered: the MPs' stage needs none


def test_suspension_is_audited_publicly_in_the_candidates_contest(leader, carter):
    add_suspension(carter, T0 + DAY, reason="Under investigation")
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "suspension.create")).one()
    assert event.public and event.contest_id == leader.id
    assert event.summary == "Sam Carter suspended from 8 January 2026 (reason: Under investigation)"


def test_suspension_must_end_after_it_starts(carter):
    assert refused(add_suspension, carter, T0 + DAY, T0) == ["A suspension must end after it starts"]


def test_suspensions_of_one_person_cannot_overlap(carter):
    add_suspension(carter, T0, T0 + 5 * DAY)
    assert refused(add_suspension, carter, T0 + 4 * DAY) == [
        "Sam Carter is already recorded as suspended from 7 January 2026 until 12 January 2026"
    ]
    add_suspension(carter, T0 + 5 * DAY)  # back to back is not an overlap


def test_open_ended_suspension_overlaps_every_later_one(carter):
    add_suspension(carter, T0)
    assert refused(add_suspension, carter, T0 + 30 * DAY, T0 + 40 * DAY) == [
        "Sam Carter is already recorded as suspended from 7 January 2026"
    ]


def test_naive_times_are_refused(carter):
    assert refused(add_suspension, carter, T0.replace(tzinfo=None)) == [
        "The start of the suspension must include its time zone"
    ]


def test_expulsion_keeps_the_suspension_open_for_good(carter):
    suspension = add_suspension(carter, T0)
    end_suspension(suspension, T0 + DAY, "expelled")
    assert (suspension.ends_at, suspension.outcome) == (None, "expelled")


def test_a_suspension_ends_once(carter):
    suspension = add_suspension(carter, T0)
    end_suspension(suspension, T0 + DAY, "overturned")
    assert refused(end_suspension, suspension, T0 + 2 * DAY, "lifted") == [
        "This suspension of Sam Carter has already ended (overturned)"
    ]


def test_lifting_needs_a_known_outcome_and_an_end(carter):
    suspension = add_suspension(carter, T0)
    assert refused(end_suspension, suspension, None, "forgiven") == [
        "The outcome must be one of lifted, overturned, expelled",
        "Say when the suspension ended",
    ]


def test_lifting_cannot_run_into_the_next_suspension(carter):
    first = add_suspension(carter, T0, T0 + DAY)
    add_suspension(carter, T0 + 2 * DAY)
    first.ends_at = None
    assert refused(update_suspension, first, ends_at=T0 + 3 * DAY)[0].startswith("Sam Carter is already recorded")


def test_update_with_the_same_values_writes_nothing(carter):
    suspension = add_suspension(carter, T0, reason="Conduct")
    before = counts()
    update_suspension(suspension, ends_at=None, reason="Conduct")
    assert counts() == before


def test_suspension_recorded_in_error_is_removed_and_the_trail_keeps_it(carter):
    suspension = add_suspension(carter, T0)
    remove_suspension(suspension)
    assert db.session.scalar(select(func.count(Suspension.id))) == 0
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "suspension.delete")).one()
    assert event.before["person"] == "Sam Carter"
