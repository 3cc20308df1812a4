"""The slate definition file: `import-slate` publishes it, `export-slate` writes it back, and the two round-trip."""
import textwrap

import pytest

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.slates.definition import parse
from tracker.slates.models import Organisation, Slate, SlateVersion

SLATE = textwrap.dedent("""\
    organisation = "grassroots-left"          # slug; created if absent
    organisation_name = "Grassroots Left"
    election = "nec-2025"
    title = "Our NEC recommendations"

    [[contest]]
    slug = "nec-clp"
      [[contest.pick]]                        # picks in order of preference
      name = "Ann Ash"
      otherwise = ["Eve Elm"]
      [[contest.pick]]
      name = "Cal Cole"

    [[contest]]
    slug = "leader"
      [[contest.pick]]
      name = "Sam Carter"
      otherwise = ["Ria Patel", "Lee Hughes"]
    """)


@pytest.fixture
def slate_file(tmp_path):
    def write(text=SLATE, name="slate.toml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_import_creates_the_organisation_and_publishes_version_1(runner, world, slate_file):
    result = runner.invoke(args=["import-slate", slate_file()])
    assert result.exit_code == 0, result.output
    assert "Published version 1 of Grassroots Left (grassroots-left)'s slate for nec-2025." in result.output
    organisation = db.session.query(Organisation).one()
    assert (organisation.slug, organisation.name) == ("grassroots-left", "Grassroots Left")
    version = db.session.query(SlateVersion).one()
    assert version.title == "Our NEC recommendations"
    assert list(version.content) == ["leader", "nec-clp"]  # the election's order
    assert version.content["leader"] == [{"name": "Sam Carter", "otherwise": ["Ria Patel", "Lee Hughes"]}]
    events = db.session.query(AuditEvent).filter_by(action="slate.publish").all()
    assert len(events) == 1 and events[0].actor_label == "cli"


def test_importing_the_same_file_twice_changes_nothing(runner, world, slate_file):
    runner.invoke(args=["import-slate", slate_file()])
    events = db.session.query(AuditEvent).count()
    result = runner.invoke(args=["import-slate", slate_file()])
    assert result.exit_code == 0, result.output
    assert "Unchanged: version 1" in result.output
    assert db.session.query(SlateVersion).count() == 1
    assert db.session.query(AuditEvent).count() == events


def test_importing_a_changed_file_publishes_the_next_version(runner, world, slate_file):
    runner.invoke(args=["import-slate", slate_file()])
    result = runner.invoke(args=["import-slate", slate_file(SLATE.replace('name = "Cal Cole"', 'name = "Dan Dale"'))])
    assert result.exit_code == 0, result.output
    assert "Published version 2" in result.output
    assert [v.number for v in db.session.query(SlateVersion).order_by(SlateVersion.number)] == [1, 2]


def test_export_then_import_gives_the_same_slate(runner, world, slate_file):
    runner.invoke(args=["import-slate", slate_file()])
    exported = runner.invoke(args=["export-slate", "grassroots-left", "--election", "nec-2025"])
    assert exported.exit_code == 0, exported.output
    assert parse(exported.output)[0] == parse(SLATE)[0]  # (contests in the election's order: order is not meaning)

    again = runner.invoke(args=["import-slate", slate_file(exported.output, "exported.toml")])
    assert again.exit_code == 0 and "Unchanged: version 1" in again.output  # the same slate

    # Imported under another organisation, the exported file makes an identical slate.
    copy = exported.output.replace('"grassroots-left"', '"red-front"').replace('"Grassroots Left"', '"Red Front"')
    assert runner.invoke(args=["import-slate", slate_file(copy, "copy.toml")]).exit_code == 0
    original, copied = (db.session.query(Slate).join(Organisation).filter(Organisation.slug == slug).one()
                        for slug in ("grassroots-left", "red-front"))
    assert copied.versions[-1].content == original.versions[-1].content
    assert copied.versions[-1].title == original.versions[-1].title
    reexported = runner.invoke(args=["export-slate", "red-front", "--election", "nec-2025"]).output
    assert reexported.splitlines()[1:] == copy.splitlines()[1:]  # all but the dated comment line


def test_export_of_the_draft_and_of_an_older_version(runner, world, slate_file):
    runner.invoke(args=["import-slate", slate_file()])
    runner.invoke(args=["import-slate", slate_file(SLATE.replace('name = "Cal Cole"', 'name = "Dan Dale"'))])
    first = runner.invoke(args=["export-slate", "grassroots-left", "--election", "nec-2025", "--version", "1"]).output
    assert first.startswith("# Version 1, published ") and "Cal Cole" in first
    draft = runner.invoke(args=["export-slate", "grassroots-left", "--election", "nec-2025", "--draft"]).output
    assert draft.startswith("# Draft (unpublished)") and "Dan Dale" in draft


def test_bad_file_reports_every_problem_with_its_line_and_writes_nothing(runner, world, slate_file):
    bad = SLATE.replace('otherwise = ["Eve Elm"]', 'otherwise = ["Ann Ash"]') \
               .replace('name = "Cal Cole"', 'name = "Nobody Known"') \
               .replace('slug = "leader"', 'slug = "deputy"')
    path = slate_file(bad)
    result = runner.invoke(args=["import-slate", path])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{path}:10: contest nec-clp, pick 1, otherwise 1: Ann Ash is the pick itself; " \
           "a substitute must be someone else." in lines
    assert f'{path}:12: contest nec-clp, pick 2: "Nobody Known" is not a candidate in this contest.' in lines
    assert f"{path}:15: contest deputy: 'deputy' is not a contest in NEC elections 2025 " \
           "(contests: leader, nec-clp)." in lines
    assert db.session.query(Organisation).count() == 0
    assert db.session.query(Slate).count() == 0
    assert db.session.query(AuditEvent).count() == 0


def test_more_picks_than_seats_in_the_file_is_refused(runner, world, slate_file):
    path = slate_file(textwrap.dedent("""\
        organisation = "grassroots-left"
        election = "nec-2025"

        [[contest]]
        slug = "nec-clp"
          [[contest.pick]]
          name = "Ann Ash"
          [[contest.pick]]
          name = "Bea Birch"
          [[contest.pick]]
          name = "Cal Cole"
          [[contest.pick]]
          name = "Dan Dale"
        """))
    result = runner.invoke(args=["import-slate", path])
    assert result.exit_code == 1
    assert f"{path}:4: contest nec-clp: 4 picks for 3 seats; a slate may pick at most one name per seat." \
        in result.output
    assert db.session.query(Slate).count() == 0


def test_shape_problems_name_their_lines(runner, world, slate_file):
    path = slate_file(textwrap.dedent("""\
        organisation = "Grassroots Left"
        election = "nope"
        colour = "red"
        [[contest]]
        slug = "leader"
          [[contest.pick]]
          nmae = "Sam Carter"
        """))
    result = runner.invoke(args=["import-slate", path])
    assert result.exit_code == 1
    assert f"{path}:1: organisation: organisation 'Grassroots Left' must be a slug" in result.output
    assert f"{path}:3: colour: unknown key 'colour'" in result.output
    assert f"{path}:7: contest leader, pick 1: unknown key 'nmae'" in result.output
    assert f"{path}:6: contest leader, pick 1: each pick needs a name" in result.output


def test_unknown_election_is_named_with_its_line(runner, world, slate_file):
    path = slate_file(SLATE.replace('"nec-2025"', '"nec-2099"'))
    result = runner.invoke(args=["import-slate", path])
    assert result.exit_code == 1
    assert f"{path}:3: election: no election has the slug 'nec-2099'" in result.output
    assert db.session.query(Organisation).count() == 0


def test_invalid_toml_names_its_line(runner, world, slate_file):
    path = slate_file('organisation = "grassroots-left"\nelection = nec-2025\n')
    result = runner.invoke(args=["import-slate", path])
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}:2: not valid TOML")


def test_export_of_an_unknown_organisation_fails(runner, world):
    result = runner.invoke(args=["export-slate", "nobody", "--election", "nec-2025"])
    assert result.exit_code == 1
    assert "organisation: no organisation has the slug 'nobody'" in result.output


def test_import_renames_an_existing_organisation_to_the_name_in_the_file(runner, world, slate_file, organisation):
    organisation("grassroots-left", "Grassroots")
    result = runner.invoke(args=["import-slate", slate_file()])
    assert result.exit_code == 0, result.output
    assert db.session.query(Organisation).one().name == "Grassroots Left"
    event = db.session.query(AuditEvent).filter_by(action="organisation.update").one()
    assert (event.before, event.after) == ({"name": "Grassroots"}, {"name": "Grassroots Left"})



@pytest.mark.parametrize("existing, old, new, message", [
    (False, '"grassroots-left"          #', f'"{"g" * 81}" #', "the slug must be at most 80 characters"),
    (False, 'organisation_name = "Grassroots Left"', f'organisation_name = "{"G" * 201}"',
     "the name must be at most 200 characters"),
    (True, 'organisation_name = "Grassroots Left"', f'organisation_name = "{"G" * 201}"',
     "the name must be at most 200 characters"),
    (False, 'organisation_name = "Grassroots Left"', 'organisation_name = "Grassroots\\u0000Left"',
     "the name must not contain control characters"),
    (True, 'organisation_name = "Grassroots Left"', 'organisation_name = "Grassroots\\u0000Left"',
     "the name must not contain control characters"),
    (False, 'title = "Our NEC recommendations"', 'title = "Our\\u0000NEC"',
     "the title must not contain control characters"),
], ids=["long-slug", "long-name", "long-rename", "nul-in-name", "nul-in-rename", "nul-in-title"])
def test_a_name_or_title_the_database_cannot_hold_is_refused_and_nothing_written(
    runner, world, slate_file, organisation, existing, old, new, message
):
    if existing:
        organisation("grassroots-left", "Grassroots")
    before = db.session.query(Organisation).count()
    result = runner.invoke(args=["import-slate", slate_file(SLATE.replace(old, new))])
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert db.session.query(Organisation).count() == before
    assert db.session.query(Slate).count() == 0


def test_a_file_saved_with_a_byte_order_mark_imports(runner, world, tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SLATE.encode())
    result = runner.invoke(args=["import-slate", str(path)])
    assert result.exit_code == 0, result.output
    assert db.session.query(SlateVersion).count() == 1
