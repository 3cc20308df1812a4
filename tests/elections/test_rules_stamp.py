"""The rules stamp: every write that could change a contest's rules gives it a new stamp, so that rules kept in a
process are never used after they changed; writes that cannot change them leave it alone."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import T0, create_candidate, create_contest, create_election
from tracker.ballot.judging import contest_halts, contest_rules
from tracker.elections.models import ContestHalt, ElectionKind, Route, StageAmendment
from tracker.extensions import db


@pytest.fixture
def contests(app):
    election = create_election(timezone="UTC")
    leader, deputy = create_contest(election), create_contest(election, slug="deputy", title="Deputy")
    db.session.commit()
    return leader, deputy


def stamps(*contests) -> list[str]:
    db.session.commit()
    for contest in contests:
        db.session.refresh(contest)
    return [contest.rules_stamp for contest in contests]


def test_a_new_contest_has_a_stamp_and_each_contest_its_own(contests):
    leader, deputy = contests
    assert leader.rules_stamp and deputy.rules_stamp and leader.rules_stamp != deputy.rules_stamp


@pytest.mark.parametrize("change", [
    "stage closes later",
    "a route's threshold",
    "a route added",
    "a route removed",
    "an amendment",
    "a setting of the contest",
    "a halt",
])
def test_a_change_to_one_contests_rules_moves_its_stamp_only(contests, change):
    leader, deputy = contests
    before_leader, before_deputy = stamps(leader, deputy)
    stage = leader.stages[1]
    if change == "stage closes later":
        stage.closes_at += timedelta(days=1)
    elif change == "a route's threshold":
        stage.routes[0].share = "0.20"
    elif change == "a route added":
        db.session.add(Route(stage_id=stage.id, position=5, kind="affiliate", count=9))
    elif change == "a route removed":
        db.session.delete(stage.routes[0])
    elif change == "an amendment":
        db.session.add(StageAmendment(stage_id=stage.id, position=0, made_at=T0, closes_at=stage.closes_at + timedelta(days=2)))
    elif change == "a setting of the contest":
        leader.max_nominations_per_body = 2
    elif change == "a halt":
        db.session.add(ContestHalt(contest_id=leader.id, halted_at=T0, reason="appeal"))
    after_leader, after_deputy = stamps(leader, deputy)
    assert after_leader != before_leader and after_deputy == before_deputy


@pytest.mark.parametrize("change", ["time zone", "declared kind"])
def test_a_change_to_the_election_moves_every_contests_stamp(contests, change):
    leader, deputy = contests
    before = stamps(leader, deputy)
    if change == "time zone":
        leader.election.timezone = "Europe/London"
    else:
        db.session.add(ElectionKind(election_id=leader.election_id, key="msp", position=0, title="MSP", plural="MSPs"))
    after = stamps(leader, deputy)
    assert after[0] != before[0] and after[1] != before[1]


def test_facts_leave_the_stamp_alone(contests):
    leader, _ = contests
    (before,) = stamps(leader)
    create_candidate(leader, "Sam Carter")
    (after,) = stamps(leader)
    assert after == before


def test_kept_rules_and_halts_follow_the_change(contests):
    leader, _ = contests
    closes = contest_rules(leader).stages[1].closes_at
    assert contest_halts(leader) == ()
    leader.stages[1].closes_at = closes + timedelta(days=3)
    assert contest_rules(leader).stages[1].closes_at == closes + timedelta(days=3)  # not yet flushed: built afresh
    db.session.add(ContestHalt(contest_id=leader.id, halted_at=T0, reason="appeal"))
    db.session.commit()
    assert contest_rules(leader).stages[1].closes_at == closes + timedelta(days=3)
    assert [reason for _, _, reason in contest_halts(leader)] == ["appeal"]
