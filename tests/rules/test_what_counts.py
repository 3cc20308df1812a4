"""The two questions every part of the tracker asks the rules: which stage takes a kind of body at a moment, and
whether a nomination counts (and if not, why not)."""
from datetime import UTC, datetime

from tracker.rules.model import (
    Body,
    ContestRules,
    NominationFact,
    Route,
    StageRule,
    SuspensionFact,
    not_counted_because,
    stage_taking,
    stages_taking,
)

PLP = StageRule("plp", "Nominations from MPs", datetime(2026, 1, 7, 9, tzinfo=UTC), datetime(2026, 1, 13, 14, 30, tzinfo=UTC),
                (Route(kind="mp", count=2),))
SUPPORTING = StageRule("supporting", "Nominations from CLPs or affiliates", datetime(2026, 1, 15, 9, tzinfo=UTC),
                       datetime(2026, 2, 14, 17, tzinfo=UTC), (Route(kind="clp", count=3), Route(kind="affiliate", count=3)))
RULES = ContestRules(title="Leader", seats=1, stages=(PLP, SUPPORTING), timezone="Europe/London")
MP = Body(code="MP001", kind="mp", person="jo-bloggs")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_clp_nominates_in_the_supporting_stage_while_it_is_open():
    stage, refusal = stage_taking(RULES, "clp", at("2026-01-20 12:00"))
    assert (stage, refusal) == (SUPPORTING, None)


def test_the_close_itself_is_still_inside_the_window():
    assert stage_taking(RULES, "mp", PLP.closes_at) == (PLP, None)


def test_an_mp_nomination_after_close_is_refused_with_the_close():
    stage, refusal = stage_taking(RULES, "mp", at("2026-01-13 14:31"))
    assert stage is None
    assert refusal == "Nominations from MPs for Leader closed at 14:30 on 13 January 2026"


def test_a_clp_nomination_before_its_stage_opens_says_when_it_opens():
    assert stage_taking(RULES, "clp", at("2026-01-10 12:00"))[1] == (
        "Nominations from CLPs for Leader open at 09:00 on 15 January 2026"
    )


def test_a_kind_no_stage_takes_is_refused_by_name():
    assert stages_taking(RULES, "msp") == ()
    assert stage_taking(RULES, "msp", at("2026-01-20 12:00"))[1] == "Leader takes no nominations from msps"


def test_a_verified_nomination_in_the_window_counts():
    nomination = NominationFact("sam", "MP001", at("2026-01-08 10:00"), "verified")
    assert not_counted_because(RULES, nomination, MP, PLP, PLP.closes_at, ()) is None


def test_a_rejected_nomination_does_not_count_and_says_so():
    nomination = NominationFact("sam", "MP001", at("2026-01-08 10:00"), "rejected")
    assert not_counted_because(RULES, nomination, MP, PLP, PLP.closes_at, ()) == "Does not count: rejected."


def test_a_suspended_mps_nomination_does_not_count_while_the_suspension_lasts():
    nomination = NominationFact("sam", "MP001", at("2026-01-08 10:00"), "verified")
    suspension = SuspensionFact("jo-bloggs", at("2026-01-09 00:00"), at("2026-01-11 00:00"))
    assert not_counted_because(RULES, nomination, MP, PLP, at("2026-01-10 00:00"), (suspension,)) == (
        "Does not count while this MP is suspended."
    )
    assert not_counted_because(RULES, nomination, MP, PLP, at("2026-01-12 00:00"), (suspension,)) is None


def test_a_nomination_outside_the_window_or_of_another_kind_does_not_count():
    late = NominationFact("sam", "MP001", at("2026-01-14 10:00"), "verified")
    assert "outside Nominations from MPs's window" in not_counted_because(RULES, late, MP, PLP, at("2026-02-01 00:00"), ())
    early = NominationFact("sam", "MP001", at("2026-01-08 10:00"), "verified")
    assert "takes no nominations from MPs" in not_counted_because(RULES, early, MP, SUPPORTING, at("2026-02-01 00:00"), ())
