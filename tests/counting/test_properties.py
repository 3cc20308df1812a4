"""Invariants of every count, checked on many random small elections.

Conservation is exact: non_transferable includes the fractions lost to truncation (Stage.loss),
so at every stage the candidates' votes plus non_transferable equal the valid votes.
"""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.counting import Election, count

METHODS = ["scottish-stv", "meek"]


@st.composite
def elections(draw, single_seat=False):
    n = draw(st.integers(2, 6))
    ranking = st.permutations(range(n)).flatmap(lambda p: st.integers(1, n).map(lambda k: tuple(p[:k])))
    ballots = tuple(draw(st.lists(st.tuples(st.integers(1, 9), ranking), min_size=1, max_size=25)))
    withdrawn = frozenset(draw(st.sets(st.integers(0, n - 1), max_size=max(0, n - 2))))
    standing = n - len(withdrawn)
    seats = 1 if single_seat else draw(st.integers(1, standing))
    names = tuple(f"C{i}" for i in range(n))
    election = Election(title="random", seats=seats, candidates=names, ballots=ballots, withdrawn=withdrawn)
    if not any(c not in withdrawn for _, r in ballots for c in r):
        election = Election(title="random", seats=seats, candidates=names,
                            ballots=ballots + ((1, (next(c for c in range(n) if c not in withdrawn),)),),
                            withdrawn=withdrawn)
    return election


def valid_votes(election):
    return sum(w for w, r in election.ballots if any(c not in election.withdrawn for c in r))


def check_invariants(election, result):
    valid = valid_votes(election)
    assert result.valid_votes == valid
    assert [s.number for s in result.stages] == list(range(1, len(result.stages) + 1))
    excluded_at = {}
    for stage in result.stages:
        assert sum(stage.votes.values(), Decimal(0)) + stage.non_transferable == valid
        assert Decimal(0) <= stage.loss <= stage.non_transferable
        assert all(v >= 0 for v in stage.votes.values())
        for name in stage.excluded:
            excluded_at[name] = stage.number
        for name, at in excluded_at.items():
            assert stage.votes[name] == 0, f"{name} excluded at stage {at} still holds votes"
    elected = result.elected
    assert len(elected) == len(set(elected)) == result.seats  # never more, and exactly the seats
    assert not set(elected) & set(excluded_at)
    assert set(elected) == {n for s in result.stages for n in s.elected}
    standing = {election.candidates[c] for c in range(len(election.candidates)) if c not in election.withdrawn}
    assert set(elected) <= standing
    assert set(result.stages[0].votes) == standing


@settings(max_examples=300, deadline=None)
@given(elections(), st.sampled_from(METHODS), st.integers(0, 2**16))
def test_votes_are_conserved_and_exactly_the_seats_are_filled(election, method, seed):
    check_invariants(election, count(election, method, seed=seed))


@settings(max_examples=200, deadline=None)
@given(elections(single_seat=True), st.integers(0, 2**16))
def test_instant_runoff_conserves_votes_and_elects_one(election, seed):
    result = count(election, "irv", seed=seed)
    check_invariants(election, result)
    final = result.stages[-1].votes
    winner = result.elected[0]
    assert final[winner] * 2 > sum(final.values()) or sum(1 for v in final.values() if v) <= 1


@settings(max_examples=300, deadline=None)
@given(elections(), st.integers(0, 2**16))
def test_a_candidate_reaching_the_quota_is_always_elected(election, seed):
    result = count(election, "scottish-stv", seed=seed)
    for stage in result.stages:
        for name, votes in stage.votes.items():
            if votes >= result.quota:
                assert name in result.elected, f"{name} had {votes} at stage {stage.number}"


@settings(max_examples=200, deadline=None)
@given(elections(), st.integers(0, 2**16))
def test_no_elected_candidate_keeps_more_than_the_quota_after_their_surplus_moves(election, seed):
    result = count(election, "scottish-stv", seed=seed)
    for stage in result.stages:
        if stage.action.startswith("Surplus of "):
            name = stage.action[len("Surplus of "):-len(" transferred")]
            assert stage.votes[name] == result.quota


@settings(max_examples=200, deadline=None)
@given(elections(), st.sampled_from(METHODS + ["irv"]), st.integers(0, 2**16))
def test_the_same_seed_gives_the_same_count(election, method, seed):
    if method == "irv":
        election = Election(election.title, 1, election.candidates, election.ballots, election.withdrawn)
    assert count(election, method, seed=seed) == count(election, method, seed=seed)


@settings(max_examples=300, deadline=None)
@given(elections(), st.sampled_from(METHODS), st.data())
def test_the_minimum_number_of_women_is_always_met(election, method, data):
    standing = [c for c in range(len(election.candidates)) if c not in election.withdrawn]
    women = frozenset(data.draw(st.sets(st.sampled_from(standing), min_size=1)))
    min_women = data.draw(st.integers(1, min(len(women), election.seats)))
    result = count(election, method, min_women=min_women, women=women, seed=1)
    check_invariants(election, result)
    elected_women = [n for n in result.elected if election.candidates.index(n) in women]
    assert len(elected_women) >= min_women
