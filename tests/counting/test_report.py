"""The count's JSON (DESIGN.md's shape) and its printed stage table."""

import json

from tracker.counting import Election, count, format_table, to_dict, to_json

ELECTION = Election(title="Ward 9", seats=2, candidates=("Ann", "Bob", "Cat", "Dan"),
                    ballots=((7, (0, 1)), (3, (0, 2)), (1, (0,)), (4, (1,)), (3, (2,)), (2, (3, 2)), (1, (3,))))


def test_json_has_exactly_the_documented_shape_with_exact_decimal_strings():
    data = json.loads(to_json(count(ELECTION, "scottish-stv")))
    assert set(data) == {"method", "seats", "quota", "elected", "stages"}
    assert data["method"] == "scottish-stv" and data["seats"] == 2 and data["quota"] == "8.00000"
    assert data["elected"] == ["Ann", "Bob"]
    first, second = data["stages"][0], data["stages"][1]
    assert set(first) == {"stage", "action", "votes", "non_transferable", "elected", "excluded"}
    assert first == {"stage": 1, "action": "First preferences",
                     "votes": {"Ann": "11.00000", "Bob": "4.00000", "Cat": "3.00000", "Dan": "3.00000"},
                     "non_transferable": "0.00000", "elected": ["Ann"], "excluded": []}
    assert second["votes"]["Bob"] == "5.90904" and second["non_transferable"] == "0.27280"
    assert [s["stage"] for s in data["stages"]] == list(range(1, len(data["stages"]) + 1))
    assert to_dict(count(ELECTION, "scottish-stv")) == data


def test_the_table_shows_candidates_by_stage_with_marks_and_totals():
    table = format_table(count(ELECTION, "scottish-stv"))
    lines = table.splitlines()
    assert lines[0] == "Ward 9 — Scottish STV, 2 seats, valid votes 21.00000, quota 8.00000"
    assert any(line.startswith("Ann") and "11.00000 E" in line for line in lines)
    assert any(line.startswith("Dan") and "0.00000 x" in line for line in lines)
    assert any(line.startswith("Non-transferable") for line in lines)
    assert any(line.startswith("  of which rounding") and "0.00008" in line for line in lines)
    total = next(line for line in lines if line.startswith("Total"))
    assert total.split()[1:] == ["21.00000"] * 4
    assert "Stage 2: Surplus of Ann transferred — surplus 3.00000, transfer value 0.27272" in lines
    assert lines[-1] == "Elected: Ann, Bob"


def test_the_table_reports_the_seed_when_lot_was_used():
    tied = Election(title="", seats=1, candidates=("A", "B", "C"), ballots=((1, (0,)), (1, (1,)), (1, (2,))))
    assert format_table(count(tied, "scottish-stv", seed=99)).rstrip().endswith(
        "Ties were broken by lot with seed 99.")
