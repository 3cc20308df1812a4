"""Defining an election from its definition: created once, unchanged when defined again, contests in use kept."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import T0, create_candidate
from tracker.audit.models import AuditEvent
from tracker.elections.definition import ContestSpec, ElectionSpec, RouteSpec, StageSpec
from tracker.elections.operations import define_election
from tracker.errors import DomainError
from tracker.extensions import db


def contest_spec(slug: str, max_per_body: int = 1) -> ContestSpec:
    stage = StageSpec("plp", "Nominations from MPs", T0, T0 + timedelta(days=6), (RouteSpec(kind="mp", count=2),))
    return ContestSpec(slug=slug, title=slug.title(), seats=1, max_nominations_per_body=max_per_body, min_women=None,
                       counting_statuses="submitted,verified", discount_suspended_mps=True, ballot_opens_at=None,
                       ballot_closes_at=None, result_at=None, stages=(stage,))


def spec(*contests: ContestSpec) -> ElectionSpec:
    return ElectionSpec(slug="leadership-2026", title="Leadership elections 2026", timezone="Europe/London",
                        contests=list(contests))


def audit_count() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)))


def test_an_election_is_created_with_its_contests_and_each_creation_audited(app):
    defined = define_election(spec(contest_spec("leader"), contest_spec("deputy")))
    assert defined.outcomes == ["created", "created", "created"]
    assert [c.slug for c in defined.election.contests] == ["leader", "deputy"]
    assert audit_count() == 3


def test_defining_the_same_election_again_changes_and_records_nothing(app):
    define_election(spec(contest_spec("leader")))
    before = audit_count()
    assert define_election(spec(contest_spec("leader"))).outcomes == ["unchanged", "unchanged"]
    assert audit_count() == before


def test_a_contest_with_candidates_is_not_removed_and_every_refusal_is_named(app):
    defined = define_election(spec(contest_spec("leader"), contest_spec("deputy")))
    create_candidate(defined.election.contests[1], "Sam Carter")
    with pytest.raises(DomainError) as refused:
        define_election(spec(contest_spec("leader")))
    assert refused.value.problems == [(
        "contest[deputy]",
        "is no longer in the file, but Deputy has 1 candidates and 0 nominations; it is not removed (put it back in the file)",
    )]
