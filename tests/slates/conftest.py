"""A small world for slates: an election whose nominations closed in 2025, two contests, a few candidates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import create_body, create_candidate, create_contest, create_election, create_nomination
from tracker.extensions import db
from tracker.rules.slates import Pick

#: Nominations open and close (one stage: a single CLP nomination puts a candidate on the ballot).
OPENS = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
CLOSES = datetime(2025, 6, 30, 16, 0, tzinfo=UTC)
NOMINATED = OPENS + timedelta(days=1)
DURING = OPENS + timedelta(days=10)  # nominations open: the ballot is not yet set
AFTER = CLOSES + timedelta(days=3)  # the ballot is set

LEADER = ("Sam Carter", "Ria Patel", "Lee Hughes", "Dee Okafor")  # Okafor gathers no nomination
NEC = {"Ann Ash": True, "Bea Birch": True, "Cal Cole": False, "Dan Dale": False, "Eve Elm": True}  # name: woman
NEC_UNNOMINATED = ("Eve Elm",)


@dataclass
class World:
    election: object
    leader: object
    nec: object
    candidacies: dict


def stages():
    return [dict(key="clp", title="Nominations from CLPs", opens_at=OPENS, closes_at=CLOSES,
                 routes=[dict(kind="clp", count=1)])]


@pytest.fixture
def world(app) -> World:
    election = create_election(slug="nec-2025", title="NEC elections 2025")
    leader = create_contest(election, slug="leader", title="Leader", seats=1, stages=stages(), position=0)
    nec = create_contest(election, slug="nec-clp", title="NEC: CLP section", seats=3, min_women=2,
                         stages=stages(), position=1)
    candidacies = {}
    for i, name in enumerate(LEADER):
        candidacies[name] = create_candidate(leader, name)
        if name != "Dee Okafor":
            create_nomination(candidacies[name], create_body(election, f"CLPL{i}"), NOMINATED)
    for i, (name, woman) in enumerate(NEC.items()):
        candidacies[name] = create_candidate(nec, name, woman=woman)
        if name not in NEC_UNNOMINATED:
            create_nomination(candidacies[name], create_body(election, f"CLPN{i}"), NOMINATED)
    db.session.commit()
    return World(election, leader, nec, candidacies)


@pytest.fixture
def organisation(app):
    from tracker.slates.operations import create_organisation

    def factory(slug="grassroots-left", name="Grassroots Left"):
        found = create_organisation(slug, name)
        db.session.commit()
        return found

    return factory


@pytest.fixture
def published(app):
    """Save a draft and publish it, committed; returns the version."""
    from tracker.slates.operations import publish_slate, save_draft

    def factory(organisation, election, picks: dict, title="Our recommendations"):
        slate = save_draft(organisation, election, {slug: [p if isinstance(p, Pick) else Pick(*p) for p in ps]
                                                    for slug, ps in picks.items()}, title)
        version = publish_slate(slate)
        db.session.commit()
        return version

    return factory
