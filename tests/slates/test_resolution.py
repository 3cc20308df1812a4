"""A published slate resolved against the recorded ballot, as of any moment, through the service."""
from datetime import timedelta

from tests.factories import create_person, create_suspension
from tests.slates.conftest import AFTER, CLOSES, DURING
from tracker.extensions import db
from tracker.rules.slates import Pick
from tracker.slates.services import (
    comparison_cells,
    contest_changes,
    resolve_version,
    slate_json,
    version_changes,
)


def leader_slate(organisation, published, world):
    return published(organisation(), world.election, {"leader": [("Sam Carter", ("Ria Patel", "Lee Hughes"))]})


def test_a_usable_pick_resolves_to_itself(world, organisation, published):
    version = leader_slate(organisation, published, world)
    contest = resolve_version(version, AFTER).contest("leader")
    assert contest.resolution.picks == ("Sam Carter",)
    assert contest.resolution.substitutions == ()
    assert contest.picks[0].vote_for == "Sam Carter" and contest.picks[0].substitution is None


def test_suspended_pick_is_replaced_by_the_first_substitute_with_the_reason(world, organisation, published):
    create_suspension(create_person("Sam Carter"), AFTER - timedelta(days=1), reason=None)
    db.session.commit()
    contest = resolve_version(leader_slate(organisation, published, world), AFTER).contest("leader")
    assert contest.resolution.picks == ("Ria Patel",)
    [substitution] = contest.resolution.substitutions
    assert (substitution.out, substitution.in_) == ("Sam Carter", "Ria Patel")
    assert substitution.reason == "Sam Carter is suspended since 2 July 2025 (reason: none published)"


def test_withdrawn_pick_is_replaced(world, organisation, published):
    world.candidacies["Sam Carter"].withdrawn_at = CLOSES + timedelta(days=1)
    db.session.commit()
    contest = resolve_version(leader_slate(organisation, published, world), AFTER).contest("leader")
    assert contest.resolution.picks == ("Ria Patel",)
    assert contest.resolution.substitutions[0].reason == "Sam Carter withdrew on 1 July 2025"


def test_eliminated_pick_is_usable_while_nominations_are_open_and_replaced_once_the_ballot_is_set(
    world, organisation, published
):
    version = published(organisation(), world.election, {"leader": [("Dee Okafor", ("Lee Hughes",))]})
    during = resolve_version(version, DURING).contest("leader")
    assert not during.ballot_set
    assert during.resolution.picks == ("Dee Okafor",)
    after = resolve_version(version, AFTER).contest("leader")
    assert after.ballot_set
    assert after.resolution.picks == ("Lee Hughes",)
    assert after.resolution.substitutions[0].reason.startswith("Dee Okafor is eliminated at Nominations from CLPs")


def test_lifted_suspension_brings_the_pick_back(world, organisation, published):
    starts, ends = AFTER, AFTER + timedelta(days=10)
    create_suspension(create_person("Sam Carter"), starts, ends_at=ends, reason="under investigation")
    db.session.commit()
    version = leader_slate(organisation, published, world)
    assert resolve_version(version, starts + timedelta(days=1)).contest("leader").resolution.picks == ("Ria Patel",)
    back = resolve_version(version, ends + timedelta(minutes=1)).contest("leader")
    assert back.resolution.picks == ("Sam Carter",)
    assert back.resolution.substitutions == ()


def test_as_of_before_a_suspension_keeps_the_pick_and_after_it_substitutes(world, organisation, published):
    suspended_at = AFTER + timedelta(days=5)
    create_suspension(create_person("Sam Carter"), suspended_at)
    db.session.commit()
    version = leader_slate(organisation, published, world)
    assert resolve_version(version, suspended_at - timedelta(seconds=1)).contest("leader").resolution.picks == (
        "Sam Carter",)
    assert resolve_version(version, suspended_at).contest("leader").resolution.picks == ("Ria Patel",)


def test_substitute_chain_moves_on_past_every_unusable_name(world, organisation, published):
    create_suspension(create_person("Sam Carter"), AFTER - timedelta(days=1))
    world.candidacies["Ria Patel"].withdrawn_at = CLOSES + timedelta(days=1)
    db.session.commit()
    contest = resolve_version(leader_slate(organisation, published, world), AFTER).contest("leader")
    assert contest.resolution.picks == ("Lee Hughes",)
    assert contest.resolution.substitutions[0].reason == (
        "Sam Carter is suspended since 2 July 2025 (reason: none published); Ria Patel withdrew on 1 July 2025"
    )


def test_pick_with_no_usable_name_is_a_gap_never_filled_from_outside_its_chain(world, organisation, published):
    version = published(organisation(), world.election,
                        {"nec-clp": [("Eve Elm",), ("Ann Ash",), ("Cal Cole",)]})
    contest = resolve_version(version, AFTER).contest("nec-clp")
    assert contest.resolution.slots == (None, "Ann Ash", "Cal Cole")
    assert contest.resolution.gaps == 1
    assert contest.picks[0].vote_for is None
    assert contest.picks[0].substitution.in_ is None


def test_two_picks_sharing_a_substitute_the_earlier_gets_it(world, organisation, published):
    for name in ("Ann Ash", "Bea Birch"):
        create_suspension(create_person(name), AFTER - timedelta(days=1))
    db.session.commit()
    version = published(organisation(), world.election,
                        {"nec-clp": [("Ann Ash", ("Dan Dale",)), ("Bea Birch", ("Dan Dale", "Cal Cole"))]})
    contest = resolve_version(version, AFTER).contest("nec-clp")
    assert contest.resolution.picks == ("Dan Dale", "Cal Cole")
    assert "Dan Dale is already recommended for an earlier pick" in contest.resolution.substitutions[1].reason


def test_min_women_note_says_whether_the_picks_can_fill_the_reserved_seats(world, organisation, published):
    version = published(organisation(), world.election,
                        {"nec-clp": [("Ann Ash",), ("Cal Cole",), ("Dan Dale",)]})
    contest = resolve_version(version, AFTER).contest("nec-clp")
    assert contest.resolution.women == 1
    assert contest.resolution.min_women_note == "1 of the picks is a woman; the contest reserves 2 seats for women."


def test_slate_json_has_designs_shape(world, organisation, published):
    create_suspension(create_person("Sam Carter"), AFTER - timedelta(days=1))
    db.session.commit()
    version = leader_slate(organisation, published, world)
    answer = slate_json(version, resolve_version(version, AFTER))
    assert set(answer) == {"organisation", "version", "published_at", "contests"}
    assert answer["organisation"] == "grassroots-left" and answer["version"] == 1
    assert answer["contests"] == {
        "leader": {
            "picks": ["Ria Patel"],
            "substitutions": [{"out": "Sam Carter", "in": "Ria Patel",
                               "reason": "Sam Carter is suspended since 2 July 2025 (reason: none published)"}],
            "gaps": 0,
        }
    }


def test_comparison_cell_says_what_a_slate_does_with_each_name(world, organisation, published):
    create_suspension(create_person("Sam Carter"), AFTER - timedelta(days=1))
    db.session.commit()
    contest = resolve_version(leader_slate(organisation, published, world), AFTER).contest("leader")
    cells = comparison_cells(contest)
    assert cells["Sam Carter"].text == "recommended as pick 1, replaced"
    assert cells["Ria Patel"].text == "pick 1 (instead of Sam Carter)"
    assert cells["Lee Hughes"].text == "substitute, not needed"
    assert "Dee Okafor" not in cells


# --- changes between versions (pure) ---------------------------------------------------------------


def test_changes_name_added_and_removed_picks():
    change = contest_changes("nec-clp", [Pick("A"), Pick("B")], [Pick("A"), Pick("C")])
    assert change.added == ("C",) and change.removed == ("B",) and change.moved == ()
    assert change.sentences() == ["C added.", "B removed."]


def test_a_pick_shifted_by_a_removal_above_it_has_not_moved():
    change = contest_changes("nec-clp", [Pick("A"), Pick("B"), Pick("C")], [Pick("B"), Pick("C")])
    assert change.moved == ()


def test_reordered_picks_are_reported_with_their_old_and_new_places():
    change = contest_changes("nec-clp", [Pick("A"), Pick("B"), Pick("C")], [Pick("C"), Pick("A"), Pick("B")])
    assert change.moved == (("C", 3, 1),)
    assert change.sentences() == ["C moved from pick 3 to pick 1."]


def test_changed_substitutes_are_reported():
    change = contest_changes("leader", [Pick("A", ("B", "C"))], [Pick("A", ("C", "B", "D"))])
    assert change.sentences() == ["Substitutes for A: B, C → C, B, D."]


def test_unchanged_versions_have_no_changes_and_a_new_contest_is_reported():
    content = {"leader": [{"name": "A", "otherwise": []}]}
    assert not version_changes("T", content, "T", content)
    changes = version_changes("T", content, "U", {**content, "nec-clp": [{"name": "B", "otherwise": []}]})
    assert changes.title == ("T", "U")
    [nec] = changes.contests
    assert nec.slug == "nec-clp" and nec.sentences() == ["Contest added to the slate.", "B added."]
