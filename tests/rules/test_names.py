"""Suggesting the name meant: one helper for slate picks and counts' ballot files."""
from tracker.rules.names import nearest_name
from tracker.rules.slates import Pick, validate_picks

BALLOT = ["Xavier Ames", "Yolanda Smyth", "Zed Zorn"]


def test_a_misspelt_name_suggests_the_closest_spelling():
    assert nearest_name("Yolanda Smith", BALLOT) == "Yolanda Smyth"


def test_a_name_spaced_or_cased_otherwise_suggests_itself():
    assert nearest_name("  yolanda   SMYTH ", BALLOT) == "Yolanda Smyth"


def test_a_name_like_none_on_the_list_suggests_nothing():
    assert nearest_name("Quentin Blake", BALLOT) is None


def test_a_slate_pick_misspelt_is_told_the_nearest_candidate():
    problems = validate_picks([Pick("Yolanda Smith")], BALLOT, 1)
    assert problems == [("picks[0].name", '"Yolanda Smith" is not a candidate in this contest. Did you mean "Yolanda Smyth"?')]
