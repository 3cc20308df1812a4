"""Where a contest stands at a moment: derived from the timetable, halts, the freeze and the declaration.

Leader timetable (conftest), all 2026, UTC = London time in winter: MPs 7 Jan 09:00 - 13 Jan 14:30;
CLPs or affiliates 15 Jan 09:00 - 14 Feb 17:00; ballot 24 Feb 09:00 - 2 Apr 12:00 (in summer time
from 29 March, so 12:00 London is 11:00 UTC); result expected 4 Apr 11:00 London (10:00 UTC).
"""
from datetime import UTC, datetime

import pytest

from tracker.rules import stage_at
from tracker.rules.stages import Halt, halt_in_force


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


BALLOT_OPENS = at("2026-02-24 09:00")
BALLOT_CLOSES = at("2026-04-02 11:00")
RESULT = at("2026-04-04 10:00")


@pytest.fixture
def leader_at(leader_stages):
    """The Leader contest's state at a moment, with optional admin acts."""

    def state(moment, **acts):
        return stage_at(leader_stages, BALLOT_OPENS, BALLOT_CLOSES, RESULT, moment, **acts)

    return state


@pytest.mark.parametrize(
    ("moment", "key", "label", "next_change_at"),
    [
        ("2026-01-01 12:00", "upcoming", "Upcoming: Nominations from MPs opens 09:00 on 7 January 2026",
         "2026-01-07 09:00"),
        ("2026-01-07 09:00", "plp", "Nominations from MPs (closes 14:30 on 13 January 2026)", "2026-01-13 14:30"),
        ("2026-01-13 14:30", "between:supporting",
         "Between stages: Nominations from CLPs or affiliates opens 09:00 on 15 January 2026", "2026-01-15 09:00"),
        ("2026-01-20 12:00", "supporting", "Nominations from CLPs or affiliates (closes 17:00 on 14 February 2026)",
         "2026-02-14 17:00"),
        ("2026-02-14 17:00", "awaiting_ballot", "Nominations closed; ballot opens 09:00 on 24 February 2026",
         "2026-02-24 09:00"),
        ("2026-02-24 09:00", "ballot", "Ballot open (closes 12:00 on 2 April 2026)", "2026-04-02 11:00"),
        ("2026-04-02 11:00", "counting", "Ballot closed; counting (result expected 11:00 on 4 April 2026)",
         "2026-04-04 10:00"),
        ("2026-04-05 12:00", "counting", "Ballot closed; counting", None),
    ],
)
def test_the_stage_follows_the_timetable(leader_at, moment, key, label, next_change_at):
    state = leader_at(at(moment))
    assert (state.key, state.label, state.halted, state.halt_reason) == (key, label, False, None)
    assert state.next_change_at == (at(next_change_at) if next_change_at else None)


def test_a_ballot_frozen_before_it_opens_is_shown_as_the_ballot(leader_at):
    state = leader_at(at("2026-02-20 12:00"), frozen_at=at("2026-02-18 12:00"))
    assert (state.key, state.label) == ("ballot", "Ballot published; voting opens 09:00 on 24 February 2026")
    assert leader_at(at("2026-02-17 12:00"), frozen_at=at("2026-02-18 12:00")).key == "awaiting_ballot"


def test_the_result_once_declared_and_no_further_change(leader_at):
    state = leader_at(at("2026-04-04 10:05"), declared_at=at("2026-04-04 10:03"))
    assert (state.key, state.label, state.next_change_at) == (
        "result", "Result declared at 11:03 on 4 April 2026", None
    )
    assert leader_at(at("2026-04-04 10:02"), declared_at=at("2026-04-04 10:03")).key == "counting"


def test_a_halt_keeps_the_stage_and_says_why(leader_at):
    halts = [Halt(at("2026-01-20 09:00"), None, "legal challenge")]
    state = leader_at(at("2026-01-21 12:00"), halts=halts)
    assert (state.key, state.halted, state.halt_reason) == ("supporting", True, "legal challenge")
    assert state.label == "Nominations from CLPs or affiliates (closes 17:00 on 14 February 2026) — halted: legal challenge"
    assert state.next_change_at == at("2026-02-14 17:00")


@pytest.mark.parametrize(
    ("moment", "halted"),
    [("2026-01-19 12:00", False), ("2026-01-20 09:00", True), ("2026-01-21 08:59", True), ("2026-01-21 09:00", False)],
)
def test_a_halt_applies_from_its_start_until_it_is_resumed(leader_at, moment, halted):
    halts = [Halt(at("2026-01-20 09:00"), at("2026-01-21 09:00"), None)]
    state = leader_at(at(moment), halts=halts)
    assert (state.key, state.halted) == ("supporting", halted)
    assert state.label.endswith(" — halted") is halted


def test_of_two_halts_in_force_the_later_gives_the_reason(leader_at):
    halts = [Halt(at("2026-01-20 09:00"), None, "legal challenge"), Halt(at("2026-01-22 09:00"), None, "data breach")]
    assert leader_at(at("2026-01-23 12:00"), halts=halts).halt_reason == "data breach"


def test_a_contest_without_a_ballot_timetable_awaits_it(leader_stages):
    state = stage_at(leader_stages, None, None, None, at("2026-03-01 12:00"))
    assert (state.key, state.label, state.next_change_at) == (
        "awaiting_ballot", "Nominations closed; ballot not yet scheduled", None
    )


def test_labels_are_in_the_contests_time_zone(leader_stages):
    state = stage_at(leader_stages, BALLOT_OPENS, BALLOT_CLOSES, RESULT, at("2026-03-01 12:00"), timezone="UTC")
    assert state.label == "Ballot open (closes 11:00 on 2 April 2026)"


@pytest.mark.parametrize(("moment", "reason"), [
    ("2026-01-19 12:00", None),             # before any halt
    ("2026-01-20 12:00", "legal challenge"),
    ("2026-01-21 09:00", None),             # resumed at that moment
    ("2026-01-22 09:30", "data breach"),
    ("2026-01-23 12:00", "a second breach"),  # the latest begun of those in force
])
def test_the_halt_in_force_at_a_moment(moment, reason):
    halts = [Halt(at("2026-01-20 09:00"), at("2026-01-21 09:00"), "legal challenge"),
             Halt(at("2026-01-22 09:00"), None, "data breach"), Halt(at("2026-01-22 10:00"), None, "a second breach")]
    found = halt_in_force(halts, at(moment))
    assert (found.reason if found else None) == reason
