"""The eligibility rules, one rule a test: who is on the ballot as of any moment, and why.

Timetable of the Leader contest (conftest): MPs nominate 7 January 09:00 - 13 January 14:30; CLPs
(5%) or affiliates (3, of which 2 unions, with 5% of affiliated membership) nominate 15 January
09:00 - 14 February 17:00, all 2026, all UTC = London time.
"""
import ast
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.rules import Route, StageRule


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


DURING_PLP = at("2026-01-10 12:00")
PLP_CLOSES = at("2026-01-13 14:30")
BETWEEN = at("2026-01-14 12:00")
DURING_SUPPORTING = at("2026-02-01 12:00")
SUPPORTING_CLOSES = at("2026-02-14 17:00")
AFTER = at("2026-02-20 12:00")


def one_stage(*routes: Route) -> StageRule:
    """A single nomination stage over the MPs' window."""
    return StageRule("noms", "Nominations", at("2026-01-07 09:00"), PLP_CLOSES, routes)


def through_plp(contest, key, mps=22):
    """Register MPs (210 in all) and have `mps` of them nominate the candidate in the MPs' stage."""
    codes = contest.register("mp", 210)
    contest.nominate(key, codes[:mps], DURING_PLP)
    return codes


def stage(verdict, stage_id):
    return next(result for result in verdict.stages if result.id == stage_id)


# --- Thresholds -------------------------------------------------------------------------------


@pytest.mark.parametrize(("registered", "needed"), [(210, 21), (212, 22), (200, 20), (1, 1), (0, 0)])
def test_share_threshold_is_the_share_of_registered_bodies_rounded_up(new_contest, registered, needed):
    contest = new_contest()
    contest.register("mp", registered)
    key = contest.stand("Sam Carter")
    assert stage(contest.judge(DURING_PLP).verdict(key), "plp").needed == needed


def test_share_of_an_explicit_base_ignores_the_registered_count(new_contest):
    contest = new_contest([one_stage(Route("mp", share=Fraction(1, 10), of=301))])
    contest.register("mp", 210)
    key = contest.stand("Sam Carter")
    assert stage(contest.judge(DURING_PLP).verdict(key), "noms").needed == 31


def test_share_threshold_met_exactly_passes_and_missed_by_one_eliminates(new_contest):
    contest = new_contest()
    codes = contest.register("mp", 210)
    exactly, short = contest.stand("Sam Carter"), contest.stand("Ria Patel")
    contest.nominate(exactly, codes[:21], DURING_PLP)
    contest.nominate(short, codes[21:41], DURING_PLP)
    verdict = contest.judge(BETWEEN)
    assert stage(verdict.verdict(exactly), "plp").met is True
    assert verdict.verdict(short).status == "eliminated"
    assert (stage(verdict.verdict(short), "plp").have, stage(verdict.verdict(short), "plp").needed) == (20, 21)


def test_count_route_needs_at_least_that_many_nominations(new_contest):
    contest = new_contest([one_stage(Route("clp", count=5))], seats=9)
    codes = contest.register("clp", 10)
    five, four = contest.stand("Sam Carter"), contest.stand("Ria Patel")
    contest.nominate(five, codes[:5], DURING_PLP)
    contest.nominate(four, codes[5:9], DURING_PLP)
    verdict = contest.judge(AFTER)
    assert verdict.verdict(five).status == "on_ballot"
    assert verdict.verdict(four).status == "eliminated"


def test_a_route_that_states_no_condition_needs_one_nomination(new_contest):
    contest = new_contest([one_stage(Route("clp"))])
    codes = contest.register("clp", 3)
    one, none = contest.stand("Sam Carter"), contest.stand("Ria Patel")
    contest.nominate(one, codes[:1], DURING_PLP)
    verdict = contest.judge(AFTER)
    assert (verdict.verdict(one).status, verdict.verdict(none).status) == ("on_ballot", "eliminated")


def test_a_float_share_is_read_as_the_decimal_written():
    assert Route("mp", share=0.1).share == Fraction(1, 10)
    assert Route("affiliate", membership_share=0.05).membership_share == Fraction(1, 20)


# --- Routes: any route meets the stage; every condition of a route must hold ---------------------


def supporting_bodies(contest):
    """660 CLPs (33 needed) and 6 affiliates: 2 unions of 40,000 members, 2 societies of 1,000, 2 of 59,000.

    200,000 affiliated members in all, so the affiliate route needs 10,000 of them.
    """
    return contest.register("clp", 660), (
        contest.register("affiliate", 2, is_union=True, members=40_000)
        + contest.register("affiliate", 2, members=1_000)
        + contest.register("affiliate", 2, members=59_000)
    )


def test_stage_met_by_the_affiliate_route_alone(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    through_plp(contest, key)
    _, affiliates = supporting_bodies(contest)
    contest.nominate(key, affiliates[:3], DURING_SUPPORTING)  # two unions and a society
    result = stage(contest.judge(AFTER).verdict(key), "supporting")
    clp_route, affiliate_route = result.routes
    assert (clp_route.met, affiliate_route.met, result.met) == (False, True, True)
    assert [c.met for c in affiliate_route.conditions] == [True, True, True]
    assert (result.needed, result.have) == (3, 3)  # the headline is the route that is met


def test_affiliate_route_fails_without_enough_unions_even_when_the_count_is_met(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    through_plp(contest, key)
    _, affiliates = supporting_bodies(contest)
    contest.nominate(key, affiliates[1:], DURING_SUPPORTING)  # one union and four societies
    result = stage(contest.judge(AFTER).verdict(key), "supporting")
    count, unions, membership = result.routes[1].conditions
    assert (count.met, unions.met, membership.met) == (True, False, True)
    assert (unions.have, unions.needed, unions.text) == (1, 2, "1 of 2 unions")
    assert result.met is False


@pytest.mark.parametrize(("members", "met"), [(10_000, True), (9_999, False)])
def test_membership_share_is_compared_exactly(new_contest, members, met):
    contest = new_contest([one_stage(Route("affiliate", membership_share=Fraction(5, 100)))])
    nominator = contest.register("affiliate", members=members)
    contest.register("affiliate", members=200_000 - members)
    key = contest.stand("Sam Carter")
    contest.nominate(key, nominator, DURING_PLP)
    (condition,) = stage(contest.judge(AFTER).verdict(key), "noms").routes[0].conditions
    assert condition.met is met
    assert condition.have == Fraction(members, 200_000)
    assert condition.text == ("5.0% of 5% membership" if met else "4.9% of 5% membership")


def test_the_headline_figures_come_from_the_route_closest_to_being_met(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    through_plp(contest, key)
    _, affiliates = supporting_bodies(contest)
    contest.nominate(key, affiliates[:2], DURING_SUPPORTING)  # 2 of 3 affiliates is nearer than 0 of 33 CLPs
    result = stage(contest.judge(AFTER).verdict(key), "supporting")
    assert (result.needed, result.have) == (3, 2)


# --- The stage gate -----------------------------------------------------------------------------


def test_nominations_for_a_stage_are_ignored_for_a_candidate_who_failed_the_stage_before(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    through_plp(contest, key, mps=5)
    contest.nominate(key, contest.register("clp", 660)[:40], DURING_SUPPORTING)
    verdict = contest.judge(AFTER).verdict(key)
    supporting = stage(verdict, "supporting")
    assert (supporting.state, supporting.have, supporting.met) == ("not_reached", 0, None)
    assert supporting.detail == "Not reached: Nominations from MPs was not met."
    assert (verdict.status, verdict.eliminated_at, verdict.since) == ("eliminated", "plp", PLP_CLOSES)


def test_nominations_for_a_stage_count_for_a_candidate_who_met_the_stage_before(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    through_plp(contest, key)
    contest.nominate(key, contest.register("clp", 660)[:40], DURING_SUPPORTING)
    verdict = contest.judge(AFTER).verdict(key)
    assert stage(verdict, "supporting").have == 40
    assert verdict.status == "on_ballot"


# --- When a nomination counts -------------------------------------------------------------------


def test_before_the_close_a_candidate_whose_figures_meet_the_stage_qualifies_but_nothing_is_final(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    through_plp(contest, key, mps=25)
    verdict = contest.judge(DURING_PLP)
    plp = stage(verdict.verdict(key), "plp")
    assert (plp.state, plp.met, plp.final, plp.have) == ("open", True, False, 25)
    assert plp.detail == "So far: 25 of 21 MPs (10% of 210) ✓"
    assert verdict.verdict(key).status == "qualified"
    assert verdict.on_ballot == ()
    supporting = stage(verdict.verdict(key), "supporting")
    assert (supporting.state, supporting.met, supporting.final, supporting.met_at) == ("not_open", False, False, None)


def test_a_nomination_dated_after_as_of_is_not_counted_yet(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    codes = contest.register("mp", 210)
    contest.nominate(key, codes[:3], at("2026-01-08 12:00"))
    contest.nominate(key, codes[3:10], at("2026-01-12 12:00"))
    assert stage(contest.judge(DURING_PLP).verdict(key), "plp").have == 3
    assert stage(contest.judge(AFTER).verdict(key), "plp").have == 10


@pytest.mark.parametrize(
    ("nominated_at", "counts"),
    [
        (at("2026-01-07 08:59"), False),
        (at("2026-01-07 09:00"), True),
        (PLP_CLOSES, True),
        (at("2026-01-13 14:31"), False),
    ],
)
def test_a_nomination_counts_only_inside_its_stage_window(new_contest, nominated_at, counts):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    contest.nominate(key, contest.register("mp", 10)[:1], nominated_at)
    assert stage(contest.judge(AFTER).verdict(key), "plp").have == int(counts)


@pytest.mark.parametrize("status", ["rejected", "withdrawn"])
def test_rejected_and_withdrawn_nominations_never_count(new_contest, status):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    codes = contest.register("mp", 10)
    contest.nominate(key, codes[:1], DURING_PLP)
    contest.nominate(key, codes[1:4], DURING_PLP, status=status)
    assert stage(contest.judge(AFTER).verdict(key), "plp").have == 1


def test_the_counting_statuses_setting_is_honoured(new_contest):
    contest = new_contest(counting_statuses=frozenset({"verified"}))
    key = contest.stand("Sam Carter")
    codes = contest.register("mp", 10)
    contest.nominate(key, codes[:2], DURING_PLP, status="verified")
    contest.nominate(key, codes[2:5], DURING_PLP, status="submitted")
    assert stage(contest.judge(AFTER).verdict(key), "plp").have == 2


def test_a_body_counts_once_for_a_candidate_however_often_it_nominates(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    codes = contest.register("mp", 10)
    contest.nominate(key, codes[:1] * 3, DURING_PLP)
    contest.nominate(key, codes[:1], at("2026-01-12 12:00"), status="submitted")
    assert stage(contest.judge(AFTER).verdict(key), "plp").have == 1


def test_a_body_counts_for_no_more_candidates_than_it_may_nominate_earliest_first(new_contest):
    contest = new_contest()
    first, second = contest.stand("Sam Carter"), contest.stand("Ria Patel")
    codes = contest.register("mp", 10)
    contest.nominate(second, codes[:1], at("2026-01-09 12:00"))
    contest.nominate(first, codes[:1], at("2026-01-08 12:00"))
    verdict = contest.judge(AFTER)
    assert stage(verdict.verdict(first), "plp").have == 1
    assert stage(verdict.verdict(second), "plp").have == 0


def test_in_a_multi_seat_contest_a_body_counts_for_up_to_its_allowance(new_contest):
    contest = new_contest([one_stage(Route("clp", count=1))], max_nominations_per_body=2)
    code = contest.register("clp")
    keys = [contest.stand(name) for name in ("Ann Able", "Ben Baker", "Cal Cole")]
    for hour, key in enumerate(keys, start=9):
        contest.nominate(key, code, at(f"2026-01-08 {hour:02d}:00"))
    verdict = contest.judge(AFTER)
    assert [stage(verdict.verdict(key), "noms").have for key in keys] == [1, 1, 0]


def test_unknown_bodies_and_candidates_are_ignored(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    contest.register("mp", 10)
    contest.nominate(key, ["no-such-body"], DURING_PLP)
    contest.nominate("no-such-candidate", ["mp-0"], DURING_PLP)
    verdict = contest.judge(AFTER)
    assert stage(verdict.verdict(key), "plp").have == 0
    assert [v.key for v in verdict.candidates] == [key]


# --- Suspended MPs ------------------------------------------------------------------------------


def test_a_nomination_from_an_mp_suspended_at_the_close_does_not_count(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    suspended_mp, others = contest.register("mp", person="pat-jones"), contest.register("mp", 209)
    contest.nominate(key, suspended_mp + others[:20], DURING_PLP)
    contest.suspend("pat-jones", at("2026-01-12 09:00"), ends_at=at("2026-03-01 09:00"))
    verdict = contest.judge(AFTER).verdict(key)
    assert stage(verdict, "plp").have == 20
    assert verdict.status == "eliminated"  # judged at the close: the later lifting does not revive it


def test_with_the_setting_off_a_suspended_mps_nomination_counts(new_contest):
    contest = new_contest(discount_suspended_mps=False)
    key = contest.stand("Sam Carter")
    contest.nominate(key, contest.register("mp", 10, person="pat-jones")[:1], DURING_PLP)
    contest.suspend("pat-jones", at("2026-01-12 09:00"))
    assert stage(contest.judge(AFTER).verdict(key), "plp").have == 1


def test_an_mp_suspension_that_starts_and_ends_inside_the_window_leaves_the_nomination_counting(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    contest.nominate(key, contest.register("mp", person="pat-jones"), DURING_PLP)
    contest.register("mp", 9)
    contest.suspend("pat-jones", at("2026-01-11 09:00"), ends_at=at("2026-01-12 09:00"))
    assert stage(contest.judge(at("2026-01-11 12:00")).verdict(key), "plp").have == 0  # so far, while it lasts
    assert stage(contest.judge(AFTER).verdict(key), "plp").have == 1


# --- Candidates suspended or withdrawn ----------------------------------------------------------


def on_the_ballot(contest, name="Sam Carter"):
    """A candidate who met both stages (22 MPs, 40 of 660 CLPs)."""
    key = contest.stand(name)
    through_plp(contest, key)
    contest.nominate(key, contest.register("clp", 660)[:40], DURING_SUPPORTING)
    return key


def test_a_suspended_candidate_is_not_eligible_and_the_reason_says_since_when(new_contest):
    contest = new_contest()
    key = on_the_ballot(contest)
    contest.suspend(key, at("2026-02-20 09:00"))
    verdict = contest.judge(at("2026-02-21 09:00"))
    carter = verdict.verdict(key)
    assert (carter.status, carter.eligible, carter.since) == ("suspended", False, at("2026-02-20 09:00"))
    assert carter.reason == "Suspended since 20 February 2026 (reason: none published)."
    assert verdict.on_ballot == ()


def test_a_suspension_lifted_before_the_ballot_puts_the_candidate_back_on_it(new_contest):
    contest = new_contest()
    key = on_the_ballot(contest)
    contest.suspend(key, at("2026-02-01 09:00"), ends_at=at("2026-02-18 09:00"), reason="social media posts")
    assert contest.judge(at("2026-02-17 09:00")).verdict(key).reason == (
        "Suspended since 1 February 2026 (reason: social media posts)."
    )
    verdict = contest.judge(at("2026-02-18 09:00"))
    assert verdict.verdict(key).status == "on_ballot"
    assert verdict.on_ballot == ("Sam Carter",)


def test_a_suspension_starting_after_as_of_changes_nothing(new_contest):
    contest = new_contest()
    key = on_the_ballot(contest)
    contest.suspend(key, at("2026-03-01 09:00"))
    assert contest.judge(AFTER).verdict(key).status == "on_ballot"


def test_a_withdrawal_after_as_of_changes_nothing(new_contest):
    contest = new_contest()
    key = on_the_ballot(contest)
    contest.withdraw(key, at("2026-03-01 09:00"))
    assert contest.judge(AFTER).verdict(key).status == "on_ballot"


def test_a_withdrawn_candidate_is_off_the_ballot_but_their_nominations_stay_in_the_figures(new_contest):
    contest = new_contest()
    key = on_the_ballot(contest)
    contest.withdraw(key, at("2026-02-01 09:00"))
    verdict = contest.judge(AFTER)
    carter = verdict.verdict(key)
    assert (carter.status, carter.eligible, carter.since) == ("withdrawn", False, at("2026-02-01 09:00"))
    assert carter.reason == "Withdrew on 1 February 2026."
    assert [(s.met, s.have) for s in carter.stages] == [(True, 22), (True, 40)]
    assert verdict.on_ballot == ()


def test_withdrawn_comes_before_suspended_which_comes_before_the_stage_verdict(new_contest):
    contest = new_contest()
    both = contest.stand("Ann Able")  # eliminated at the MPs' stage, suspended and withdrawn
    only_suspended = contest.stand("Ben Baker")  # eliminated too, and suspended
    contest.register("mp", 210)
    contest.suspend(both, at("2026-01-20 09:00"))
    contest.suspend(only_suspended, at("2026-01-20 09:00"))
    contest.withdraw(both, at("2026-01-21 09:00"))
    verdict = contest.judge(AFTER)
    assert verdict.verdict(both).status == "withdrawn"
    assert verdict.verdict(only_suspended).status == "suspended"
    assert verdict.verdict(only_suspended).eliminated_at == "plp"  # the stage verdict is still recorded


@pytest.mark.parametrize("as_of", [DURING_PLP, PLP_CLOSES, BETWEEN, DURING_SUPPORTING, SUPPORTING_CLOSES, AFTER])
def test_no_one_is_out_before_a_stage_closes_or_they_withdraw_as_may_be_out_says(new_contest, as_of):
    from tracker.rules.eligibility import may_be_out

    contest = new_contest()
    short = contest.stand("Ann Able")  # no nominations: eliminated once the MPs' stage closes
    leaving = contest.stand("Ben Baker")
    contest.register("mp", 210)
    contest.withdraw(leaving, at("2026-01-10 09:00"))
    verdict = contest.judge(as_of)
    for key in (short, leaving):
        out = verdict.verdict(key).status in ("withdrawn", "eliminated")
        possible = may_be_out(contest.rules, [contest.candidates[key].withdrawn_at], as_of)
        assert possible or not out
    assert verdict.verdict(short).status == ("eliminated" if as_of >= PLP_CLOSES else "in_progress")
    assert may_be_out(contest.rules, [None, None], as_of) == (as_of >= PLP_CLOSES)
    assert may_be_out(contest.rules, [None, at("2026-01-10 09:00")], as_of)  # withdrawn before every moment here


# --- The verdict --------------------------------------------------------------------------------


def test_the_ballot_is_empty_until_the_last_stage_closes(new_contest):
    contest = new_contest()
    on_the_ballot(contest)
    before, at_close = contest.judge(at("2026-02-14 16:59")), contest.judge(SUPPORTING_CLOSES)
    assert (before.ballot_set, before.on_ballot) == (False, ())
    assert before.candidates[0].status == "qualified"
    assert (at_close.ballot_set, at_close.on_ballot) == (True, ("Sam Carter",))
    assert at_close.candidates[0].since == SUPPORTING_CLOSES


def test_candidates_are_in_ballot_order_by_surname_then_full_name_ignoring_case(new_contest):
    contest = new_contest([one_stage(Route("clp"))], seats=9, max_nominations_per_body=9)
    code = contest.register("clp")
    for name in ("Ria Patel", "sam carter", "Alex de la Cruz", "Zoe Carter", "Ann Able"):
        contest.nominate(contest.stand(name), code, DURING_PLP)
    verdict = contest.judge(AFTER)
    expected = ("Ann Able", "sam carter", "Zoe Carter", "Alex de la Cruz", "Ria Patel")
    assert verdict.on_ballot == expected
    assert tuple(v.name for v in verdict.candidates) == expected


def test_the_verdict_for_an_unknown_key_is_a_key_error(new_contest):
    with pytest.raises(KeyError):
        new_contest().judge(AFTER).verdict("nobody")


def test_stage_details_state_what_was_had_against_what_was_needed(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    through_plp(contest, key, mps=88)
    clps, affiliates = supporting_bodies(contest)
    contest.nominate(key, clps[:31], DURING_SUPPORTING)
    contest.nominate(key, affiliates[5:], DURING_SUPPORTING)  # one society of 59,000 members
    carter = contest.judge(AFTER).verdict(key)
    assert stage(carter, "plp").detail == "88 of 21 MPs (10% of 210) ✓"
    supporting = "31 of 33 CLPs (5% of 660) ✗; or 1 of 3 affiliates, 0 of 2 unions, 29.5% of 5% membership ✗"
    assert stage(carter, "supporting").detail == supporting
    assert carter.reason == f"Eliminated at Nominations from CLPs or affiliates: {supporting}."
    assert (carter.eliminated_at, carter.since) == ("supporting", SUPPORTING_CLOSES)


def test_reasons_give_dates_and_times_in_the_contests_time_zone(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    contest.withdraw(key, at("2026-09-02 23:30"))  # 00:30 on 3 September in London (summer time)
    assert contest.judge(at("2026-09-04 09:00")).verdict(key).reason == "Withdrew on 3 September 2026."


@pytest.mark.parametrize(
    ("as_of", "reason"),
    [
        (at("2026-01-01 09:00"), "In progress: Nominations from MPs opens at 09:00 on 7 January 2026."),
        (DURING_PLP, "Qualified at 12:00 on 10 January 2026 with the nominations of mp-0, mp-1 and 20 others: 22 MPs."
                     " Nominations from MPs open until 14:30 on 13 January 2026;"
                     " Nominations from CLPs or affiliates opens at 09:00 on 15 January 2026."),
        (BETWEEN, "Qualified at 12:00 on 10 January 2026 with the nominations of mp-0, mp-1 and 20 others: 22 MPs."
                  " Nominations from CLPs or affiliates opens at 09:00 on 15 January 2026."),
        (DURING_SUPPORTING, "Qualified at 12:00 on 1 February 2026 with the nominations of clp-0, clp-1 and 38 others:"
                            " 40 CLPs. On the ballot if still standing when Nominations from CLPs or affiliates"
                            " closes at 17:00 on 14 February 2026."),
        (AFTER, "On the ballot: met every stage — Nominations from MPs: 22 of 21 MPs (10% of 210);"
                " Nominations from CLPs or affiliates: 40 of 33 CLPs (5% of 660)."),
    ],
)
def test_a_candidate_in_the_running_is_told_where_they_stand(new_contest, as_of, reason):
    contest = new_contest()
    key = on_the_ballot(contest)
    verdict = contest.judge(as_of).verdict(key)
    assert verdict.reason == reason
    assert verdict.eligible


# --- Properties ---------------------------------------------------------------------------------

MOMENTS = [at(t) for t in ("2026-01-01 09:00", "2026-01-08 09:00", "2026-01-13 14:30", "2026-01-14 09:00",
                           "2026-01-20 09:00", "2026-02-14 17:00", "2026-02-20 09:00")]
INSIDE_WINDOWS = [at("2026-01-08 09:00"), PLP_CLOSES, at("2026-01-20 09:00"), SUPPORTING_CLOSES]
BODIES = [f"mp-{i}" for i in range(6)] + [f"clp-{i}" for i in range(40)] + [f"affiliate-{i}" for i in range(4)]

nominations = st.lists(
    st.tuples(
        st.sampled_from(["sam-carter", "ria-patel"]),
        st.sampled_from(BODIES + ["no-such-body"]),
        st.sampled_from(MOMENTS),
        st.sampled_from(["submitted", "verified", "rejected", "withdrawn"]),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None, database=None)
@given(
    recorded=nominations,
    added=st.tuples(st.sampled_from(["sam-carter", "ria-patel"]), st.sampled_from(BODIES), st.sampled_from(INSIDE_WINDOWS)),
    as_of=st.sampled_from(MOMENTS),
)
def test_counts_never_exceed_the_bodies_of_the_kind_and_never_fall_when_a_nomination_is_added(
    new_contest, recorded, added, as_of
):
    contest = new_contest()
    contest.register("mp", 6)
    contest.register("clp", 40)
    contest.register("affiliate", 4, is_union=True, members=100)
    for name in ("Sam Carter", "Ria Patel"):
        contest.stand(name)
    for key, code, nominated_at, status in recorded:
        contest.nominate(key, [code], nominated_at, status)
    registered = {kind: sum(body.kind == kind for body in contest.bodies) for kind in ("mp", "clp", "affiliate")}
    before = contest.judge(as_of)

    key, code, nominated_at = added
    contest.nominate(key, [code], min(nominated_at, as_of))
    after = contest.judge(as_of)

    for verdict in before.candidates + after.candidates:
        for result in verdict.stages:
            for route in result.routes:
                assert route.have <= registered[route.kind]
    for old, new in zip(before.verdict(key).stages, after.verdict(key).stages, strict=True):
        assert all(n.have >= o.have for n, o in zip(new.routes, old.routes, strict=True))


# --- Purity -------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", sorted((Path(__file__).parents[2] / "tracker" / "rules").glob("*.py")), ids=lambda p: p.name)
def test_the_rules_import_neither_flask_nor_sqlalchemy(module):
    tree = ast.parse(module.read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not {name.split(".")[0] for name in imported} & {"flask", "flask_sqlalchemy", "sqlalchemy"}
