"""Instant-runoff: a majority of the votes still in the count wins; otherwise the last is excluded."""

from decimal import Decimal

import pytest

from tracker.counting import CountError, Election, count


def election(ballots, withdrawn=()):
    names = ("Ann", "Bob", "Cat", "Dan")
    index = {name[0]: i for i, name in enumerate(names)}
    return Election(title="irv", seats=1, candidates=names,
                    ballots=tuple((w, tuple(index[c] for c in prefs.split())) for w, prefs in ballots),
                    withdrawn=frozenset(withdrawn))


def test_a_first_preference_majority_wins_at_once():
    result = count(election([(7, "A"), (3, "B"), (2, "C"), (1, "D")]), "irv")  # 7 of 13
    assert result.elected == ("Ann",) and len(result.stages) == 1


def test_exclusions_continue_until_a_majority_of_the_continuing_votes():
    # Stage 1 (12 votes, majority 7): Ann 5, Bob 4, Cat 2, Dan 1.
    # Stage 2: Dan out, his paper exhausts (11 in count, majority 6): Ann 5, Bob 4, Cat 2.
    # Stage 3: Cat out: one paper to Ann, one to Bob (11 in count): Ann 6 -> elected.
    result = count(election([(5, "A"), (4, "B"), (1, "C A"), (1, "C B"), (1, "D")]), "irv")
    assert [s.action for s in result.stages] == ["First preferences", "Exclusion of Dan", "Exclusion of Cat"]
    third = result.stages[2]
    assert third.votes == {"Ann": 6, "Bob": 5, "Cat": 0, "Dan": 0}
    assert third.non_transferable == Decimal(1)
    assert "majority of the 11 votes still in the count: 6" in third.note
    assert result.elected == ("Ann",) and result.quota == 6


def test_two_left_tied_at_every_stage_are_separated_by_lot():
    result = count(election([(2, "A"), (2, "B")]), "irv", seed=7)
    assert result.lot_used and result.seed == 7 and len(result.elected) == 1


def test_irv_refuses_more_than_one_seat():
    with pytest.raises(CountError, match="one seat"):
        count(election([(1, "A")]), "irv", seats=2)
