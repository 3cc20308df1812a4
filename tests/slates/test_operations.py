"""Saving drafts and publishing versions: every bad input refused with its message, nothing written; audited."""
import pytest

from tracker.audit.models import AuditEvent
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.rules.slates import Pick
from tracker.slates import operations
from tracker.slates.models import Organisation, Slate, SlateVersion


def nothing_written(events_before: int):
    return db.session.query(Slate).count() == 0 and db.session.query(AuditEvent).count() == events_before


def refused(organisation, world, picks, title="Our slate"):
    events = db.session.query(AuditEvent).count()  # the organisation's creation
    with pytest.raises(DomainError) as error:
        operations.save_draft(organisation, world.election, picks, title)
    db.session.rollback()
    assert nothing_written(events)
    return error.value.problems


@pytest.mark.parametrize(
    "picks, problem",
    [
        ({"deputy": [Pick("Sam Carter")]},
         ("contest[deputy]", "'deputy' is not a contest in NEC elections 2025 (contests: leader, nec-clp).")),
        ({"leader": [Pick("Nobody Known")]},
         ("contest[leader].picks[0].name", '"Nobody Known" is not a candidate in this contest.')),
        ({"leader": [Pick("Sam Carter", ("Ann Ash",))]},
         ("contest[leader].picks[0].otherwise[0]", '"Ann Ash" is not a candidate in this contest.')),
        ({"leader": [Pick("sam carter")]},
         ("contest[leader].picks[0].name",
          '"sam carter" is not a candidate in this contest. Did you mean "Sam Carter"?')),
        ({"leader": [Pick("Sam Carter"), Pick("Sam Carter")]},
         ("contest[leader].picks[1].name", "Sam Carter is already pick 1; a name may be picked only once.")),
        ({"leader": [Pick("Sam Carter", ("Ria Patel", "Ria Patel"))]},
         ("contest[leader].picks[0].otherwise[1]", "Ria Patel is already substitute 1 of this pick.")),
        ({"leader": [Pick("Sam Carter", ("Sam Carter",))]},
         ("contest[leader].picks[0].otherwise[0]", "Sam Carter is the pick itself; a substitute must be someone else.")),
        ({"nec-clp": [Pick("Ann Ash"), Pick("Bea Birch"), Pick("Cal Cole"), Pick("Dan Dale")]},
         ("contest[nec-clp].picks", "4 picks for 3 seats; a slate may pick at most one name per seat.")),
    ],
    ids=["unknown-contest", "pick-not-a-candidate", "substitute-not-a-candidate", "near-miss", "name-twice",
         "substitute-twice", "chain-names-the-pick", "more-picks-than-seats"],
)
def test_bad_draft_is_refused_with_its_message_and_nothing_written(world, organisation, picks, problem):
    assert problem in refused(organisation(), world, picks)


def test_every_problem_is_reported_at_once(world, organisation):
    problems = refused(organisation(), world, {
        "leader": [Pick("Nobody Known")],
        "nec-clp": [Pick("Ann Ash", ("Ann Ash",)), Pick("Bea Birch"), Pick("Cal Cole"), Pick("Dan Dale")],
    }, title="")
    fields = [field for field, _ in problems]
    assert fields == ["title", "contest[leader].picks[0].name", "contest[nec-clp].picks[0].otherwise[0]",
                      "contest[nec-clp].picks"]


def test_a_single_seat_contest_may_list_several_picks_in_order_of_preference(world, organisation):
    slate = operations.save_draft(organisation(), world.election,
                                  {"leader": [Pick("Sam Carter"), Pick("Ria Patel")]}, "Preferences")
    assert [entry["name"] for entry in slate.draft["leader"]] == ["Sam Carter", "Ria Patel"]


def test_draft_is_stored_in_the_elections_contest_order_with_spaces_tidied(world, organisation):
    slate = operations.save_draft(organisation(), world.election, {
        "nec-clp": [Pick("Ann  Ash", (" Cal Cole",))], "leader": [Pick("Sam Carter")], "empty": []})
    assert list(slate.draft) == ["leader", "nec-clp"]
    assert slate.draft["nec-clp"] == [{"name": "Ann Ash", "otherwise": ["Cal Cole"]}]
    assert slate.title == "Grassroots Left: NEC elections 2025"


def test_saving_the_same_draft_again_writes_nothing(world, organisation):
    org = organisation()
    operations.save_draft(org, world.election, {"leader": [Pick("Sam Carter")]}, "T")
    db.session.commit()
    events = db.session.query(AuditEvent).count()
    operations.save_draft(org, world.election, {"leader": [Pick("Sam Carter")]}, "T")
    assert db.session.query(AuditEvent).count() == events


def test_publishing_numbers_versions_and_freezes_their_content(world, organisation):
    org = organisation()
    slate = operations.save_draft(org, world.election, {"leader": [Pick("Sam Carter")]}, "First")
    first = operations.publish_slate(slate)
    operations.save_draft(org, world.election, {"leader": [Pick("Ria Patel", ("Sam Carter",))]}, "Second")
    second = operations.publish_slate(slate)
    db.session.commit()
    assert (first.number, second.number) == (1, 2)
    assert first.content == {"leader": [{"name": "Sam Carter", "otherwise": []}]} and first.title == "First"
    assert second.content == {"leader": [{"name": "Ria Patel", "otherwise": ["Sam Carter"]}]}
    assert first.published_at <= second.published_at


def test_every_publish_leaves_a_public_audit_event(world, organisation):
    org = organisation()
    slate = operations.save_draft(org, world.election, {"leader": [Pick("Sam Carter")]}, "First")
    operations.publish_slate(slate)
    operations.save_draft(org, world.election, {"leader": [Pick("Ria Patel")]}, "First")
    operations.publish_slate(slate)
    db.session.commit()
    events = db.session.query(AuditEvent).filter_by(action="slate.publish").order_by(AuditEvent.id).all()
    assert [e.after["number"] for e in events] == [1, 2]
    assert {e.object_type for e in events} == {"slate_version"}
    assert all(e.public and e.election_id == world.election.id for e in events)
    assert events[1].before["content"] == {"leader": [{"name": "Sam Carter", "otherwise": []}]}
    assert events[1].summary == "Grassroots Left published version 2 of its slate 'First'"


def test_publishing_a_draft_that_says_what_the_latest_version_says_is_refused(world, organisation):
    org = organisation()
    slate = operations.save_draft(org, world.election, {"leader": [Pick("Sam Carter")]}, "First")
    operations.publish_slate(slate)
    db.session.commit()
    with pytest.raises(DomainError) as error:
        operations.publish_slate(slate)
    assert error.value.problems == [("draft", "the draft is the same as version 1: change it before publishing")]
    db.session.rollback()
    assert db.session.query(SlateVersion).count() == 1


def test_publishing_an_empty_draft_is_refused(world, organisation):
    slate = operations.save_draft(organisation(), world.election, {}, "Nothing yet")
    with pytest.raises(DomainError) as error:
        operations.publish_slate(slate)
    assert error.value.problems == [("draft", "the draft recommends nobody: add picks before publishing")]


def test_no_operation_changes_a_published_version():
    writers = {name for name in dir(operations) if callable(getattr(operations, name)) and not name.startswith("_")}
    assert {"save_draft", "publish_slate", "import_slate", "create_organisation"} <= writers
    assert not {name for name in writers if "version" in name and name != "SlateVersion"}


def test_create_organisation_refuses_a_bad_slug_a_taken_slug_and_an_empty_name(app, organisation):
    organisation("grassroots-left")
    with pytest.raises(DomainError) as error:
        operations.create_organisation("Grassroots Left!", "")
    assert [field for field, _ in error.value.problems] == ["slug", "name"]
    with pytest.raises(DomainError) as error:
        operations.create_organisation("grassroots-left", "Again")
    assert error.value.problems == [("slug", "an organisation with the slug 'grassroots-left' already exists")]
    db.session.rollback()
    assert db.session.query(Organisation).count() == 1


@pytest.mark.postgresql_only
def test_two_organisers_saving_a_first_draft_at_once_leave_one_slate(app, world, organisation):
    import threading

    from tracker.elections.models import Election

    ids = (organisation().id, world.election.id)
    barrier, outcomes = threading.Barrier(2), []

    def organiser(name):
        with app.app_context():
            org, election = db.session.get(Organisation, ids[0]), db.session.get(Election, ids[1])
            barrier.wait(5)
            operations.save_draft(org, election, {"leader": [Pick(name)]}, "Our slate")
            db.session.commit()
            outcomes.append(name)
            db.session.remove()

    threads = [threading.Thread(target=organiser, args=(name,)) for name in ("Sam Carter", "Ria Patel")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    db.session.expire_all()
    assert sorted(outcomes) == ["Ria Patel", "Sam Carter"]
    [slate] = db.session.query(Slate).all()
    assert slate.draft["leader"][0]["name"] == outcomes[-1]
