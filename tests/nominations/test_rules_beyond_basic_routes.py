"""The secretaries' nominations respect the rules beyond the basic routes: an own nomination, consent, a
withdrawal that frees the body's place from its moment, and a close moved by an amendment."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import T0, create_body, create_candidate, create_contest, create_election
from tracker.ballot.judging import judge
from tracker.elections.models import StageAmendment
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.nominations.operations import add_nomination, withdraw_nomination

ONE_STAGE = [dict(key="plp", title="Nominations from MPs", opens_at=T0, closes_at=T0 + timedelta(days=6),
                  routes=[dict(kind="mp", count=2)])]
DURING = T0 + timedelta(days=2)


@pytest.fixture
def world(app):
    class World:
        pass

    found = World()
    found.election = create_election()
    found.contest = create_contest(found.election, stages=ONE_STAGE)
    found.mps = [create_body(found.election, f"MP{i}", "mp") for i in range(3)]
    found.swinson = create_candidate(found.contest, "Jo Swinson")
    found.davey = create_candidate(found.contest, "Ed Davey")
    db.session.commit()
    return found


def problems(error) -> list[str]:
    return [message for _, message in error.value.problems]


def test_a_secretary_cannot_log_a_candidates_own_nomination_where_it_does_not_count(world):
    world.contest.self_nomination = False
    world.swinson.body = world.mps[0]
    with pytest.raises(DomainError) as error:
        add_nomination(world.contest, world.swinson, world.mps[0], DURING, now=DURING)
    assert problems(error) == ["MP MP0 MP is Jo Swinson's own; a candidate's own nomination does not count in Leader"]


def test_a_candidate_who_did_not_consent_by_the_deadline_cannot_be_nominated(world):
    world.contest.consent_by = T0 + timedelta(days=1)
    with pytest.raises(DomainError) as error:
        add_nomination(world.contest, world.davey, world.mps[1], DURING, now=DURING)
    assert problems(error) == ["Ed Davey did not consent to nomination by 09:00 on 8 January 2026, so cannot be nominated"]
    world.davey.consented_at = T0
    add_nomination(world.contest, world.davey, world.mps[1], DURING, now=DURING)


def test_a_withdrawn_nomination_frees_the_bodys_place_and_counted_until_then(world):
    first = add_nomination(world.contest, world.swinson, world.mps[0], DURING, now=DURING)
    withdrawn_at = DURING + timedelta(hours=2)
    withdraw_nomination(first, now=withdrawn_at)
    assert first.withdrawn_at == withdrawn_at
    add_nomination(world.contest, world.davey, world.mps[0], withdrawn_at + timedelta(hours=1), now=withdrawn_at + timedelta(hours=1))
    before, after = judge(world.contest, DURING + timedelta(hours=1)), judge(world.contest, withdrawn_at)
    assert before.verdict.verdict("jo-swinson").stages[0].have == 1
    assert after.verdict.verdict("jo-swinson").stages[0].have == 0


def test_a_nomination_after_the_old_close_is_taken_once_the_close_was_moved(world):
    old_close = T0 + timedelta(days=6)
    late = old_close + timedelta(days=1)
    with pytest.raises(DomainError) as error:
        add_nomination(world.contest, world.swinson, world.mps[0], late, now=late)
    assert problems(error) == ["Nominations from MPs for Leader closed at 09:00 on 13 January 2026"]
    world.contest.stages[0].amendments.append(
        StageAmendment(position=0, made_at=old_close - timedelta(days=1), closes_at=old_close + timedelta(days=3),
                       reason="extended"))
    db.session.flush()
    add_nomination(world.contest, world.swinson, world.mps[0], late, now=late)
