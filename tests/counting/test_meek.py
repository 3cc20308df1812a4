"""Meek STV: keep values converge so every elected candidate holds the quota of the votes still held."""

from decimal import Decimal

from tracker.counting import Election, count


def test_a_surplus_passes_through_the_keep_value_until_the_next_candidate_reaches_the_quota():
    # 2 seats, 11 votes, none exhausted: quota = 11 / 3 = 3.666666666 (nine places, down) + 0.000000001.
    # Stage 1: Ann 6 (elected), Bob 3, Cat 2.
    # Stage 2: Ann's keep value 3.666666667 / 6 = 0.6111111111... -> 0.611111112 (up):
    #   Ann keeps 6 x 0.611111112 = 3.666666672, Cat receives 2.333333328 -> 4.333333328 >= quota: elected.
    ballots = Election(title="meek", seats=2, candidates=("Ann", "Bob", "Cat"),
                       ballots=((6, (0, 2)), (3, (1,)), (2, (2,))))
    result = count(ballots, "meek")
    second = result.stages[1]
    assert second.action == "Surpluses transferred" and "1 iteration," in second.note
    assert second.votes == {"Ann": Decimal("3.66666"), "Bob": Decimal("3.00000"), "Cat": Decimal("4.33333")}
    assert second.non_transferable == Decimal("0.00001")  # shown five places, rounded down
    assert result.quota == Decimal("3.66666")
    assert result.elected == ("Ann", "Cat")


def test_meek_excludes_the_lowest_when_no_surplus_is_left():
    # 1 seat, 9 votes: Ann 4, Bob 3, Cat 2; Cat's papers go to Bob: Bob 5 is elected.
    ballots = Election(title="meek", seats=1, candidates=("Ann", "Bob", "Cat"),
                       ballots=((4, (0,)), (3, (1,)), (2, (2, 1))))
    result = count(ballots, "meek")
    assert [s.action for s in result.stages] == ["First preferences", "Exclusion of Cat"]
    assert result.elected == ("Bob",)


def test_meek_agrees_with_the_official_winners_of_an_aberdeen_ward():
    from pathlib import Path

    from tracker.counting import read_blt
    election = read_blt((Path(__file__).parent / "data" / "aberdeen_2017_ward1.blt").read_text())
    result = count(election, "meek")
    assert set(result.elected) == {"Avril Mackenzie", "Neil Macgregor", "Barney Crockett", "Gill Samarai"}
    for stage in result.stages:
        assert sum(stage.votes.values()) + stage.non_transferable == 6608
