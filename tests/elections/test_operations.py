"""Halting and resuming a contest: one halt at a time, always with a public reason."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import T0, create_contest, create_election
from tracker.audit.models import AuditEvent
from tracker.ballot.judging import current_stage
from tracker.elections.operations import halt_contest, resume_contest
from tracker.errors import DomainError
from tracker.extensions import db


@pytest.fixture
def leader(app):
    return create_contest(create_election())


def test_halt_needs_a_reason(leader):
    with pytest.raises(DomainError, match="Give the reason for halting the contest"):
        halt_contest(leader, " ", now=T0)


def test_a_halted_contest_cannot_be_halted_again_until_resumed(leader):
    halt_contest(leader, "legal challenge", now=T0 + timedelta(hours=1))
    with pytest.raises(DomainError, match="Leader has been halted since 10:00 on 7 January 2026; resume it first"):
        halt_contest(leader, "another", now=T0 + timedelta(hours=2))
    resume_contest(leader, now=T0 + timedelta(hours=3))
    halt_contest(leader, "another", now=T0 + timedelta(hours=4))
    assert len(leader.halts) == 2


def test_halt_and_resume_are_audited_publicly_as_acts_on_the_halt(leader):
    halt = halt_contest(leader, "legal challenge", now=T0 + timedelta(hours=1))
    resume_contest(leader, now=T0 + timedelta(hours=2))
    events = db.session.query(AuditEvent).order_by(AuditEvent.id).all()
    assert [(e.action, e.object_type, e.object_id, e.public) for e in events] == [
        ("contest.halt", "contesthalt", halt.id, True), ("contest.resume", "contesthalt", halt.id, True),
    ]


def test_resuming_a_contest_that_is_not_halted_is_refused(leader):
    with pytest.raises(DomainError, match="Leader is not halted"):
        resume_contest(leader, now=T0)


def test_halt_shows_in_the_computed_stage(leader):
    halt_contest(leader, "legal challenge", now=T0 + timedelta(hours=1))
    state = current_stage(leader, T0 + timedelta(hours=2))
    assert state.halted and state.halt_reason == "legal challenge"
