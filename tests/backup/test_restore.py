"""`flask restore`: only into an empty database at the file's schema revision, all rows or none, with a message
saying what to do otherwise."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from tests.conftest import make_app
from tests.factories import T0, create_body, create_candidate, create_contest, create_election, create_nomination
from tracker.accounts.operations import create_user
from tracker.backup import operations
from tracker.extensions import db
from tracker.slates.operations import create_organisation

UPGRADE = "`flask --app tracker db upgrade`"


def run(app, *args):
    with app.app_context():
        return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def latest() -> str:
    from alembic.script import ScriptDirectory
    from flask import current_app

    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config()).get_current_head()


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables}


@pytest.fixture
def exported(app, runner, tmp_path):
    """An export of a small world (a contest with a nomination, an account, an organisation); its path."""
    election = create_election()
    contest = create_contest(election)
    create_nomination(create_candidate(contest, "Sam Carter"), create_body(election, "MP01", "mp"), T0)
    create_user("admin@example.org", "a long password", "admin")
    create_organisation("grassroots-left", "Grassroots Left")
    db.session.commit()
    path = tmp_path / "backup.json"
    assert runner.invoke(args=["export", str(path)]).exit_code == 0
    return path


def edited(path, change) -> object:
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))
    return path


def test_restore_into_a_database_with_any_row_in_any_table_is_refused(exported, scratch_app):
    target = scratch_app()
    with target.app_context():
        create_organisation("already-here", "Already Here")
        db.session.commit()
    before = row_counts(target)
    result = run(target, "restore", exported)
    assert result.exit_code == 1
    assert ("This database is not empty (organisation: 1 row; audit_event: 1 row). A restore goes only into an "
            f"empty database: make a new one, run {UPGRADE} in it, and restore there.") in result.output
    assert row_counts(target) == before


def test_a_file_of_another_format_version_is_refused(exported, scratch_app):
    target = scratch_app()
    result = run(target, "restore", edited(exported, lambda document: document.update(format_version=2)))
    assert result.exit_code == 1
    assert ("backup.json is in export format version 2; this version of the tracker reads version 1: restore it "
            "with the version of the tracker that wrote it.") in result.output
    assert not any(row_counts(target).values())


def test_a_file_from_an_older_schema_is_refused_saying_how_to_restore_it(exported, scratch_app):
    target = scratch_app()
    result = run(target, "restore", edited(exported, lambda document: document.update(alembic_revision="0001")))
    assert result.exit_code == 1
    assert ("backup.json was written at schema revision 0001, older than this version of the tracker's "
            f"{latest()}: restore it with the version of the tracker that wrote it, into an empty database at that "
            f"revision (`flask --app tracker db upgrade 0001`), then run {UPGRADE} there with this version."
            ) in result.output
    assert not any(row_counts(target).values())


@pytest.mark.parametrize("command", ["restore", "export"])
def test_a_database_behind_the_tracker_is_told_to_upgrade_first(exported, scratch_app, monkeypatch, command):
    target = scratch_app()
    monkeypatch.setattr(operations, "schema_revision", lambda connection: "0001")
    result = run(target, command, exported)
    assert result.exit_code == 1
    assert (f"This database is at schema revision 0001, and this version of the tracker at {latest()}: "
            f"run {UPGRADE} first, then {command}.") in result.output
    assert exported.read_text().startswith("{")  # an export refused leaves the file as it was


def test_a_file_from_a_revision_this_tracker_does_not_know_is_refused(exported, scratch_app):
    target = scratch_app()
    result = run(target, "restore", edited(exported, lambda document: document.update(alembic_revision="9999")))
    assert result.exit_code == 1
    assert "backup.json was written at schema revision '9999', which this version of the tracker does not know" \
        in result.output


def test_a_database_without_a_schema_is_told_to_upgrade(exported, tmp_path):
    bare = make_app(f"sqlite:///{tmp_path / 'bare.db'}")
    result = run(bare, "restore", exported)
    assert result.exit_code == 1
    assert f"This database has no schema yet: run {UPGRADE} first, then restore." in result.output
    assert run(bare, "export", tmp_path / "nothing.json").output.startswith(
        f"This database has no schema yet: run {UPGRADE} first, then export.")
    assert not (tmp_path / "nothing.json").exists()


@pytest.mark.parametrize("content, message", [
    ("{not json", "backup.json is not JSON (line 1, column 2: Expecting property name enclosed in double quotes)."),
    ('{"format": "something else"}', "backup.json is not an export of the Nominations Tracker"),
    ("[1, 2]", "backup.json is not an export of the Nominations Tracker"),
], ids=["not-json", "another-format", "not-an-object"])
def test_a_file_that_is_not_an_export_is_refused(scratch_app, tmp_path, content, message):
    path = tmp_path / "backup.json"
    path.write_text(content)
    result = run(scratch_app(), "restore", path)
    assert result.exit_code == 1 and message in result.output


def test_values_that_do_not_fit_their_columns_are_named_and_nothing_is_restored(exported, scratch_app):
    def spoil(document):
        document["tables"]["user"][0]["active"] = "yes"
        document["tables"]["election"][0]["created_at"] = "yesterday"
        del document["tables"]["person"][0]["slug"]

    target = scratch_app()
    result = run(target, "restore", edited(exported, spoil))
    assert result.exit_code == 1
    assert "backup.json: election, row 1: created_at: 'yesterday' is not a date and time" in result.output
    assert "backup.json: person, row 1: missing columns: slug" in result.output
    assert 'backup.json: user, row 1: active is "yes", and must be true or false' in result.output
    assert not any(row_counts(target).values())


def test_a_row_the_database_refuses_undoes_every_row_written_before_it(exported, scratch_app):
    def dangle(document):
        document["tables"]["nomination"][0]["body_id"] = 999_999

    target = scratch_app()
    names = [table.name for table in db.metadata.sorted_tables]
    assert names.index("nomination") > names.index("election")  # rows of other tables are written first
    result = run(target, "restore", edited(exported, dangle))
    assert result.exit_code == 1
    assert "Nothing was restored: the rows of nomination do not fit the database" in result.output
    assert not any(row_counts(target).values())


def test_a_restore_writes_every_row_with_its_id_and_says_how_many(app, exported, scratch_app):
    target = scratch_app()
    result = run(target, "restore", exported)
    assert result.exit_code == 0, result.output
    assert row_counts(target) == row_counts(app)
    assert result.output.startswith(f"Restored {sum(row_counts(app).values())} rows of "
                                    f"{len(db.metadata.sorted_tables)} tables from {exported}:\n")
    assert result.output.rstrip().endswith("Check the audit trail with `flask --app tracker verify-audit`.")
