"""The rules beyond the basic routes, one rule a test: declared kinds, pooled kinds, routes of parts and spread,
the incumbent's exemption, own nominations, consent by a deadline, stages that do not gate, nominations withdrawn
at a moment and amended timetables. Each threshold is met exactly, and missed by one.

Timetable (UTC): one stage, "parliamentary", 1 June 09:00 - 10 June 17:00 2026, unless a test says otherwise;
sentences give London time (BST, an hour ahead).
"""
from dataclasses import replace
from datetime import UTC, datetime
from fractions import Fraction

import pytest

from tracker.rules import Amendment, Kind, NominationFact, Route, StageRule
from tracker.rules.model import not_counted_because
from tracker.vocabulary import VerdictStatus


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


OPENS, CLOSES = at("2026-06-01 09:00"), at("2026-06-10 17:00")
DURING, AFTER = at("2026-06-05 12:00"), at("2026-06-11 12:00")
MEP = Kind("mep", "MEP", "MEPs", person=True)
MEMBER = Kind("member", "member", "members", person=True, groups="local parties")
MSP = Kind("msp", "MSP", "MSPs", person=True)


def one_stage(*routes, gates=True, amendments=(), opens=OPENS, closes=CLOSES, id="parliamentary",
              title="Nominations from representatives"):
    return StageRule(id=id, title=title, opens_at=opens, closes_at=closes, routes=tuple(routes), gates=gates,
                     amendments=tuple(amendments))


def result(verdict, key, index=0):
    return verdict.verdict(key).stages[index]


# --- Declared and pooled kinds ------------------------------------------------------------------------


@pytest.fixture
def pooled(new_contest):
    """MPs and MEPs pooled: 20% of 8 MPs and 2 MEPs together is 2."""
    contest = new_contest([one_stage(Route(("mp", "mep"), share=Fraction(1, 5)))], kinds=(MEP,))
    contest.mps = contest.register("mp", 8)
    contest.meps = contest.register("mep", 2)
    contest.stand("Owen Smith")
    return contest


def test_pooled_kinds_share_one_threshold_over_all_their_registered_bodies(pooled):
    pooled.nominate("owen-smith", [pooled.mps[0], pooled.meps[0]], DURING)
    stage = result(pooled.judge(DURING), "owen-smith")
    assert (stage.met, stage.needed, stage.have) == (True, 2, 2)
    assert stage.detail == "So far: 2 of 2 MPs and MEPs (20% of 10) ✓"


def test_pooled_kinds_one_short_is_not_met(pooled):
    pooled.nominate("owen-smith", [pooled.meps[0]], DURING)
    stage = result(pooled.judge(AFTER), "owen-smith")
    assert stage.met is False
    assert stage.detail == "1 of 2 MPs and MEPs (20% of 10) ✗"
    assert pooled.judge(AFTER).verdict("owen-smith").status == VerdictStatus.ELIMINATED


def test_a_declared_kind_is_named_by_its_own_words(new_contest):
    contest = new_contest([one_stage(Route("msp", count=1))], kinds=(MSP,))
    codes = contest.register("msp", 1)
    contest.stand("Anas Sarwar")
    contest.nominate("anas-sarwar", codes, DURING)
    assert result(contest.judge(DURING), "anas-sarwar").detail == "So far: 1 of 1 MSP ✓"


def test_a_suspended_person_of_a_declared_person_kind_does_not_count(new_contest):
    contest = new_contest([one_stage(Route("msp", count=1))], kinds=(MSP,))
    contest.register("msp", 1, person="msp-one")
    contest.stand("Anas Sarwar")
    contest.nominate("anas-sarwar", ["msp-0"], DURING)
    contest.suspend("msp-one", at("2026-06-04 00:00"))
    assert result(contest.judge(DURING), "anas-sarwar").have == 0
    rules, facts = contest.rules, contest.facts
    why = not_counted_because(rules, facts.nominations[0], facts.bodies[0], rules.stages[0], DURING, facts.suspensions)
    assert why == "Does not count while this MSP is suspended."


# --- Routes of parts, and spread --------------------------------------------------------------------------


@pytest.fixture
def members_route(new_contest):
    """10% of 11 MPs (2) AND 4 members from 3 local parties."""
    route = Route(parts=(Route("mp", share=Fraction(1, 10)), Route("member", count=4, spread=3)))
    contest = new_contest([one_stage(route)], kinds=(MEMBER,))
    contest.mps = contest.register("mp", 11)
    contest.a = contest.register("member", 3, group="North")
    contest.b = contest.register("member", 2, group="South")
    contest.c = contest.register("member", 1, group="East")
    contest.stand("Jo Swinson")
    return contest


def test_a_route_of_parts_is_met_when_every_part_is_met_exactly(members_route):
    members_route.nominate("jo-swinson", members_route.mps[:2], DURING)
    members_route.nominate("jo-swinson", members_route.a[:2] + members_route.b[:1] + members_route.c, DURING)
    stage = result(members_route.judge(DURING), "jo-swinson")
    assert stage.met is True
    assert stage.detail == "So far: 2 of 2 MPs (10% of 11) and 4 of 4 members from 3 of 3 local parties ✓"


def test_a_route_of_parts_is_not_met_while_one_part_is_one_short(members_route):
    members_route.nominate("jo-swinson", members_route.mps[:1], DURING)
    members_route.nominate("jo-swinson", members_route.a[:2] + members_route.b[:1] + members_route.c, DURING)
    stage = result(members_route.judge(DURING), "jo-swinson")
    assert stage.met is False
    assert stage.detail == "So far: 1 of 2 MPs (10% of 11) and 4 of 4 members from 3 of 3 local parties ✗"


def test_spread_one_group_short_is_not_met_however_many_members(members_route):
    members_route.nominate("jo-swinson", members_route.mps[:2], DURING)
    members_route.nominate("jo-swinson", members_route.a + members_route.b, DURING)
    stage = result(members_route.judge(DURING), "jo-swinson")
    assert stage.met is False
    assert stage.detail == "So far: 2 of 2 MPs (10% of 11) and 5 of 4 members from 2 of 3 local parties ✗"


# --- The incumbent --------------------------------------------------------------------------------------


@pytest.fixture
def incumbent_contest(new_contest):
    contest = new_contest([one_stage(Route("mp", share=Fraction(1, 5)))], incumbent_exempt=True)
    contest.mps = contest.register("mp", 10)
    contest.stand("Jeremy Corbyn", incumbent=True)
    contest.stand("Owen Smith")
    return contest


def test_the_incumbent_is_qualified_from_the_opening_without_nominations(incumbent_contest):
    verdict = incumbent_contest.judge(DURING).verdict("jeremy-corbyn")
    assert verdict.status == VerdictStatus.QUALIFIED
    assert (verdict.stages[0].met, verdict.stages[0].met_at) == (True, OPENS)
    assert verdict.stages[0].detail == "Met as the incumbent, without nominations"


def test_the_incumbent_is_on_the_ballot_once_it_is_set(incumbent_contest):
    verdict = incumbent_contest.judge(AFTER)
    assert verdict.on_ballot == ("Jeremy Corbyn",)
    assert verdict.verdict("jeremy-corbyn").reason == "On the ballot as the incumbent, without nominations."


def test_the_incumbent_is_in_progress_before_nominations_open(incumbent_contest):
    assert incumbent_contest.judge(at("2026-05-31 12:00")).verdict("jeremy-corbyn").status == VerdictStatus.IN_PROGRESS


def test_without_incumbent_exempt_the_incumbent_needs_nominations_like_anyone(new_contest):
    contest = new_contest([one_stage(Route("mp", share=Fraction(1, 5)))])
    contest.register("mp", 10)
    contest.stand("Jeremy Corbyn", incumbent=True)
    assert contest.judge(AFTER).verdict("jeremy-corbyn").status == VerdictStatus.ELIMINATED


def test_a_challenger_needs_the_share_met_exactly(incumbent_contest):
    incumbent_contest.nominate("owen-smith", incumbent_contest.mps[:2], DURING)
    assert incumbent_contest.judge(AFTER).on_ballot == ("Jeremy Corbyn", "Owen Smith")


def test_a_challenger_one_short_is_eliminated(incumbent_contest):
    incumbent_contest.nominate("owen-smith", incumbent_contest.mps[:1], DURING)
    assert incumbent_contest.judge(AFTER).verdict("owen-smith").status == VerdictStatus.ELIMINATED


# --- Own nominations ----------------------------------------------------------------------------------


@pytest.fixture
def own_body(new_contest):
    def make(self_nomination: bool):
        contest = new_contest([one_stage(Route("mp", count=2))], self_nomination=self_nomination)
        codes = contest.register("mp", 3)
        contest.stand("Jo Swinson", body=codes[0])
        contest.nominate("jo-swinson", codes[:2], DURING)
        return contest
    return make


def test_a_candidates_own_nomination_does_not_count_where_self_nomination_is_false(own_body):
    stage = result(own_body(False).judge(DURING), "jo-swinson")
    assert (stage.met, stage.have) == (False, 1)
    assert stage.detail == "So far: 1 of 2 MPs ✗ (own nomination not counted)"


def test_a_candidates_own_nomination_counts_by_default(own_body):
    stage = result(own_body(True).judge(DURING), "jo-swinson")
    assert (stage.met, stage.have) == (True, 2)


# --- Consent -------------------------------------------------------------------------------------------


CONSENT_BY = at("2026-06-12 12:00")


@pytest.fixture
def consent(new_contest):
    contest = new_contest([one_stage(Route("mp", count=1))], consent_by=CONSENT_BY)
    codes = contest.register("mp", 2)
    contest.stand("Ann Early", consented_at=at("2026-06-01 10:00"))
    contest.stand("Ben Never")
    contest.nominate("ann-early", codes[:1], DURING)
    contest.nominate("ben-never", codes[1:], DURING)
    return contest


def test_the_ballot_is_set_at_the_consent_deadline_when_it_is_later_than_the_close(consent):
    verdict = consent.judge(AFTER)
    assert (verdict.ballot_set, verdict.on_ballot) == (False, ())
    assert verdict.verdict("ben-never").status == VerdictStatus.QUALIFIED  # before it, the stages decide


def test_a_candidate_who_has_not_consented_by_the_deadline_is_eliminated(consent):
    verdict = consent.judge(CONSENT_BY)
    assert verdict.on_ballot == ("Ann Early",)
    ben = verdict.verdict("ben-never")
    assert (ben.status, ben.since) == (VerdictStatus.ELIMINATED, CONSENT_BY)
    assert ben.reason == "Eliminated: no consent to nomination by 13:00 on 12 June 2026."


def test_consent_given_one_minute_late_is_too_late(consent):
    consent.candidates["ben-never"] = replace(consent.candidates["ben-never"], consented_at=at("2026-06-12 12:01"))
    assert consent.judge(CONSENT_BY).verdict("ben-never").status == VerdictStatus.ELIMINATED


def test_consent_given_at_the_deadline_is_in_time(consent):
    consent.candidates["ben-never"] = replace(consent.candidates["ben-never"], consented_at=CONSENT_BY)
    assert consent.judge(CONSENT_BY).verdict("ben-never").status == VerdictStatus.ON_BALLOT


# --- Stages that do not gate --------------------------------------------------------------------------


SUPPORTING = one_stage(Route("clp", count=2), gates=False, id="supporting", title="Supporting nominations",
                       opens=at("2026-06-15 09:00"), closes=at("2026-06-20 17:00"))


@pytest.fixture
def supporting(new_contest):
    contest = new_contest([one_stage(Route("mp", count=1)), SUPPORTING])
    contest.mps, contest.clps = contest.register("mp", 2), contest.register("clp", 3)
    contest.stand("Monica Lennon")
    contest.nominate("monica-lennon", contest.mps[:1], DURING)
    return contest


def test_a_stage_that_does_not_gate_never_eliminates(supporting):
    supporting.nominate("monica-lennon", supporting.clps[:1], at("2026-06-16 12:00"))
    verdict = supporting.judge(at("2026-06-21 12:00")).verdict("monica-lennon")
    assert verdict.status == VerdictStatus.ON_BALLOT
    assert (verdict.stages[1].met, verdict.stages[1].final) == (False, True)
    assert verdict.stages[1].detail == "1 of 2 CLPs ✗ (supporting: does not decide the ballot)"


def test_the_ballot_is_set_at_the_last_gating_stages_close(supporting):
    verdict = supporting.judge(AFTER)  # after the parliamentary close, before the supporting stage opens
    assert verdict.on_ballot == ("Monica Lennon",)
    assert verdict.ballot_set_at == CLOSES


def test_a_supporting_stage_met_exactly_is_shown_met(supporting):
    supporting.nominate("monica-lennon", supporting.clps[:2], at("2026-06-16 12:00"))
    assert result(supporting.judge(at("2026-06-21 12:00")), "monica-lennon", 1).met is True


# --- Nominations withdrawn at a moment ---------------------------------------------------------------


@pytest.fixture
def moving(new_contest):
    """Angela Eagle withdraws on 5 June 12:00; her nominator withdraws then and nominates Owen Smith at 13:00."""
    contest = new_contest([one_stage(Route("mp", count=2))])
    contest.mps = contest.register("mp", 3)
    contest.stand("Angela Eagle")
    contest.stand("Owen Smith")
    contest.nominations.append(NominationFact("angela-eagle", contest.mps[0], at("2026-06-02 09:00"), "withdrawn",
                                              withdrawn_at=DURING))
    contest.nominate("owen-smith", contest.mps[1:2], at("2026-06-02 10:00"))
    contest.nominate("owen-smith", contest.mps[:1], at("2026-06-05 13:00"))
    return contest


def test_a_nomination_withdrawn_at_a_moment_counted_until_then(moving):
    assert result(moving.judge(at("2026-06-05 11:59")), "angela-eagle").have == 1
    assert result(moving.judge(DURING), "angela-eagle").have == 0


def test_the_body_may_nominate_another_candidate_after_withdrawing(moving):
    before, after = moving.judge(at("2026-06-05 12:59")), moving.judge(at("2026-06-05 13:00"))
    assert result(before, "owen-smith").have == 1
    smith = result(after, "owen-smith")
    assert (smith.have, smith.met, smith.met_at) == (2, True, at("2026-06-05 13:00"))


def test_a_withdrawn_nomination_without_a_moment_never_counted(moving):
    moving.nominations[0] = replace(moving.nominations[0], withdrawn_at=None)
    assert result(moving.judge(at("2026-06-05 11:59")), "angela-eagle").have == 0


# --- Amended timetables -------------------------------------------------------------------------------


EXTENDED = one_stage(Route("mp", count=2), amendments=[
    Amendment(made_at=at("2026-06-08 18:00"), closes_at=at("2026-06-20 12:30"), reason="NEC extended the close"),
])


@pytest.fixture
def extended(new_contest):
    contest = new_contest([EXTENDED])
    contest.mps = contest.register("mp", 3)
    contest.stand("Diane Abbott")
    contest.nominate("diane-abbott", contest.mps[:1], DURING)
    contest.nominate("diane-abbott", contest.mps[1:2], at("2026-06-15 09:00"))  # after the first close
    return contest


def test_as_of_before_the_amendment_the_old_timetable_stands(extended):
    stage = result(extended.judge(at("2026-06-08 17:59")), "diane-abbott")
    assert stage.detail == "So far: 1 of 2 MPs ✗"
    assert extended.judge(at("2026-06-08 17:59")).verdict("diane-abbott").reason.startswith(
        "In progress: Nominations from representatives open until 18:00 on 10 June 2026.")


def test_after_the_amendment_the_stage_closes_at_its_new_close_and_says_so(extended):
    verdict = extended.judge(at("2026-06-20 12:30"))
    assert verdict.on_ballot == ("Diane Abbott",)
    stage = result(verdict, "diane-abbott")
    assert stage.met_at == at("2026-06-15 09:00")
    assert stage.detail == ("2 of 2 MPs ✓ — the close was moved from 18:00 on 10 June 2026 to 13:30 on 20 June 2026 "
                            "on 8 June 2026 (NEC extended the close)")


def test_after_the_old_close_an_extended_stage_is_still_open(extended):
    verdict = extended.judge(at("2026-06-12 12:00"))
    assert (verdict.ballot_set, result(verdict, "diane-abbott").final) == (False, False)


def test_a_nomination_made_after_the_old_close_misses_a_stage_never_extended(new_contest):
    contest = new_contest([replace(EXTENDED, amendments=())])
    codes = contest.register("mp", 3)
    contest.stand("Diane Abbott")
    contest.nominate("diane-abbott", codes[:1], DURING)
    contest.nominate("diane-abbott", codes[1:2], at("2026-06-15 09:00"))
    assert contest.judge(at("2026-06-20 12:30")).verdict("diane-abbott").status == VerdictStatus.ELIMINATED
