"""Minimum women: once the seats left equal the women still needed, every man still in the count goes."""

import pytest

from tracker.counting import CountError, Election, count

# Al, Bo and Cy are men, Di is a woman. 25 papers, 2 seats: quota = floor(25 / 3) + 1 = 9.
NAMES = ("Al", "Bo", "Cy", "Di")
BALLOTS = Election(title="nec", seats=2, candidates=NAMES,
                   ballots=((10, (0,)), (8, (1,)), (3, (2, 3)), (4, (3,))))
WOMEN = frozenset({3})


@pytest.mark.parametrize("method", ["scottish-stv", "meek"])
def test_men_are_excluded_together_when_the_seats_left_are_needed_for_women(method):
    # Stage 1: Al 10 >= 9 is elected. One seat left, one woman needed: the rule now binds.
    # Stage 2: Bo and Cy are excluded together (before Al's surplus); Cy's 3 papers go to Di (7).
    #   Di is the only continuing candidate for the last seat: elected without the quota.
    result = count(BALLOTS, method, min_women=1, women=WOMEN)
    second = result.stages[1]
    assert second.action == "Men excluded to reserve seats for women"
    assert second.excluded == ("Bo", "Cy")
    assert second.elected == ("Di",)
    assert result.elected == ("Al", "Di")


def test_without_the_rule_the_men_would_win():
    assert count(BALLOTS, "scottish-stv").elected == ("Al", "Bo")


def test_a_woman_is_not_excluded_while_she_is_needed():
    # 1 seat, one woman needed: men are excluded at stage 2 and Di wins, though she has fewest votes.
    result = count(BALLOTS, "irv", seats=1, min_women=1, women=WOMEN)
    assert result.elected == ("Di",)
    assert result.stages[1].excluded == ("Al", "Bo", "Cy")


def test_a_man_reaching_the_quota_is_not_elected_to_a_seat_reserved_for_a_woman():
    # 1 seat, 1 woman needed, 19 votes: Al has 14, a majority, but the seat is reserved for a woman.
    # Stage 2: Al and Bo are excluded together; Bo's papers go to Di, who is elected.
    ballots = Election(title="nec", seats=1, candidates=("Al", "Bo", "Di"),
                       ballots=((14, (0,)), (2, (1, 2)), (3, (2,))))
    result = count(ballots, "irv", min_women=1, women=frozenset({2}))
    assert result.stages[0].elected == ()
    assert "Al reached the quota but the remaining seats are reserved for women" in result.stages[0].note
    assert result.stages[1].excluded == ("Al", "Bo")
    assert result.elected == ("Di",)


def test_more_women_required_than_are_standing_is_refused():
    with pytest.raises(CountError, match="at least 2 women must be elected but only 1 is standing"):
        count(BALLOTS, "scottish-stv", min_women=2, women=WOMEN)
