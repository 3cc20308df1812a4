"""People and candidacies: one person per name, unique slugs, withdrawals kept in the record."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import T0, create_contest, create_election
from tracker.audit.models import AuditEvent
from tracker.candidates.models import Person
from tracker.candidates.operations import (
    declare_candidacy,
    get_or_create_person,
    reinstate_candidacy,
    slugify,
    withdraw_candidacy,
)
from tracker.errors import DomainError
from tracker.extensions import db


@pytest.fixture
def leader(app):
    contest = create_contest(create_election())
    db.session.commit()
    return contest


def test_slug_is_ascii_lower_case():
    assert slugify("Siân O'Neill") == "sian-oneill"


def test_same_name_is_the_same_person(app):
    assert get_or_create_person("Sam  Carter ") is get_or_create_person("Sam Carter")


def test_different_names_with_the_same_slug_are_told_apart(app):
    assert get_or_create_person("Sam Carter").slug == "sam-carter"
    assert get_or_create_person("Sam Cárter").slug == "sam-carter-2"
    assert get_or_create_person("Sam Carter!").slug == "sam-carter-3"


def test_a_name_is_required(app):
    with pytest.raises(DomainError, match="A name is required"):
        get_or_create_person("   ")


def test_person_stands_once_in_a_contest(leader):
    carter = get_or_create_person("Sam Carter")
    declare_candidacy(leader, carter, woman=False)
    with pytest.raises(DomainError, match="Sam Carter is already a candidate for Leader"):
        declare_candidacy(leader, carter)


def test_withdrawal_is_public_and_can_be_undone(leader):
    candidacy = declare_candidacy(leader, get_or_create_person("Sam Carter"))
    withdraw_candidacy(candidacy, T0 + timedelta(days=2), now=T0 + timedelta(days=3))
    with pytest.raises(DomainError, match="Sam Carter already withdrew from Leader on 9 January 2026"):
        withdraw_candidacy(candidacy, T0 + timedelta(days=2), now=T0 + timedelta(days=3))
    reinstate_candidacy(candidacy)
    assert candidacy.withdrawn_at is None
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.public).order_by(AuditEvent.id)).all()
    assert actions == ["candidacy.create", "candidacy.withdraw", "candidacy.reinstate"]


def test_withdrawal_cannot_be_dated_in_the_future(leader):
    candidacy = declare_candidacy(leader, get_or_create_person("Sam Carter"))
    with pytest.raises(DomainError, match="A withdrawal cannot be dated in the future"):
        withdraw_candidacy(candidacy, T0 + timedelta(days=2), now=T0)
    assert db.session.scalar(select(Person.slug)) == "sam-carter"
