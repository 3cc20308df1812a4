"""Registering and changing a nominating body: audited, and a body that has nominated keeps its kind."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import T0, create_body, create_candidate, create_contest, create_election, create_nomination
from tracker.audit.models import AuditEvent
from tracker.bodies.operations import register_body, update_body
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.vocabulary import AuditAction


def events(action: AuditAction) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action.value)))


def test_registering_a_body_records_who_and_what(app):
    election = create_election()
    body = register_body(election, "U1", "Union of Care Workers", "affiliate", "North", True, 5000)
    (event,) = events(AuditAction.BODY_CREATE)
    assert (event.object_id, event.after["members"], event.summary) == (body.id, 5000, "Union of Care Workers registered")


def test_only_an_affiliate_can_be_a_union(app):
    with pytest.raises(DomainError, match="only an affiliate can be a trade union"):
        register_body(create_election(), "CLP9", "Anytown", "clp", is_union=True)
    assert events(AuditAction.BODY_CREATE) == []


def test_a_change_is_audited_with_before_and_after_and_no_change_records_nothing(app):
    body = create_body(create_election(), "CLP1", name="Anytown", region="North")
    assert update_body(body, {"name": "Anytown", "region": "North"}) is False
    assert events(AuditAction.BODY_UPDATE) == []
    assert update_body(body, {"region": "South"}) is True
    (event,) = events(AuditAction.BODY_UPDATE)
    assert (event.before["region"], event.after["region"]) == ("North", "South")


def test_a_body_that_has_nominated_keeps_its_kind(app):
    election = create_election()
    contest = create_contest(election)
    body = create_body(election, "CLP1", name="Anytown")
    create_nomination(create_candidate(contest, "Sam Carter"), body, T0 + timedelta(days=9))
    with pytest.raises(DomainError, match="CLP Anytown has made nominations as a clp; its kind cannot change"):
        update_body(body, {"kind": "affiliate"})
    assert body.kind == "clp"
