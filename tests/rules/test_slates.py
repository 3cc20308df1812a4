"""Slate resolution rules: pure, no app."""
import pytest

from tracker.rules.slates import (
    ContestResolution,
    Pick,
    Standing,
    Substitution,
    is_usable,
    resolve_contest,
    unusable_reason,
    validate_picks,
)

SUSPENDED_REASON = "Suspended since 3 September 2026 (reason: none published)."


def on(name, woman=None):
    return Standing(name, "on_ballot", "On the ballot: 40 CLPs of 33 needed ✓.", woman)


def standings(*items):
    return {s.name: s for s in items}


# --- usability ---------------------------------------------------------------------------------


def test_on_ballot_is_usable_whether_or_not_the_ballot_is_set():
    assert is_usable(on("Sam Carter"), ballot_set=False)
    assert is_usable(on("Sam Carter"), ballot_set=True)


@pytest.mark.parametrize("status", ["qualified", "in_progress"])
def test_qualified_and_in_progress_usable_only_while_ballot_not_set(status):
    s = Standing("Sam Carter", status, "Qualified at 19:30 on 20 January 2026 with Anytown's nomination: 33 CLPs.")
    assert is_usable(s, ballot_set=False)
    assert not is_usable(s, ballot_set=True)
    assert unusable_reason("Sam Carter", s, ballot_set=True) == "Sam Carter is not on the ballot"


@pytest.mark.parametrize("status", ["eliminated", "withdrawn", "suspended"])
def test_eliminated_withdrawn_suspended_never_usable(status):
    s = Standing("Sam Carter", status, "")
    assert not is_usable(s, ballot_set=False)
    assert not is_usable(s, ballot_set=True)


def test_unknown_candidate_not_usable():
    assert not is_usable(None, ballot_set=False)
    result = resolve_contest([Pick("Nobody Known", ("Ria Patel",))], standings(on("Ria Patel")), ballot_set=False)
    assert result.picks == ("Ria Patel",)
    assert result.substitutions == (
        Substitution("Nobody Known", "Ria Patel", "Nobody Known is not a candidate in this contest"),
    )


def test_in_progress_pick_resolves_to_itself_before_the_ballot_is_set_and_is_substituted_after():
    s = standings(Standing("Sam Carter", "in_progress", "Collecting nominations."), on("Ria Patel"))
    picks = [Pick("Sam Carter", ("Ria Patel",))]
    assert resolve_contest(picks, s, ballot_set=False).picks == ("Sam Carter",)
    after = resolve_contest(picks, s, ballot_set=True)
    assert after.picks == ("Ria Patel",)
    assert after.substitutions[0].reason == "Sam Carter is not on the ballot"


# --- substitution reasons ------------------------------------------------------------------------


def test_substitution_on_suspension():
    s = standings(Standing("Sam Carter", "suspended", SUSPENDED_REASON), on("Ria Patel"))
    result = resolve_contest([Pick("Sam Carter", ("Ria Patel",))], s, ballot_set=False)
    assert result == ContestResolution(
        picks=("Ria Patel",),
        slots=("Ria Patel",),
        substitutions=(
            Substitution(
                out="Sam Carter",
                in_="Ria Patel",
                reason="Sam Carter is suspended since 3 September 2026 (reason: none published)",
            ),
        ),
        gaps=0,
        women=None,
        min_women_note=None,
    )


def test_substitution_on_withdrawal():
    s = standings(Standing("Sam Carter", "withdrawn", "Withdrawn on 2 September 2026."), on("Ria Patel"))
    result = resolve_contest([Pick("Sam Carter", ("Ria Patel",))], s, ballot_set=True)
    assert result.picks == ("Ria Patel",)
    assert result.substitutions == (Substitution("Sam Carter", "Ria Patel", "Sam Carter withdrew on 2 September 2026"),)


def test_substitution_on_elimination():
    s = standings(
        Standing("Sam Carter", "eliminated", "Eliminated at Nominations from CLPs: 31 CLPs of 33 needed ✗."),
        on("Ria Patel"),
    )
    result = resolve_contest([Pick("Sam Carter", ("Ria Patel",))], s, ballot_set=True)
    assert result.picks == ("Ria Patel",)
    assert result.substitutions[0].reason == "Sam Carter is eliminated at Nominations from CLPs: 31 CLPs of 33 needed ✗"


def test_suspension_lifted_the_pick_returns():
    picks = [Pick("Sam Carter", ("Ria Patel",))]
    before = standings(Standing("Sam Carter", "suspended", SUSPENDED_REASON), on("Ria Patel"))
    lifted = standings(on("Sam Carter"), on("Ria Patel"))
    assert resolve_contest(picks, before, ballot_set=False).picks == ("Ria Patel",)
    after = resolve_contest(picks, lifted, ballot_set=False)
    assert after.picks == ("Sam Carter",)
    assert after.substitutions == ()
    assert after.gaps == 0


@pytest.mark.parametrize(
    ("status", "reason", "expected"),
    [
        ("suspended", "", "Sam Carter is suspended"),
        ("withdrawn", "Withdrew on 2 September 2026.", "Sam Carter withdrew on 2 September 2026"),
        ("eliminated", "Did not meet Nominations from MPs.", "Sam Carter is eliminated (did not meet Nominations from MPs)"),
        ("eliminated", "CLP nominations: 31 of 33 ✗.", "Sam Carter is eliminated (CLP nominations: 31 of 33 ✗)"),
        ("withdrawn", "Sam Carter withdrew to back Ria Patel.", "Sam Carter withdrew to back Ria Patel"),
    ],
)
def test_reason_turned_into_a_clause_about_the_person(status, reason, expected):
    assert unusable_reason("Sam Carter", Standing("Sam Carter", status, reason), ballot_set=True) == expected


# --- several picks ------------------------------------------------------------------------------


def test_two_picks_sharing_a_substitute_first_gets_it_second_takes_next():
    s = standings(
        Standing("Sam Carter", "suspended", SUSPENDED_REASON),
        Standing("Alex Moore", "withdrawn", "Withdrew on 1 September 2026."),
        on("Ria Patel"),
        on("Lee Chen"),
    )
    picks = [Pick("Sam Carter", ("Ria Patel",)), Pick("Alex Moore", ("Ria Patel", "Lee Chen"))]
    result = resolve_contest(picks, s, ballot_set=True)
    assert result.slots == ("Ria Patel", "Lee Chen")
    assert result.substitutions[1] == Substitution(
        "Alex Moore",
        "Lee Chen",
        "Alex Moore withdrew on 1 September 2026; Ria Patel is already recommended for an earlier pick",
    )


def test_two_picks_sharing_a_substitute_second_gaps_when_no_next():
    s = standings(
        Standing("Sam Carter", "suspended", SUSPENDED_REASON),
        Standing("Alex Moore", "withdrawn", "Withdrew on 1 September 2026."),
        on("Ria Patel"),
    )
    picks = [Pick("Sam Carter", ("Ria Patel",)), Pick("Alex Moore", ("Ria Patel",))]
    result = resolve_contest(picks, s, ballot_set=True)
    assert result.picks == ("Ria Patel",)
    assert result.slots == ("Ria Patel", None)
    assert result.gaps == 1
    assert result.substitutions[1] == Substitution(
        "Alex Moore", None, "Alex Moore withdrew on 1 September 2026; Ria Patel is already recommended for an earlier pick"
    )


def test_a_gap_is_never_filled_by_anyone_outside_the_chain():
    s = standings(Standing("Sam Carter", "withdrawn", "Withdrew on 2 September 2026."), on("Ria Patel"), on("Lee Chen"))
    result = resolve_contest([Pick("Sam Carter"), Pick("Lee Chen")], s, ballot_set=True)
    assert result.slots == (None, "Lee Chen")
    assert result.picks == ("Lee Chen",)
    assert result.gaps == 1
    assert result.substitutions == (Substitution("Sam Carter", None, "Sam Carter withdrew on 2 September 2026"),)


def test_substitute_does_not_steal_a_later_usable_pick():
    s = standings(Standing("Sam Carter", "suspended", SUSPENDED_REASON), on("Ria Patel"), on("Lee Chen"))
    picks = [Pick("Sam Carter", ("Ria Patel", "Lee Chen")), Pick("Ria Patel")]
    result = resolve_contest(picks, s, ballot_set=False)
    assert result.slots == ("Lee Chen", "Ria Patel")
    assert result.substitutions == (
        Substitution(
            "Sam Carter",
            "Lee Chen",
            "Sam Carter is suspended since 3 September 2026 (reason: none published); "
            "Ria Patel is recommended in their own right as pick 2",
        ),
    )


def test_substitute_who_is_a_later_pick_but_not_usable_is_simply_skipped():
    s = standings(
        Standing("Sam Carter", "suspended", SUSPENDED_REASON),
        Standing("Ria Patel", "eliminated", "Eliminated."),
        on("Lee Chen"),
    )
    picks = [Pick("Sam Carter", ("Ria Patel",)), Pick("Ria Patel", ("Lee Chen",))]
    result = resolve_contest(picks, s, ballot_set=True)
    assert result.slots == (None, "Lee Chen")


def test_a_name_picked_twice_counts_once():
    s = standings(on("Sam Carter"), on("Ria Patel"))
    result = resolve_contest([Pick("Sam Carter"), Pick("Sam Carter", ("Ria Patel",))], s, ballot_set=True)
    assert result.slots == ("Sam Carter", "Ria Patel")
    assert result.substitutions == (
        Substitution("Sam Carter", "Ria Patel", "Sam Carter is already recommended for an earlier pick"),
    )


def test_resolution_keeps_order_and_has_no_substitutions_when_all_usable():
    s = standings(on("A"), on("B"), on("C"))
    result = resolve_contest([Pick("C"), Pick("A", ("B",)), Pick("B")], s, ballot_set=True)
    assert result.picks == ("C", "A", "B")
    assert result.substitutions == ()
    assert result.to_dict() == {"picks": ["C", "A", "B"], "substitutions": [], "gaps": 0}


def test_to_dict_uses_the_api_key_in():
    s = standings(Standing("Sam Carter", "suspended", SUSPENDED_REASON))
    result = resolve_contest([Pick("Sam Carter")], s, ballot_set=True)
    assert result.to_dict()["substitutions"] == [
        {"out": "Sam Carter", "in": None, "reason": "Sam Carter is suspended since 3 September 2026 (reason: none published)"}
    ]


# --- women ---------------------------------------------------------------------------------------


def test_min_women_note_when_short():
    s = standings(on("A", True), on("B", True), on("C", False))
    result = resolve_contest([Pick("A"), Pick("B"), Pick("C")], s, ballot_set=True, min_women=3)
    assert result.women == 2
    assert result.min_women_note == "2 of the picks are women; the contest reserves 3 seats for women."


def test_min_women_note_when_satisfied_counts_resolved_picks_only():
    s = standings(Standing("A", "withdrawn", "Withdrew.", False), on("B", True), on("C", True))
    result = resolve_contest([Pick("A", ("B",)), Pick("C")], s, ballot_set=True, min_women=2)
    assert result.women == 2
    assert result.min_women_note == "2 of the picks are women; the slate can satisfy the 2 seats the contest reserves for women."


def test_min_women_note_mentions_picks_whose_sex_is_not_recorded():
    s = standings(on("A", True), on("B"), on("C"))
    result = resolve_contest([Pick("A"), Pick("B"), Pick("C")], s, ballot_set=True, min_women=1)
    assert result.min_women_note == (
        "1 of the picks is a woman; the slate can satisfy the 1 seat the contest reserves for women. "
        "Whether 2 other picks are women is not recorded."
    )


def test_no_women_count_without_min_women():
    result = resolve_contest([Pick("A")], standings(on("A", True)), ballot_set=True)
    assert result.women is None
    assert result.min_women_note is None


# --- validation ----------------------------------------------------------------------------------


def test_validate_picks_reports_every_problem_at_once_with_its_field():
    candidates = ["Sam Carter", "Ria Patel", "Lee Chen", "Alex Moore"]
    picks = [
        Pick("Sam Carter", ("Ria Patel", "Sam Carter")),  # substitute is the pick itself
        Pick("Jo Nobody", ("Lee Chen", "Lee Chen")),  # not a candidate; twice in one chain
        Pick("Sam Carter"),  # picked twice
        Pick("Alex Moore", ("Ria Patel", "ria patel")),  # sharing a substitute is fine; a near miss is not
    ]
    assert validate_picks(picks, candidates, seats=3) == [
        ("picks[0].otherwise[1]", "Sam Carter is the pick itself; a substitute must be someone else."),
        ("picks[1].name", '"Jo Nobody" is not a candidate in this contest.'),
        ("picks[1].otherwise[1]", "Lee Chen is already substitute 1 of this pick."),
        ("picks[2].name", "Sam Carter is already pick 1; a name may be picked only once."),
        ("picks[3].otherwise[1]", '"ria patel" is not a candidate in this contest. Did you mean "Ria Patel"?'),
        ("picks", "4 picks for 3 seats; a slate may pick at most one name per seat."),
    ]


def test_validate_picks_allows_shared_substitutes_and_a_substitute_who_is_also_a_pick():
    picks = [Pick("A", ("C",)), Pick("B", ("C",)), Pick("C")]
    assert validate_picks(picks, ["A", "B", "C"], seats=3) == []


def test_validate_picks_single_seat_contest_may_list_several_picks():
    assert validate_picks([Pick("A"), Pick("B")], ["A", "B"], seats=1) == []


def test_validate_picks_empty_name():
    assert validate_picks([Pick(" ", ("",))], ["A"], seats=1) == [
        ("picks[0].name", "A name is required."),
        ("picks[0].otherwise[0]", "A name is required."),
    ]


def test_pick_accepts_a_list_of_substitutes_from_toml():
    assert Pick("A", ["B", "C"]).otherwise == ("B", "C")
    assert Pick("A", "B").otherwise == ("B",)
