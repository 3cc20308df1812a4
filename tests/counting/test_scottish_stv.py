"""Scottish STV on small elections worked out by hand: each test's comments are the count sheet."""

from decimal import Decimal

from tracker.counting import Election, count
from tracker.counting.common import TieBreaker


def election(candidates, ballots, seats, withdrawn=()):
    """Ballots as (weight, "A B ...") with candidates named by their first letter."""
    index = {name[0]: i for i, name in enumerate(candidates)}
    return Election(title="hand count", seats=seats, candidates=tuple(candidates),
                    ballots=tuple((w, tuple(index[c] for c in prefs.split())) for w, prefs in ballots),
                    withdrawn=frozenset(withdrawn))


def figures(stage):
    return {name: f"{value:.5f}" for name, value in stage.votes.items()}


ANN, BOB, CAT, DAN = "Ann", "Bob", "Cat", "Dan"

# 21 valid papers, 2 seats: quota = floor(21 / 3) + 1 = 8.
SURPLUS = election([ANN, BOB, CAT, DAN], [
    (7, "A B"), (3, "A C"), (1, "A"),  # Ann 11
    (4, "B"),                           # Bob 4
    (3, "C"),                           # Cat 3
    (2, "D C"), (1, "D"),               # Dan 3
], seats=2)


def test_surplus_is_transferred_at_a_truncated_transfer_value():
    result = count(SURPLUS, "scottish-stv")
    first, second = result.stages[0], result.stages[1]
    # Stage 1: Ann 11 >= 8 is elected with a surplus of 3.
    assert figures(first) == {ANN: "11.00000", BOB: "4.00000", CAT: "3.00000", DAN: "3.00000"}
    assert first.elected == (ANN,) and result.quota == Decimal(8)
    # Stage 2: transfer value = 3 x 1 / 11 = 0.272727... -> 0.27272 (remainder ignored).
    #   7 papers to Bob: 1.90904; 3 to Cat: 0.81816; 1 with no next preference: 0.27272.
    #   Lost to truncation: 3 - 1.90904 - 0.81816 - 0.27272 = 0.00008.
    assert second.action == "Surplus of Ann transferred"
    assert "transfer value 0.27272" in second.note
    assert figures(second) == {ANN: "8.00000", BOB: "5.90904", CAT: "3.81816", DAN: "3.00000"}
    assert second.loss == Decimal("0.00008")
    assert second.non_transferable == Decimal("0.27280")  # 0.27272 exhausted + 0.00008 lost


def test_exclusion_non_transferable_papers_and_the_last_vacancy_filled_without_quota():
    result = count(SURPLUS, "scottish-stv")
    third, fourth = result.stages[2], result.stages[3]
    # Stage 3: no surplus left; Dan (3) has fewest votes: 2 papers go to Cat, 1 has no next preference.
    assert third.action == "Exclusion of Dan" and third.excluded == (DAN,)
    assert figures(third) == {ANN: "8.00000", BOB: "5.90904", CAT: "5.81816", DAN: "0.00000"}
    assert third.non_transferable == Decimal("1.27280")
    # Stage 4: Cat (5.81816) is excluded; none of her papers has a next preference for Bob.
    #   Bob is then the only continuing candidate for the only vacancy (rule 52): elected at 5.90904.
    assert fourth.action == "Exclusion of Cat"
    assert figures(fourth) == {ANN: "8.00000", BOB: "5.90904", CAT: "0.00000", DAN: "0.00000"}
    assert fourth.non_transferable == Decimal("7.09096")
    assert fourth.elected == (BOB,) and "continuing candidates equal the vacancies" in fourth.note
    assert result.elected == (ANN, BOB)
    assert len(result.stages) == 4


def test_a_candidate_exactly_at_the_quota_has_no_surplus_and_the_count_stops_when_seats_are_filled():
    # 2 seats, 13 papers: quota = floor(13 / 3) + 1 = 5.
    # Stage 1: Ann 8 (elected), Bob 2, Cat 3.
    # Stage 2: Ann's surplus 3, transfer value 3/8 = 0.375 -> 0.37500: 8 papers to Bob: 3.00000.
    #   Bob 5.00000 exactly reaches the quota: elected with no surplus. Both seats are filled: the end.
    ballots = election([ANN, BOB, CAT], [(8, "A B C"), (2, "B"), (3, "C")], seats=2)
    result = count(ballots, "scottish-stv")
    assert figures(result.stages[1]) == {ANN: "5.00000", BOB: "5.00000", CAT: "3.00000"}
    assert result.stages[1].elected == (BOB,)
    assert result.elected == (ANN, BOB) and len(result.stages) == 2


def test_an_exclusion_tie_is_broken_by_the_most_recent_stage_at_which_they_differed():
    # 1 seat, 17 papers: quota = floor(17 / 2) + 1 = 9.
    # Stage 1: Ann 8, Bob 4, Cat 3, Dan 2.  Stage 2: Dan excluded, one paper to Cat: Bob 4, Cat 4.
    # Bob and Cat are tied at 4; at stage 1 Cat had fewer (3 < 4), so Cat is excluded (rule 51(2)(a)).
    # Stage 3: Cat's papers: 2 to Ann (10, elected), 1 to Bob (5); Dan's paper via Cat has nowhere to go.
    ballots = election([ANN, BOB, CAT, DAN], [
        (8, "A"), (4, "B"), (2, "C A"), (1, "C B"), (1, "D C"), (1, "D"),
    ], seats=1)
    result = count(ballots, "scottish-stv")
    second, third = result.stages[1], result.stages[2]
    assert figures(second) == {ANN: "8.00000", BOB: "4.00000", CAT: "4.00000", DAN: "0.00000"}
    assert third.action == "Exclusion of Cat"
    assert "broken by the votes at stage 1" in third.note
    assert figures(third) == {ANN: "10.00000", BOB: "5.00000", CAT: "0.00000", DAN: "0.00000"}
    assert third.non_transferable == Decimal(2)
    assert result.elected == (ANN,) and result.seed is None and not result.lot_used


def test_a_tie_equal_at_every_stage_is_broken_by_lot_with_the_seed_recorded():
    # 1 seat, 9 papers, three candidates with 3 each: equal at every stage, so lot decides (rule 51(2)(b)).
    ballots = election([ANN, BOB, CAT], [(3, "A"), (3, "B"), (3, "C")], seats=1)
    result = count(ballots, "scottish-stv", seed=2024)
    assert result.seed == 2024 and result.lot_used
    assert "by lot (seed 2024)" in result.stages[1].note
    assert count(ballots, "scottish-stv", seed=2024) == result  # the seed reproduces the draw
    drawn = count(ballots, "scottish-stv")  # no seed given: one is drawn and recorded
    assert drawn.seed is not None
    assert count(ballots, "scottish-stv", seed=drawn.seed).elected == drawn.elected


def test_equal_surpluses_go_in_order_of_the_most_recent_stage_at_which_the_candidates_differed():
    ties = TieBreaker(["A", "B", "C"], seed=None)
    ties.record([5, 7, 1])
    ties.record([9, 9, 2])
    ties.record([12, 12, 2])
    # A and B are equal now and at stage 2; at stage 1 B had more, so B's surplus goes first.
    chosen, note = ties.pick([0, 1], highest=True)
    assert chosen == 1 and "stage 1" in note
    chosen, _ = ties.pick([0, 1], highest=False)
    assert chosen == 0


def test_the_largest_surplus_is_transferred_first_and_one_surplus_per_stage():
    # 3 seats, 30 papers: quota = floor(30 / 4) + 1 = 8. Ann 13 and Bob 12 are elected at stage 1.
    # Stage 2: Ann's surplus (5) first: TV 5/13 = 0.384615... -> 0.38461 x 13 papers to Cat = 4.99993.
    # Stage 3: Bob's surplus (4): TV 4/12 = 0.33333 x 12 papers to Dan = 3.99996.
    #   Lost to truncation so far: 0.00007 + 0.00004 = 0.00011.
    # Stage 4: Cat 7.99993, Dan 5.99996, one vacancy: Dan is excluded; none of his papers reach Cat,
    #   who is then elected as the only continuing candidate.
    ballots = election([ANN, BOB, CAT, DAN], [(13, "A C"), (12, "B D"), (3, "C"), (2, "D")], seats=3)
    result = count(ballots, "scottish-stv")
    assert [s.action for s in result.stages] == [
        "First preferences", "Surplus of Ann transferred", "Surplus of Bob transferred", "Exclusion of Dan"]
    assert figures(result.stages[1]) == {ANN: "8.00000", BOB: "12.00000", CAT: "7.99993", DAN: "2.00000"}
    assert figures(result.stages[2]) == {ANN: "8.00000", BOB: "8.00000", CAT: "7.99993", DAN: "5.99996"}
    assert result.stages[2].loss == Decimal("0.00011")
    assert result.stages[3].non_transferable == Decimal("6.00007")  # 2 + 3.99996 exhausted + 0.00011 lost
    assert result.elected == (ANN, BOB, CAT)


def test_a_withdrawn_candidates_preferences_are_skipped():
    # Bob withdrew. "B A" counts for Ann; a paper for Bob alone is not a valid vote.
    # Valid: 4 + 3 + 2 = 9 papers, 1 seat, quota 5.
    ballots = election([ANN, BOB, CAT], [(4, "C"), (3, "B A"), (2, "A"), (5, "B")], seats=1, withdrawn={1})
    result = count(ballots, "scottish-stv")
    assert result.valid_votes == 9 and result.quota == 5
    assert figures(result.stages[0]) == {ANN: "5.00000", CAT: "4.00000"}
    assert result.elected == (ANN,)


def test_a_transfer_value_applies_to_papers_received_at_a_transfer_value():
    # 3 seats, 40 papers: quota = floor(40 / 4) + 1 = 11.
    # Stage 1: Ann 20 (elected), Bob 10, Cat 6, Dan 4.
    # Stage 2: Ann's surplus 9: TV 9/20 = 0.45: 20 papers to Bob = 9.00000. Bob 19 -> elected, surplus 8.
    # Stage 3: Bob's surplus 8 of 19, by rule 48(3) times the value of each paper:
    #   his 10 first-preference papers: 8 x 1 / 19 = 0.421052... -> 0.42105, to Cat: 4.21050
    #   the 20 papers received at 0.45: 8 x 0.45 / 19 = 0.189473... -> 0.18947, to Dan: 3.78940
    #   lost: 8 - 4.21050 - 3.78940 = 0.00010
    ballots = election([ANN, BOB, CAT, DAN], [(20, "A B D"), (10, "B C"), (6, "C"), (4, "D")], seats=3)
    result = count(ballots, "scottish-stv")
    third = result.stages[2]
    assert "0.42105 for papers worth 1.00000" in third.note and "0.18947 for papers worth 0.45000" in third.note
    assert figures(third) == {ANN: "11.00000", BOB: "11.00000", CAT: "10.21050", DAN: "7.78940"}
    assert third.loss == Decimal("0.00010")
    assert result.elected == (ANN, BOB, CAT)
