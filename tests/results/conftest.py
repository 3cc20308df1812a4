"""A small contest whose nominations have closed: three candidates on the ballot, one eliminated."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from tests.factories import create_body, create_candidate, create_contest, create_election, create_nomination
from tracker.extensions import db
from tracker.types import utcnow


@dataclass
class World:
    election: object
    contest: object
    candidacies: dict
    body: object
    other_body: object
    closes_at: object

    @property
    def slugs(self) -> dict:
        return {"election": self.election.slug, "contest": self.contest.slug}


def build_world(seats=1, closes_in=timedelta(days=-2), **settings) -> World:
    """One stage of CLP nominations (two needed); Ann Adams, Ben Brown and Cat Clark met it, Dan Dunn did not."""
    now = utcnow()
    closes_at = now + closes_in
    election = create_election()
    contest = create_contest(
        election,
        seats=seats,
        stages=[dict(key="clp", title="Nominations from CLPs", opens_at=closes_at - timedelta(days=20),
                     closes_at=closes_at, routes=[dict(kind="clp", count=2)])],
        **settings,
    )
    bodies = [create_body(election, f"CLP{i:03}", "clp", name=f"Town {i} CLP") for i in range(1, 7)]
    candidacies = {}
    nominated_at = closes_at - timedelta(days=10)
    plan = {"Ann Adams": bodies[0:2], "Ben Brown": bodies[2:4], "Cat Clark": bodies[4:6], "Dan Dunn": []}
    for name, nominators in plan.items():
        candidacy = create_candidate(contest, name, woman=name in ("Ann Adams", "Cat Clark"))
        for body in nominators:
            create_nomination(candidacy, body, nominated_at)
        candidacies[name] = candidacy
    db.session.commit()
    return World(election, contest, candidacies, bodies[0], bodies[1], closes_at)


@pytest.fixture
def world(app) -> World:
    return build_world()


@pytest.fixture
def admin(create_user, auth):
    """An admin, logged in."""
    user = create_user("admin@example.org", role="admin")
    auth.login("admin@example.org")
    return user
