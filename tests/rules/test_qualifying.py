"""Qualifying, one rule a test: a candidate qualifies for a stage the moment the figures meet it, and keeps
the qualification while they go on meeting it; a stage is final once closed.

Timetable of the Leader contest (conftest): MPs nominate 7 January 09:00 - 13 January 14:30 (10% of the
MPs); CLPs (5%) or affiliates nominate 15 January 09:00 - 14 February 17:00, all 2026, all UTC.
"""
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.rules import Route, StageRule, eligibility
from tracker.rules.model import not_counted_because
from tracker.vocabulary import VerdictStatus


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


PLP_OPENS, PLP_CLOSES = at("2026-01-07 09:00"), at("2026-01-13 14:30")
BETWEEN = at("2026-01-14 12:00")
DURING_SUPPORTING = at("2026-02-01 12:00")
SUPPORTING_CLOSES = at("2026-02-14 17:00")
AFTER = at("2026-02-20 12:00")


def stage(verdict, stage_id):
    return next(result for result in verdict.stages if result.id == stage_id)


def mps_nominate(contest, key, codes, first: datetime, step=timedelta(hours=1)):
    """Each MP of `codes` nominates the candidate in turn, an hour apart from `first`."""
    for i, code in enumerate(codes):
        contest.nominate(key, [code], first + i * step)


@pytest.fixture
def carter(new_contest):
    """Sam Carter: 21 of 210 MPs needed; 20 nominate one an hour from 09:00 on 8 January, the 21st (mp-20) at
    10:00 on 9 January."""
    contest = new_contest()
    codes = contest.register("mp", 210)
    key = contest.stand("Sam Carter")
    mps_nominate(contest, key, codes[:20], at("2026-01-08 09:00"))
    contest.nominate(key, [codes[20]], at("2026-01-09 10:00"))
    return contest, key, codes


# --- Qualifying before the close --------------------------------------------------------------------


def test_a_candidate_qualifies_before_the_close_the_moment_the_figures_meet_the_stage(carter):
    contest, key, _ = carter
    before, after = contest.judge(at("2026-01-09 09:59")).verdict(key), contest.judge(at("2026-01-09 10:00")).verdict(key)
    assert (before.status, stage(before, "plp").met, stage(before, "plp").met_at) == ("in_progress", False, None)
    assert (after.status, after.eligible, after.since) == ("qualified", True, at("2026-01-09 10:00"))
    plp = stage(after, "plp")
    assert (plp.met, plp.final, plp.state) == (True, False, "open")


def test_met_at_is_the_moment_of_the_nomination_that_met_the_threshold_and_names_it(carter):
    contest, key, _ = carter
    plp = stage(contest.judge(at("2026-01-12 09:00")).verdict(key), "plp")
    assert plp.met_at == at("2026-01-09 10:00")
    assert plp.met_with == ("mp-20",)
    assert plp.qualified == "Qualified at 10:00 on 9 January 2026 with mp-20's nomination: 21 MPs."


def test_nominations_after_the_threshold_leave_met_at_where_it_was(carter):
    contest, key, codes = carter
    contest.nominate(key, codes[21:30], at("2026-01-11 09:00"))
    plp = stage(contest.judge(AFTER).verdict(key), "plp")
    assert (plp.have, plp.met, plp.final, plp.met_at) == (30, True, True, at("2026-01-09 10:00"))


@pytest.mark.parametrize(("nominations", "status", "met"), [(21, "qualified", True), (20, "in_progress", False)])
def test_met_exactly_at_the_threshold_qualifies_and_missed_by_one_does_not(new_contest, nominations, status, met):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    contest.nominate(key, contest.register("mp", 210)[:nominations], at("2026-01-08 09:00"))
    verdict = contest.judge(at("2026-01-10 12:00")).verdict(key)
    plp = stage(verdict, "plp")
    assert (verdict.status, plp.met, plp.have, plp.needed) == (status, met, nominations, 21)
    assert plp.met_at == (at("2026-01-08 09:00") if met else None)


def test_a_candidate_short_of_the_threshold_is_told_the_figures_so_far(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    contest.nominate(key, contest.register("mp", 210)[:20], at("2026-01-08 09:00"))
    verdict = contest.judge(at("2026-01-10 12:00")).verdict(key)
    assert verdict.reason == ("In progress: Nominations from MPs open until 14:30 on 13 January 2026."
                              " So far: 20 of 21 MPs (10% of 210) ✗")


# --- What breaks a run ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["withdrawn", "rejected"])
def test_a_withdrawn_or_rejected_nomination_breaks_the_run_and_met_at_moves_to_the_later_requalifying_moment(
    carter, status
):
    contest, key, codes = carter
    contest.nominate(key, [codes[21]], at("2026-01-11 09:00"))
    assert stage(contest.judge(AFTER).verdict(key), "plp").met_at == at("2026-01-09 10:00")
    contest.nominations[0] = contest.nominations[0].__class__(key, codes[0], at("2026-01-08 09:00"), status)
    plp = stage(contest.judge(AFTER).verdict(key), "plp")
    assert (plp.have, plp.met, plp.met_at, plp.met_with) == (21, True, at("2026-01-11 09:00"), ("mp-21",))
    assert stage(contest.judge(at("2026-01-10 12:00")).verdict(key), "plp").met is False


def test_a_suspended_mps_nomination_breaks_the_run_while_the_suspension_lasts(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    pat = contest.register("mp", person="pat-jones")
    contest.nominate(key, contest.register("mp", 209)[:20] + pat, at("2026-01-08 09:00"))
    contest.suspend("pat-jones", at("2026-01-09 09:00"), ends_at=at("2026-01-11 09:00"))
    during = contest.judge(at("2026-01-10 12:00")).verdict(key)
    assert (during.status, stage(during, "plp").met, stage(during, "plp").have) == ("in_progress", False, 20)
    lifted = contest.judge(at("2026-01-12 12:00")).verdict(key)
    assert (lifted.status, stage(lifted, "plp").met_at, stage(lifted, "plp").met_with) == (
        "qualified", at("2026-01-11 09:00"), ("mp-0",)
    )
    assert stage(contest.judge(AFTER).verdict(key), "plp").met_at == at("2026-01-11 09:00")


def test_a_suspension_that_ends_before_the_moment_judged_leaves_the_run_that_followed_it(new_contest):
    contest = new_contest()
    key = contest.stand("Sam Carter")
    pat = contest.register("mp", person="pat-jones")
    contest.suspend("pat-jones", at("2026-01-01 09:00"), ends_at=at("2026-01-08 12:00"))
    contest.nominate(key, contest.register("mp", 209)[:20] + pat, at("2026-01-08 09:00"))
    assert stage(contest.judge(AFTER).verdict(key), "plp").met_at == at("2026-01-08 12:00")


def test_another_candidate_taking_the_bodys_only_place_earlier_keeps_the_nomination_from_counting(new_contest):
    contest = new_contest()
    carter, patel = contest.stand("Sam Carter"), contest.stand("Ria Patel")
    codes = contest.register("mp", 210)
    contest.nominate(carter, codes[:21], at("2026-01-09 09:00"))
    contest.nominate(patel, codes[:1], at("2026-01-08 09:00"))  # mp-0 nominated Patel first
    contest.nominate(carter, codes[21:22], at("2026-01-10 09:00"))
    assert stage(contest.judge(AFTER).verdict(carter), "plp").met_at == at("2026-01-10 09:00")


def test_a_place_freed_when_a_candidate_leaves_the_running_counts_from_that_close(new_contest):
    contest = new_contest(WORLD_STAGES)  # stage B opens on day 5, stage A closes on day 10
    contest.register("mp", 6)
    leaving, staying = contest.stand("Ann Able"), contest.stand("Ben Baker")
    clps = contest.register("clp", 4)
    contest.nominate(staying, ["mp-0", "mp-1"], DAY + timedelta(days=2))
    contest.nominate(leaving, clps[:1], DAY + timedelta(days=6))  # clp-0's one place, while Able still runs
    contest.nominate(staying, clps[:2], DAY + timedelta(days=7))
    verdict = contest.judge(DAY + timedelta(days=12))
    b = stage(verdict.verdict(staying), "b")
    assert (verdict.verdict(leaving).status, b.have, b.met_at) == ("eliminated", 2, DAY + timedelta(days=10))
    assert stage(contest.judge(DAY + timedelta(days=9)).verdict(staying), "b").met is False


# --- Through the stages -----------------------------------------------------------------------------


def met_both_stages(contest):
    """Sam Carter: 22 of 210 MPs at noon on 10 January; 33 of 660 CLPs needed, 40 of them one a day from 17 January."""
    key = contest.stand("Sam Carter")
    contest.nominate(key, contest.register("mp", 210)[:22], at("2026-01-10 12:00"))
    mps_nominate(contest, key, contest.register("clp", 660)[:40], at("2026-01-16 19:00"), timedelta(hours=6))
    return key


def test_between_stages_a_candidate_who_met_every_stage_so_far_is_qualified(new_contest):
    contest = new_contest()
    key = met_both_stages(contest)
    verdict = contest.judge(BETWEEN).verdict(key)
    assert (verdict.status, verdict.since) == ("qualified", at("2026-01-10 12:00"))
    supporting = stage(verdict, "supporting")
    assert (supporting.state, supporting.met, supporting.final) == ("not_open", False, False)


def test_before_the_first_stage_opens_no_one_is_qualified(new_contest):
    contest = new_contest()
    key = met_both_stages(contest)
    assert contest.judge(at("2026-01-01 09:00")).verdict(key).status == "in_progress"


def test_a_candidate_who_met_a_closed_stage_but_not_yet_the_open_one_is_in_progress(new_contest):
    contest = new_contest()
    key = met_both_stages(contest)
    verdict = contest.judge(at("2026-01-20 09:00")).verdict(key)
    plp, supporting = verdict.stages
    assert verdict.status == "in_progress"
    assert (plp.met, plp.final, plp.met_at) == (True, True, at("2026-01-10 12:00"))
    assert (supporting.met, supporting.final, supporting.met_at, supporting.have) == (False, False, None, 15)


def test_qualified_at_the_last_stage_while_it_is_open_is_on_the_ballot_at_its_close(new_contest):
    contest = new_contest()
    key = met_both_stages(contest)
    qualified_at = at("2026-01-16 19:00") + 32 * timedelta(hours=6)  # the 33rd CLP
    during = contest.judge(DURING_SUPPORTING)
    assert (during.verdict(key).status, during.verdict(key).since) == ("qualified", qualified_at)
    assert (during.ballot_set, during.on_ballot) == (False, ())
    closed = contest.judge(SUPPORTING_CLOSES)
    assert (closed.verdict(key).status, closed.on_ballot) == ("on_ballot", ("Sam Carter",))
    assert [(s.met, s.final) for s in closed.verdict(key).stages] == [(True, True), (True, True)]
    assert stage(closed.verdict(key), "supporting").met_at == qualified_at


def test_a_qualified_candidate_who_withdraws_or_is_suspended_is_no_longer_qualified(new_contest):
    contest = new_contest()
    key = met_both_stages(contest)
    contest.suspend(key, at("2026-01-11 09:00"), ends_at=at("2026-01-12 09:00"))
    assert contest.judge(at("2026-01-11 12:00")).verdict(key).status == "suspended"
    assert contest.judge(at("2026-01-12 12:00")).verdict(key).status == "qualified"
    contest.withdraw(key, at("2026-01-12 18:00"))
    assert contest.judge(at("2026-01-12 19:00")).verdict(key).status == "withdrawn"


def test_eliminated_candidates_keep_their_figures(new_contest):
    contest = new_contest()
    short_of_mps, short_of_clps = contest.stand("Ann Able"), contest.stand("Ben Baker")
    mps, clps = contest.register("mp", 210), contest.register("clp", 660)
    contest.nominate(short_of_mps, mps[:20], at("2026-01-08 09:00"))
    contest.nominate(short_of_clps, mps[20:42], at("2026-01-08 09:00"))
    contest.nominate(short_of_clps, clps[:31], at("2026-01-20 19:00"))
    verdict = contest.judge(AFTER)
    able, baker = verdict.verdict(short_of_mps), verdict.verdict(short_of_clps)
    assert (able.status, baker.status) == ("eliminated", "eliminated")
    assert [(s.state, s.met, s.final, s.have, s.met_at) for s in able.stages] == [
        ("closed", False, True, 20, None), ("not_reached", None, True, 0, None)
    ]
    assert [(s.state, s.met, s.final, s.have, s.met_at) for s in baker.stages] == [
        ("closed", True, True, 22, at("2026-01-08 09:00")), ("closed", False, True, 31, None)
    ]


# --- met_at is exact: the same as judging the figures at every moment they could change ------------------

DAY = datetime(2026, 3, 1, tzinfo=UTC)
WORLD_STAGES = (  # overlapping windows, so that a candidate leaves the running inside the later one
    StageRule("a", "Stage A", DAY + timedelta(days=1), DAY + timedelta(days=10), (Route("mp", share=Fraction(1, 3)),)),
    StageRule("b", "Stage B", DAY + timedelta(days=5), DAY + timedelta(days=20),
              (Route("clp", count=2), Route("affiliate", count=1, unions=1, membership_share=Fraction(1, 2)))),
)
PEOPLE = ["ann", "ben", "cat"]
MPS, CLPS, AFFILIATES = [f"mp-{i}" for i in range(6)], [f"clp-{i}" for i in range(4)], [f"affiliate-{i}" for i in range(3)]
MOMENT = st.integers(0, 22).map(lambda day: DAY + timedelta(days=day))


def oracle_met(rules, facts, index: int, moment: datetime, key: str) -> bool:
    """Whether stage `index`'s figures meet it for `key` judged at `moment`, worked out from nothing."""
    stage_rule = rules.stages[index]
    if moment < stage_rule.opens_at:
        return False
    judged_at = min(moment, stage_rule.closes_at)
    running = {
        c.key for c in facts.candidates
        if not any(rules.stages[j].closes_at <= judged_at and not oracle_met(rules, facts, j, rules.stages[j].closes_at, c.key)
                   for j in range(index))
    }
    if key not in running:
        return False
    bodies = {b.code: b for b in facts.bodies}
    places: dict[str, list[str]] = {}
    for n in sorted(facts.nominations, key=lambda n: (n.nominated_at, n.candidate)):
        if n.candidate in running and not not_counted_because(rules, n, bodies.get(n.body), stage_rule, judged_at,
                                                              facts.suspensions):
            taken = places.setdefault(n.body, [])
            if n.candidate not in taken and len(taken) < rules.max_nominations_per_body:
                taken.append(n.candidate)
    mine = [bodies[code] for code, taken in places.items() if key in taken]
    for route in stage_rule.routes:
        of_kind = [b for b in facts.bodies if b.kind == route.kind]
        had = [b for b in mine if b.kind == route.kind]
        checks = [len(had) >= (route.count if route.count is not None else 1)]
        if route.share is not None:
            checks.append(len(had) >= route.share * len(of_kind))
        if route.unions is not None:
            checks.append(sum(b.is_union for b in had) >= route.unions)
        if route.membership_share is not None:
            checks.append(sum(b.members for b in had) >= route.membership_share * sum(b.members for b in of_kind))
        if all(checks):
            return True
    return False


def oracle_met_at(rules, facts, index: int, as_of: datetime, key: str) -> datetime | None:
    """The start of the last unbroken run of moments, up to min(as_of, close), at which the stage is met."""
    stage_rule = rules.stages[index]
    end = min(as_of, stage_rule.closes_at)
    changes = {n.nominated_at for n in facts.nominations} | {s.closes_at for s in rules.stages}
    changes |= {at_ for s in facts.suspensions for at_ in (s.starts_at, s.ends_at) if at_}
    moments = sorted({stage_rule.opens_at} | {m for m in changes if stage_rule.opens_at <= m <= end})
    found = None
    for moment in reversed(moments):
        if not oracle_met(rules, facts, index, moment, key):
            break
        found = moment
    return found


@settings(max_examples=40, deadline=None, database=None)
@given(
    nominations=st.lists(
        st.tuples(st.sampled_from(PEOPLE), st.sampled_from(MPS + CLPS + AFFILIATES), MOMENT,
                  st.sampled_from(["verified", "verified", "submitted", "withdrawn"])),
        max_size=16,
    ),
    suspensions=st.lists(st.tuples(st.sampled_from(["p0", "p1", "p2"]), MOMENT, st.none() | st.integers(1, 6)),
                         max_size=3),
    as_of=MOMENT,
    places=st.sampled_from([1, 2]),
)
def test_met_at_is_the_start_of_the_last_unbroken_run_of_moments_at_which_the_figures_meet_the_stage(
    new_contest, nominations, suspensions, as_of, places
):
    contest = new_contest(WORLD_STAGES, max_nominations_per_body=places)
    for i in range(6):
        contest.register("mp", person=f"p{i % 3}")
    contest.register("clp", 4)
    contest.register("affiliate", 2, is_union=True, members=30)
    contest.register("affiliate", 1, members=40)
    for name in PEOPLE:
        contest.stand(name)
    for key, code, moment, status in nominations:
        contest.nominate(key, [code], moment, status)
    for person, starts_at, days in suspensions:
        contest.suspend(person, starts_at, None if days is None else starts_at + timedelta(days=days))
    facts = contest.facts
    verdict = eligibility(contest.rules, facts, as_of)
    for v in verdict.candidates:
        for index, result in enumerate(v.stages):
            met = oracle_met(contest.rules, facts, index, as_of, v.key)
            assert bool(result.met) == met
            assert result.met_at == (oracle_met_at(contest.rules, facts, index, as_of, v.key) if met else None)
            assert result.final == (as_of >= contest.rules.stages[index].closes_at)
        opened = [s for s in v.stages if s.state in ("open", "closed")]
        if v.status == VerdictStatus.QUALIFIED:
            assert opened and all(s.met for s in opened) and not all(s.final for s in v.stages)
