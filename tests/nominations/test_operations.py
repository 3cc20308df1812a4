"""Nomination operations: what a secretary or an admin may record, and the sentence when they may not."""
from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from tests.factories import (
    T0,
    create_body,
    create_candidate,
    create_contest,
    create_election,
    create_nomination,
)
from tracker.audit.models import AuditEvent
from tracker.ballot.judging import judge
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.nominations import operations
from tracker.nominations.models import Nomination
from tracker.nominations.operations import (
    add_nomination,
    correct_nomination,
    reject_many,
    reject_nomination,
    verify_many,
    verify_nomination,
    withdraw_nomination,
)

# The Leader contest of the factories: MPs 7-13 January, CLPs or affiliates 15 January - 14 February 2026,
# London time (which is UTC in winter).
PLP_CLOSES = T0 + timedelta(days=6)
SUPPORTING_OPENS = T0 + timedelta(days=8)
SUPPORTING_CLOSES = T0 + timedelta(days=38)
MEETING = T0 + timedelta(days=13, hours=10)  # 20 January 2026, 19:00
NOW = T0 + timedelta(days=20)  # 27 January 2026


class World:
    """A Leader contest with ten MPs and three CLPs; Sam Carter met the MP stage and Ria Patel did not."""

    def __init__(self):
        self.election = create_election()
        self.leader = create_contest(self.election)
        self.mps = [create_body(self.election, f"MP{i:02}", "mp") for i in range(10)]
        self.anytown = create_body(self.election, "CLP001", "clp", name="Anytown")
        self.bridgeford = create_body(self.election, "CLP002", "clp", name="Bridgeford")
        self.union = create_body(self.election, "U01", "affiliate", name="Union of Care Workers", is_union=True, members=1000)
        self.carter = create_candidate(self.leader, "Sam Carter")
        self.patel = create_candidate(self.leader, "Ria Patel")
        create_nomination(self.carter, self.mps[0], T0 + timedelta(days=1))
        db.session.commit()

    def nec(self, seats=3, max_nominations_per_body=None):
        contest = create_contest(
            self.election, slug="nec-clp", title="NEC: CLP section", seats=seats,
            max_nominations_per_body=max_nominations_per_body or seats,
            stages=[dict(key="clp", title="Nominations from CLPs", opens_at=SUPPORTING_OPENS,
                         closes_at=SUPPORTING_CLOSES, routes=[dict(kind="clp", count=5)])],
        )
        candidates = [create_candidate(contest, name) for name in ("Ann Ash", "Ben Birch", "Cat Cedar", "Dan Deal")]
        db.session.commit()
        return contest, candidates


@pytest.fixture
def world(app):
    return World()


def counts():
    return (db.session.scalar(select(func.count(Nomination.id))), db.session.scalar(select(func.count(AuditEvent.id))))


def refusal(*args, **kwargs) -> list[str]:
    """The sentences of an add_nomination refusal, checking that it wrote nothing."""
    before = counts()
    with pytest.raises(DomainError) as error:
        add_nomination(*args, **kwargs)
    assert counts() == before
    return error.value.messages


# --- Recording -----------------------------------------------------------------------------------


def test_clp_nomination_in_open_stage_is_recorded_submitted_in_slot_1_and_audited_publicly(world):
    nomination = add_nomination(world.leader, world.carter, world.anytown, MEETING, votes_for=30, votes_total=41, now=NOW)
    db.session.commit()
    assert (nomination.status, nomination.slot, nomination.votes_for) == ("submitted", 1, 30)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "nomination.create")).one()
    assert event.public and event.contest_id == world.leader.id and event.object_id == nomination.id
    assert event.object_type == "nomination"  # what the public history of a candidate filters on
    assert event.summary == "CLP Anytown nominated Sam Carter for Leader on 20 January 2026"
    assert event.after["status"] == "submitted"


def test_operation_flushes_but_leaves_committing_to_the_caller(world):
    add_nomination(world.leader, world.carter, world.anytown, MEETING, now=NOW)
    db.session.rollback()
    assert counts() == (1, 0)


def test_admin_import_records_a_verified_nomination_after_the_close(world):
    late = SUPPORTING_CLOSES + timedelta(days=3)
    nomination = add_nomination(world.leader, world.carter, world.anytown, MEETING, status="verified",
                                enforce_deadline=False, now=late)
    assert nomination.status == "verified" and nomination.decided_at == late


# --- Refusals, each with its sentence, each writing nothing -------------------------------------


def test_nomination_dated_after_the_stage_closed_is_refused(world):
    late = SUPPORTING_CLOSES + timedelta(hours=1)
    assert refusal(world.leader, world.carter, world.anytown, late, now=late + timedelta(days=1),
                   enforce_deadline=False) == ["Nominations from CLPs for Leader closed at 09:00 on 14 February 2026"]


def test_nomination_dated_before_the_stage_opens_is_refused(world):
    early = SUPPORTING_OPENS - timedelta(hours=2)
    assert refusal(world.leader, world.carter, world.anytown, early, now=NOW) == [
        "Nominations from CLPs for Leader open at 09:00 on 15 January 2026"
    ]


def test_nomination_from_a_kind_of_body_the_contest_never_takes_is_refused(world):
    deputy = create_contest(world.election, slug="deputy", title="Deputy Leader", stages=[
        dict(key="plp", title="Nominations from MPs", opens_at=T0, closes_at=PLP_CLOSES, routes=[dict(kind="mp", count=1)]),
    ])
    hughes = create_candidate(deputy, "Al Hughes")
    assert refusal(deputy, hughes, world.anytown, T0 + timedelta(days=1), now=NOW) == [
        "Deputy Leader takes no nominations from CLPs"
    ]


def test_logging_after_the_deadline_is_refused_even_for_a_meeting_held_in_time(world):
    after_close = SUPPORTING_CLOSES + timedelta(minutes=1)
    assert refusal(world.leader, world.carter, world.anytown, MEETING, now=after_close) == [
        "Nominations from CLPs for Leader closed at 09:00 on 14 February 2026"
    ]


def test_logging_at_the_very_close_is_accepted(world):
    nomination = add_nomination(world.leader, world.carter, world.anytown, SUPPORTING_CLOSES, now=SUPPORTING_CLOSES)
    db.session.commit()
    assert db.session.get(Nomination, nomination.id).nominated_at == SUPPORTING_CLOSES
    stage = judge(world.leader, SUPPORTING_CLOSES).verdict.verdict("sam-carter").stages[1]
    assert stage.have == 1  # it counts towards the stage it closed


def test_nomination_dated_in_the_future_is_refused(world):
    assert refusal(world.leader, world.carter, world.anytown, NOW + timedelta(days=1), now=NOW) == [
        "A nomination cannot be dated in the future (09:00 on 28 January 2026)"
    ]


def test_nomination_without_a_time_zone_is_refused(world):
    assert refusal(world.leader, world.carter, world.anytown, MEETING.replace(tzinfo=None), now=NOW) == [
        "Give the date and time of the nomination, with its time zone"
    ]


def test_candidate_who_had_withdrawn_by_the_meeting_cannot_be_nominated(world):
    world.carter.withdrawn_at = MEETING - timedelta(days=1)
    db.session.commit()
    assert refusal(world.leader, world.carter, world.anytown, MEETING, now=NOW) == [
        "Sam Carter withdrew on 19 January 2026, so cannot be nominated"
    ]


def test_candidate_who_withdrew_after_the_meeting_can_still_have_it_logged(world):
    world.carter.withdrawn_at = MEETING + timedelta(days=1)
    nomination = add_nomination(world.leader, world.carter, world.anytown, MEETING, now=NOW)
    db.session.commit()
    assert (nomination.body, nomination.candidacy, nomination.nominated_at) == (world.anytown, world.carter, MEETING)
    assert judge(world.leader, MEETING).verdict.verdict("sam-carter").stages[1].have == 1


def test_candidate_who_did_not_meet_the_previous_stage_cannot_be_nominated_in_the_next(world):
    assert refusal(world.leader, world.patel, world.anytown, MEETING, now=NOW) == [
        "Ria Patel did not meet Nominations from MPs, so cannot be nominated by CLPs"
    ]


def test_rejected_mp_nomination_does_not_carry_a_candidate_through_the_previous_stage(world):
    nomination = db.session.scalars(select(Nomination)).one()
    nomination.status, nomination.slot = "rejected", None
    db.session.commit()
    assert refusal(world.leader, world.carter, world.union, MEETING, now=NOW) == [
        "Sam Carter did not meet Nominations from MPs, so cannot be nominated by affiliates"
    ]


def test_body_gives_one_nomination_in_a_single_seat_contest(world):
    add_nomination(world.leader, world.carter, world.anytown, MEETING, now=NOW)
    db.session.commit()
    world.patel.withdrawn_at = None
    create_nomination(world.patel, world.mps[1], T0 + timedelta(days=1))  # Ria Patel meets the MP stage too
    db.session.commit()
    assert refusal(world.leader, world.patel, world.anytown, MEETING + timedelta(days=1), now=NOW) == [
        "CLP Anytown already nominated Sam Carter on 20 January 2026; withdraw that nomination first"
    ]


def test_withdrawn_nomination_frees_the_body_to_nominate_again(world):
    first = add_nomination(world.leader, world.carter, world.anytown, MEETING, now=NOW)
    withdraw_nomination(first, now=NOW)
    again = add_nomination(world.leader, world.carter, world.anytown, MEETING + timedelta(days=1), now=NOW)
    assert (first.status, first.slot, again.slot) == ("withdrawn", None, 1)


def test_body_of_another_election_and_candidate_of_another_contest_are_refused(world):
    other = create_election(slug="other", title="Another election")
    stranger = create_body(other, "CLP900", "clp", name="Farfield")
    nec, (ash, *_) = world.nec()
    assert refusal(world.leader, ash, stranger, MEETING, now=NOW) == [
        "CLP Farfield is not on the register of Leadership elections 2026",
        "Ann Ash is not a candidate for Leader",
    ]


def test_every_problem_is_reported_at_once(world):
    world.patel.withdrawn_at = T0
    messages = refusal(world.leader, world.patel, world.anytown, SUPPORTING_CLOSES + timedelta(hours=1),
                       votes_for=50, votes_total=40, now=SUPPORTING_CLOSES + timedelta(days=1))
    assert messages == [
        "The votes for the candidate cannot be more than the votes cast",
        "Nominations from CLPs for Leader closed at 09:00 on 14 February 2026",
        "Ria Patel withdrew on 7 January 2026, so cannot be nominated",
    ]


def test_halted_contest_takes_no_nominations_from_secretaries(world):
    from tracker.elections.operations import halt_contest

    halt_contest(world.leader, "legal challenge", now=NOW - timedelta(hours=1))
    db.session.commit()
    assert refusal(world.leader, world.carter, world.anytown, MEETING, now=NOW) == [
        "Leader is halted (legal challenge); nominations cannot be logged until it resumes"
    ]


# --- Multi-seat contests and slots ----------------------------------------------------------------


def test_multi_seat_body_takes_the_lowest_free_slot(world):
    nec, (ash, birch, cedar, deal) = world.nec(seats=3)
    first = add_nomination(nec, ash, world.anytown, MEETING, now=NOW)
    second = add_nomination(nec, birch, world.anytown, MEETING, now=NOW)
    third = add_nomination(nec, cedar, world.anytown, MEETING, now=NOW)
    assert [first.slot, second.slot, third.slot] == [1, 2, 3]
    withdraw_nomination(second, now=NOW)
    fourth = add_nomination(nec, deal, world.anytown, MEETING, now=NOW)
    assert fourth.slot == 2


def test_multi_seat_body_cannot_nominate_the_same_candidate_twice(world):
    nec, (ash, *_) = world.nec()
    add_nomination(nec, ash, world.anytown, MEETING, now=NOW)
    assert refusal(nec, ash, world.anytown, MEETING + timedelta(hours=1), now=NOW) == [
        "CLP Anytown already nominated Ann Ash for NEC: CLP section on 20 January 2026"
    ]


def test_multi_seat_body_makes_at_most_its_allowed_number_of_nominations(world):
    nec, (ash, birch, cedar, _) = world.nec(seats=3, max_nominations_per_body=2)
    add_nomination(nec, ash, world.anytown, MEETING, now=NOW)
    add_nomination(nec, birch, world.anytown, MEETING, now=NOW)
    assert refusal(nec, cedar, world.anytown, MEETING, now=NOW) == [
        "CLP Anytown has already made its 2 nominations for NEC: CLP section; withdraw one first"
    ]


def test_rejection_frees_the_slot(world):
    nec, (ash, birch, *_) = world.nec(seats=3, max_nominations_per_body=1)
    first = add_nomination(nec, ash, world.anytown, MEETING, now=NOW)
    reject_nomination(first, "meeting was not quorate", now=NOW)
    assert add_nomination(nec, birch, world.anytown, MEETING, now=NOW).slot == 1


def test_slot_taken_between_check_and_write_becomes_the_same_sentence(world, monkeypatch):
    """The database's unique slot is the last line of defence: its refusal reads like the check's."""
    add_nomination(world.leader, world.carter, world.anytown, MEETING, now=NOW)
    db.session.commit()
    real = operations.places_held
    calls = []

    def stale_once(contest, body):  # the first look misses the nomination, as a concurrent writer would
        calls.append(1)
        return [] if len(calls) == 1 else real(contest, body)

    monkeypatch.setattr(operations, "places_held", stale_once)
    assert refusal(world.leader, world.carter, world.anytown, MEETING, now=NOW) == [
        "CLP Anytown already nominated Sam Carter on 20 January 2026; withdraw that nomination first"
    ]
    assert len(calls) == 2


def test_slot_taken_between_check_and_write_in_a_multi_seat_contest_moves_to_the_next_slot(world, monkeypatch):
    nec, (ash, birch, *_) = world.nec(seats=3)
    add_nomination(nec, ash, world.anytown, MEETING, now=NOW)
    real = operations.places_held
    calls = []

    def stale_once(contest, body):
        calls.append(1)
        return [] if len(calls) == 1 else real(contest, body)

    monkeypatch.setattr(operations, "places_held", stale_once)
    assert add_nomination(nec, birch, world.anytown, MEETING, now=NOW).slot == 2


@pytest.mark.postgresql_only
def test_two_secretaries_submitting_at_once_produce_exactly_one_nomination(app, world):
    """Real concurrency: the second INSERT waits on the first's uncommitted slot, then is refused."""
    ids = dict(contest=world.leader.id, carter=world.carter.id, patel=world.patel.id, body=world.anytown.id)
    create_nomination(world.patel, world.mps[1], T0 + timedelta(days=1))
    db.session.commit()
    first_flushed, release_first = threading.Event(), threading.Event()
    outcomes = {}

    def secretary(name, candidacy_id, hold):
        from tracker.bodies.models import NominatingBody
        from tracker.candidates.models import Candidacy
        from tracker.elections.models import Contest

        with app.app_context():
            try:
                contest = db.session.get(Contest, ids["contest"])
                add_nomination(contest, db.session.get(Candidacy, candidacy_id),
                               db.session.get(NominatingBody, ids["body"]), MEETING, now=NOW)
                if hold:
                    first_flushed.set()
                    release_first.wait(10)
                db.session.commit()
                outcomes[name] = "recorded"
            except DomainError as error:
                db.session.rollback()
                outcomes[name] = error.messages
            finally:
                first_flushed.set()
                db.session.remove()

    first = threading.Thread(target=secretary, args=("first", ids["carter"], True))
    first.start()
    assert first_flushed.wait(10)
    second = threading.Thread(target=secretary, args=("second", ids["patel"], False))
    second.start()
    deadline, blocked = time.monotonic() + 10, False  # wait until the second INSERT waits on the first's row
    with db.engine.connect() as conn:
        while not blocked and time.monotonic() < deadline:
            blocked = bool(conn.execute(text("select count(*) from pg_locks where not granted")).scalar())
            time.sleep(0.02)
    release_first.set()
    first.join(10)
    second.join(10)
    assert blocked
    assert outcomes["first"] == "recorded"
    assert outcomes["second"] == [
        "CLP Anytown already nominated Sam Carter on 20 January 2026; withdraw that nomination first"
    ]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Nomination.id)).where(Nomination.body_id == ids["body"])) == 1


@pytest.mark.postgresql_only
def test_two_secretaries_of_one_body_nominating_different_candidates_at_once_both_succeed(app, world):
    nec, (ash, birch, *_) = world.nec(seats=3)
    ids = dict(contest=nec.id, body=world.anytown.id, ash=ash.id, birch=birch.id)
    barrier = threading.Barrier(2)
    slots = {}

    def secretary(candidacy_id):
        from tracker.bodies.models import NominatingBody
        from tracker.candidates.models import Candidacy
        from tracker.elections.models import Contest

        with app.app_context():
            try:
                contest = db.session.get(Contest, ids["contest"])
                candidacy = db.session.get(Candidacy, candidacy_id)
                body = db.session.get(NominatingBody, ids["body"])
                barrier.wait(5)
                slots[candidacy_id] = add_nomination(contest, candidacy, body, MEETING, now=NOW).slot
                db.session.commit()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=secretary, args=(ids[k],)) for k in ("ash", "birch")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert sorted(slots.values()) == [1, 2]


# --- Correcting, withdrawing, verifying, rejecting --------------------------------------------------


def test_secretary_corrects_a_submitted_nomination_and_the_window_is_checked_again(world):
    nomination = add_nomination(world.leader, world.carter, world.anytown, MEETING, now=NOW)
    correct_nomination(nomination, nominated_at=MEETING + timedelta(days=1), votes_for=12, now=NOW)
    assert (nomination.nominated_at, nomination.votes_for) == (MEETING + timedelta(days=1), 12)
    with pytest.raises(DomainError) as error:
        correct_nomination(nomination, nominated_at=SUPPORTING_OPENS - timedelta(days=1), now=NOW)
    assert error.value.messages == ["Nominations from CLPs for Leader open at 09:00 on 15 January 2026"]
    assert nomination.nominated_at == MEETING + timedelta(days=1)


def test_correcting_with_the_same_values_writes_no_audit_event(world):
    nomination = add_nomination(world.leader, world.carter, world.anytown, MEETING, votes_for=3, now=NOW)
    before = counts()
    correct_nomination(nomination, nominated_at=MEETING, votes_for=3, now=NOW)
    assert counts() == before


def test_verified_nomination_cannot_be_corrected_by_its_secretary(world):
    nomination = add_nomination(world.leader, world.carter, world.anytown, MEETING, now=NOW)
    verify_nomination(nomination, now=NOW)
    with pytest.raises(DomainError) as error:
        correct_nomination(nomination, votes_for=3, now=NOW)
    assert error.value.messages == [
        "CLP Anytown's nomination of Sam Carter is verified; only a submitted nomination can be corrected"
    ]


def test_nomination_cannot_be_corrected_or_withdrawn_after_the_stage_closes(world):
    nomination = add_nomination(world.leader, world.carter, world.anytown, MEETING, now=NOW)
    late = SUPPORTING_CLOSES + timedelta(seconds=1)
    with pytest.raises(DomainError) as corrected:
        correct_nomination(nomination, votes_for=3, now=late)
    with pytest.raises(DomainError) as withdrawn:
        withdraw_nomination(nomination, now=late)
    assert corrected.value.messages == ["Nominations from CLPs for Leader closed at 09:00 on 14 February 2026"]
    assert withdrawn.value.messages == [
        "Nominations from CLPs for Leader closed at 09:00 on 14 February 2026; the nomination can no longer be withdrawn"
    ]
    assert nomination.status == "submitted"


def test_withdrawn_nomination_cannot_be_withdrawn_again(world):
    nomination = add_nomination(world.leader, world.carter, world.anytown, MEETING, now=NOW)
    withdraw_nomination(nomination, now=NOW)
    with pytest.raises(DomainError, match="is already withdrawn"):
        withdraw_nomination(nomination, now=NOW)


def test_verification_records_who_decided_and_when(world):
    from flask import g

    g.actor_label = "returning officer"
    nomination = add_nomination(world.leader, world.carter, world.anytown, MEETING, now=NOW)
    verify_nomination(nomination, now=NOW + timedelta(hours=1))
    assert (nomination.status, nomination.decided_at) == ("verified", NOW + timedelta(hours=1))
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "nomination.verify")).one()
    assert (event.object_type, event.object_id) == ("nomination", nomination.id)
    assert event.actor_label == "returning officer" and event.before["status"] == "submitted"


def test_rejection_needs_a_reason_and_frees_the_place(world):
    nomination = add_nomination(world.leader, world.carter, world.anytown, MEETING, now=NOW)
    with pytest.raises(DomainError) as error:
        reject_nomination(nomination, "  ", now=NOW)
    assert error.value.problems == [("reason", "Give the reason for rejecting the nomination; the body will see it")]
    reject_nomination(nomination, "Meeting was not quorate", now=NOW)
    assert (nomination.status, nomination.slot, nomination.rejection_reason) == ("rejected", None, "Meeting was not quorate")


def test_verify_many_verifies_all_or_none(world):
    first = add_nomination(world.leader, world.carter, world.anytown, MEETING, now=NOW)
    second = add_nomination(world.leader, world.carter, world.bridgeford, MEETING, now=NOW)
    withdraw_nomination(second, now=NOW)
    with pytest.raises(DomainError) as error:
        verify_many([first.id, second.id, 999999], now=NOW)
    assert error.value.messages == [
        "There is no nomination number 999999",
        "CLP Bridgeford's nomination of Sam Carter is withdrawn; only a submitted nomination can be verified",
    ]
    assert first.status == "submitted"
    third = add_nomination(world.leader, world.carter, world.bridgeford, MEETING, now=NOW)
    assert [n.status for n in verify_many([first.id, third.id], now=NOW)] == ["verified", "verified"]


def test_reject_many_rejects_all_for_one_reason(world):
    first = add_nomination(world.leader, world.carter, world.anytown, MEETING, now=NOW)
    second = add_nomination(world.leader, world.carter, world.bridgeford, MEETING, now=NOW)
    reject_many([first.id, second.id], "Duplicate of a paper return", now=NOW)
    assert {first.status, second.status} == {"rejected"}
