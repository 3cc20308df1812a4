"""The rules a declared result must obey, and reading one from CSV (pure: no app, no database)."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from tracker.results.figures import (
    DeclaredFigures,
    Round,
    first_round_total,
    parse_result_csv,
    rounds_from_json,
    rounds_to_json,
    validate_result,
)

BALLOT = ("Ann Adams", "Ben Brown", "Cat Clark")
D = Decimal


def three_rounds() -> tuple[Round, ...]:
    """1,000 valid votes; Clark excluded in round 1, Brown in round 2, Adams elected in round 3."""
    return (
        Round(1, {"Ann Adams": D(450), "Ben Brown": D(350), "Cat Clark": D(200)}, excluded=("Cat Clark",)),
        Round(2, {"Ann Adams": D(480), "Ben Brown": D(490), "Cat Clark": D(0)}, D(30)),
        Round(3, {"Ann Adams": D(560), "Ben Brown": D(400)}, D(40), elected=("Ann Adams",)),
    )


def sound(**changes) -> DeclaredFigures:
    base = DeclaredFigures(valid_votes=1000, rounds=three_rounds(), rejected_votes=12, electorate=2000, turnout=1012)
    return replace(base, **changes)


def test_a_sound_three_round_result_has_no_problems():
    assert validate_result(sound(), BALLOT, seats=1) == []


def with_round(index: int, **changes) -> tuple[Round, ...]:
    rounds = list(three_rounds())
    rounds[index] = replace(rounds[index], **changes)
    return tuple(rounds)


@pytest.mark.parametrize(
    "figures, sentence",
    [
        pytest.param(
            sound(rounds=with_round(1, non_transferable=D(20))),
            "In round 2 the candidates' votes (970) and the non-transferable votes (20) add up to 990, "
            "not the valid vote of 1,000.",
            id="votes-plus-non-transferable-must-be-the-valid-vote",
        ),
        pytest.param(
            sound(rounds=with_round(2, votes={"Ann Adams": D(500), "Ben Brown": D(400), "Cat Clark": D(60)})),
            "Cat Clark was excluded in round 1 but has 60 votes in round 3; an excluded candidate stays excluded.",
            id="an-excluded-candidate-stays-excluded",
        ),
        pytest.param(
            sound(rounds=with_round(2, elected=("Ann Adams", "Ben Brown"))),
            "2 candidates are marked elected, but the contest has 1 seat.",
            id="as-many-elected-as-seats",
        ),
        pytest.param(
            sound(rounds=with_round(2, elected=())),
            "0 candidates are marked elected, but the contest has 1 seat.",
            id="nobody-elected-is-refused",
        ),
        pytest.param(
            sound(rounds=with_round(0, votes={"Ann Adams": D(450), "Ben Brown": D(350), "Zed Zane": D(200)},
                                    excluded=("Zed Zane",))),
            "Round 1 names Zed Zane, not on the frozen ballot.",
            id="candidates-are-those-on-the-frozen-ballot",
        ),
        pytest.param(
            sound(rounds=with_round(0, votes={"Ann Adams": D(650), "Ben Brown": D(350)}, excluded=())),
            "Round 1 gives no votes for Cat Clark, on the frozen ballot.",
            id="round-one-gives-every-candidate-a-figure",
        ),
        pytest.param(
            sound(rounds=with_round(2, excluded=("Cat Clark",), votes={"Ann Adams": D(560), "Ben Brown": D(400)})),
            "Cat Clark is marked excluded in rounds 1 and 3; a candidate is excluded once.",
            id="excluded-once",
        ),
        pytest.param(
            sound(rounds=with_round(2, elected=("Cat Clark",))),
            "Cat Clark was excluded in round 1 and cannot be elected in round 3.",
            id="an-excluded-candidate-cannot-be-elected",
        ),
        pytest.param(
            sound(rounds=(three_rounds()[0], three_rounds()[2])),
            "Rounds must be numbered 1, 2, 3… in order: round 2 is missing.",
            id="rounds-numbered-in-order",
        ),
        pytest.param(
            sound(rounds=()),
            "Enter at least one round of votes.",
            id="at-least-one-round",
        ),
        pytest.param(
            sound(turnout=1000),
            "The turnout (1,000) must be the valid (1,000) plus rejected (12) ballots, 1,012.",
            id="turnout-is-valid-plus-rejected",
        ),
        pytest.param(
            sound(electorate=1000),
            "The turnout (1,012) cannot exceed the electorate (1,000).",
            id="turnout-within-electorate",
        ),
        pytest.param(
            sound(rounds=with_round(1, votes={"Ann Adams": D(520), "Ben Brown": D(490), "Cat Clark": D(-40)},
                                    non_transferable=D(30))),
            "Round 2 gives Cat Clark -40 votes; votes cannot be negative.",
            id="no-negative-votes",
        ),
        pytest.param(
            sound(valid_votes=None),
            "The valid vote must be a whole number greater than 0.",
            id="a-valid-vote-is-needed",
        ),
    ],
)
def test_each_rule_of_a_declaration_is_refused_with_its_sentence(figures, sentence):
    assert sentence in [message for _, message in validate_result(figures, BALLOT, seats=1)]


def test_every_problem_is_reported_at_once():
    figures = sound(turnout=5, rounds=with_round(2, elected=()))
    messages = [message for _, message in validate_result(figures, BALLOT, seats=1)]
    assert len(messages) == 2


def test_a_multi_seat_result_with_transfers_in_fractions_is_exact():
    rounds = (
        Round(1, {"Ann Adams": D(400), "Ben Brown": D(250), "Cat Clark": D(350)}, elected=("Ann Adams",)),
        Round(2, {"Ann Adams": D("333.00000"), "Ben Brown": D("290.33333"), "Cat Clark": D("376.66666")},
              D("0.00001"), elected=("Cat Clark",)),
    )
    figures = DeclaredFigures(valid_votes=1000, rounds=rounds)
    assert validate_result(figures, BALLOT, seats=2) == []


def test_csv_rows_become_rounds_with_non_transferable_and_statuses():
    text = (
        "round,candidate,votes,status\n"
        "1,Ann Adams,450,\n1,Ben Brown,350,\n1,Cat Clark,200,excluded\n"
        "2,Ann Adams,480,\n2,Ben Brown,490,\n2,Non-transferable,30,\n"
        "3,Ann Adams,560,elected\n3,Ben Brown,400,\n3,non-transferable,40,\n"
    )
    rounds, problems = parse_result_csv(text, "result.csv")
    assert problems == []
    assert [r.number for r in rounds] == [1, 2, 3]
    assert rounds[0].excluded == ("Cat Clark",)
    assert rounds[1].non_transferable == D(30)
    assert rounds[2].elected == ("Ann Adams",)
    assert validate_result(DeclaredFigures(valid_votes=first_round_total(rounds), rounds=rounds), BALLOT, 1) == []


def test_csv_problems_name_the_file_row_and_column():
    text = "round,candidate,votes,status\none,Ann Adams,450,\n1,Ben Brown,lots,\n1,Cat Clark,200,won\n1,Ben Brown,3,\n"
    _, problems = parse_result_csv(text, "result.csv")
    assert [message for _, message in problems] == [
        "result.csv, row 2, column round: 'one' is not a round number (1, 2, 3…).",
        "result.csv, row 3, column votes: 'lots' is not a number.",
        "result.csv, row 4, column status: 'won' must be blank, elected or excluded.",
    ]


def test_csv_without_the_needed_columns_is_refused():
    _, problems = parse_result_csv("name,count\nAnn,3\n", "result.csv")
    assert "missing round, candidate, votes" in problems[0][1]


def test_rounds_survive_storage_exactly():
    assert rounds_from_json(rounds_to_json(three_rounds())) == three_rounds()
    assert rounds_to_json(three_rounds())[1]["non_transferable"] == "30"
