"""A count that cannot be run as asked says why, before counting anything."""

import pytest

from tracker.counting import CountError, Election, count, count_as_asked, women_indexes

ELECTION = Election(title="t", seats=2, candidates=("A", "B", "C"), ballots=((1, (0, 1)), (2, (2,))),
                    withdrawn=frozenset({1}))


@pytest.mark.parametrize("kwargs, words", [
    ({"method": "borda"}, "unknown counting method"),
    ({"method": "scottish-stv", "seats": 0}, "at least one seat"),
    ({"method": "scottish-stv", "seats": 3}, "3 seats but only 2 candidates standing"),
    ({"method": "irv", "seats": 2}, "one seat"),
    ({"method": "meek", "min_women": 3}, "cannot be elected to 2 seats"),
    ({"method": "meek", "min_women": -1}, "cannot be negative"),
    ({"method": "meek", "min_women": 1, "women": frozenset({5})}, "not candidate indexes"),
])
def test_impossible_parameters_raise_count_error(kwargs, words):
    with pytest.raises(CountError, match=words):
        count(ELECTION, **kwargs)


def test_an_election_with_no_valid_ballot_cannot_be_counted():
    only_withdrawn = Election(title="t", seats=1, candidates=("A", "B"), ballots=((3, (1,)), (2, ())),
                              withdrawn=frozenset({1}))
    with pytest.raises(CountError, match="no valid ballots"):
        count(only_withdrawn, "irv")


def test_seats_default_to_the_files_number_of_seats():
    assert count(ELECTION, "scottish-stv").seats == 2


MEETING = Election(title="m", seats=2, candidates=("Ann Adams", "Ben Brown", "Cat Clark"),
                   ballots=((4, (0, 1)), (3, (1, 0)), (2, (2, 1))))


def test_women_are_named_by_name_in_any_case_and_spacing_or_by_number():
    assert women_indexes(MEETING.candidates, ("  cat   CLARK ", "1", "")) == (frozenset({2, 0}), [])
    assert women_indexes(MEETING.candidates, ("4", "²", "Zed")) == (frozenset(), ["4", "²", "Zed"])


def test_counting_as_asked_refuses_in_sentences_naming_the_parameter():
    result, women = count_as_asked(MEETING, "scottish-stv", min_women=1, women=("Cat Clark",))
    assert women == {2} and "Cat Clark" in result.elected
    with pytest.raises(CountError) as unknown:
        count_as_asked(MEETING, "irv", women=("Zed", "Yan"))
    assert str(unknown.value) == "Zed, Yan are not among the candidates in the file (Ann Adams, Ben Brown, Cat Clark)."
    assert unknown.value.parameter == "women"
    with pytest.raises(CountError) as impossible:
        count_as_asked(MEETING, "irv")
    assert str(impossible.value) == "Instant-runoff fills one seat; use scottish-stv or meek for 2 seats."
    assert impossible.value.parameter == ""


def test_women_known_from_elsewhere_need_not_be_in_the_file():
    _, women = count_as_asked(MEETING, "scottish-stv", min_women=1, also_women=("Cat Clark", "Di Dee"))
    assert women == {2}
