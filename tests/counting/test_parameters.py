"""A count that cannot be run as asked says why, before counting anything."""

import pytest

from tracker.counting import CountError, Election, count

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
