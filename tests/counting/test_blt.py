"""The BLT reader and writer: what a well-formed file means, and what each malformed one says."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.counting import BltError, Election, read_blt, write_blt

SAMPLE = """\
# a small election
4 2
-2
3 1 3 0       # three ballots ranking Ann then Cat
2 2 1 0
1 4 0
0
"Ann Smith"
"Bob Jones"
"Cat O'Neil"
"Dan # Hash"
"Test ward"
"""


def test_a_well_formed_file_reads_into_an_election():
    election = read_blt(SAMPLE)
    assert election == Election(
        title="Test ward",
        seats=2,
        candidates=("Ann Smith", "Bob Jones", "Cat O'Neil", "Dan # Hash"),
        ballots=((3, (0, 2)), (2, (1, 0)), (1, (3,))),
        withdrawn=frozenset({1}),
    )


def test_writing_then_reading_gives_the_same_election():
    election = read_blt(SAMPLE)
    assert read_blt(write_blt(election)) == election


def test_several_names_on_one_line_and_a_missing_title_are_accepted():
    election = read_blt('2 1\n1 1 2 0\n0\n"A" "B"\n')
    assert election.candidates == ("A", "B") and election.title == ""


def test_an_optional_ballot_identifier_is_ignored():
    assert read_blt('2 1\n(7) 1 2 1 0\n0\n"A"\n"B"\n"T"\n').ballots == ((1, (1, 0)),)


def test_numbers_written_unusually_read_as_the_same_numbers():
    assert read_blt('3 1\n1 01 +2 0\n1_0 3 0\n0\n"A"\n"B"\n"C"\n').ballots == ((1, (0, 1)), (10, (2,)))


def test_repeated_ballot_lines_are_each_a_ballot_in_file_order():
    election = read_blt('3 1\n1 1 2 0\n2 3 0\n\n1 1 2 0  # again\n1 1 2 0\n0\n"A"\n"B"\n"C"\n')
    assert election.ballots == ((1, (0, 1)), (2, (2,)), (1, (0, 1)), (1, (0, 1)))


@pytest.mark.parametrize("text, line, words", [
    ("", 1, "empty"),
    ("3\n", 1, "two numbers"),
    ("x 1\n", 1, "not a number"),
    ("2 0\n0\n\"A\"\n\"B\"\n", 1, "at least one seat"),
    ("2 1\n1 1 3 0\n0\n\"A\"\n\"B\"\n", 2, "unknown candidate number 3"),
    ("2 1\n1 1 2\n0\n\"A\"\n\"B\"\n", 2, "missing terminator 0"),
    ("2 1\n1 1 two 0\n0\n\"A\"\n\"B\"\n", 2, "'two' is not a number"),
    ("2 1\nmany 1 0\n0\n\"A\"\n\"B\"\n", 2, "ballot weight 'many' is not a number"),
    ("2 1\n0 1 0\n0\n\"A\"\n\"B\"\n", 2, "positive whole number"),
    ("2 1\n1 1 1 0\n0\n\"A\"\n\"B\"\n", 2, "duplicate preference"),
    ("2 1\n1 1 = 2 0\n0\n\"A\"\n\"B\"\n", 2, "equal rankings"),
    ("2 1\n1 1 2 0\n\"A\"\n\"B\"\n", 3, "missing the line '0'"),
    ("2 1\n1 1 2 0\n(7)\n0\n\"A\"\n\"B\"\n", 3, "identifier with no ballot"),
    ("2 1\n1 1 2 0\n", 2, "missing the line '0'"),
    ("2 1\n-3\n1 1 0\n0\n\"A\"\n\"B\"\n", 2, "unknown candidate number 3"),
    ("3 1\n1 1 0\n0\n\"A\"\n\"B\"\n", 5, "too few names"),
    ("2 1\n1 1 0\n0\n\"A\"\nB\n", 5, "expected a quoted name"),
    ("2 1\n1 1 0\n0\n\"A\"\n\"B\"\n\"T\"\n\"extra\"\n", 7, "unexpected text after the title"),
])
def test_a_malformed_file_names_the_line_and_the_problem(text, line, words):
    with pytest.raises(BltError) as caught:
        read_blt(text)
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value).startswith(f"line {line}: ")


names = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)


@st.composite
def elections(draw):
    count = draw(st.integers(1, 6))
    candidates = tuple(draw(st.lists(names, min_size=count, max_size=count)))
    rankings = st.permutations(range(count)).flatmap(lambda p: st.integers(0, count).map(lambda k: tuple(p[:k])))
    ballots = tuple(draw(st.lists(st.tuples(st.integers(1, 50), rankings), max_size=8)))
    withdrawn = frozenset(draw(st.sets(st.integers(0, count - 1))))
    return Election(title=draw(names), seats=draw(st.integers(1, count)), candidates=candidates,
                    ballots=ballots, withdrawn=withdrawn)


@given(elections())
def test_any_election_survives_a_round_trip_through_blt(election):
    assert read_blt(write_blt(election)) == election


def test_names_with_quotes_and_backslashes_survive_a_round_trip():
    election = Election(title='The "big" one', seats=1, candidates=('Ann "Nan" Smith', "Back\\slash\\"),
                        ballots=((1, (0, 1)),))
    assert read_blt(write_blt(election)) == election


def test_a_hash_inside_a_name_with_escaped_quotes_is_not_a_comment():
    election = Election(title="t", seats=1, candidates=('Ann "#1" Smith', "B"), ballots=((2, (1,)),))
    assert read_blt(write_blt(election)) == election
