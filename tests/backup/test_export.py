"""`flask export`: every table of the schema in one JSON file, with its format version and schema revision, times
with their offsets and JSON columns as JSON, written whole or not at all."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.factories import create_election
from tracker.accounts.operations import create_user
from tracker.backup import operations
from tracker.extensions import db
from tracker.slates.operations import create_organisation, save_draft


def schema_head(app) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config()).get_current_head()


def some_rows() -> None:
    election = create_election()
    organisation = create_organisation("grassroots-left", "Grassroots Left")
    save_draft(organisation, election, {}, "Our picks")
    create_user("secretary@example.org", "a long password", "admin")
    db.session.commit()


def test_the_export_holds_every_table_with_its_format_version_revision_and_counts(app, runner, tmp_path):
    some_rows()
    path = tmp_path / "backup.json"
    result = runner.invoke(args=["export", str(path)])
    assert result.exit_code == 0, result.output
    document = json.loads(path.read_text())
    names = [table.name for table in db.metadata.sorted_tables]
    assert (document["format"], document["format_version"]) == ("nominations-tracker-export", 1)
    assert document["alembic_revision"] == schema_head(app)
    assert list(document["tables"]) == names
    counts = {table.name: db.session.scalar(select(func.count()).select_from(table))
              for table in db.metadata.sorted_tables}
    assert document["rows"] == counts == {name: len(rows) for name, rows in document["tables"].items()}
    total = sum(counts.values())
    assert result.output.startswith(f"Wrote {total} rows of {len(names)} tables to {path} (export format 1, "
                                    f"schema revision {schema_head(app)}):\n")
    for name in names:
        assert any(line.split() == [name, str(counts[name])] for line in result.output.splitlines()), name


def test_times_are_iso_8601_with_their_offset_and_json_columns_are_json(app, runner, tmp_path):
    some_rows()
    path = tmp_path / "backup.json"
    runner.invoke(args=["export", str(path)])
    tables = json.loads(path.read_text())["tables"]
    (election,) = tables["election"]
    created = datetime.fromisoformat(election["created_at"])
    assert election["created_at"].endswith("+00:00") and abs(created - datetime.now(UTC)) < timedelta(minutes=5)
    (slate,) = tables["slate"]
    assert slate["draft"] == {}  # a JSON object, not the text of one
    event = next(event for event in tables["audit_event"] if event["action"] == "user.create")
    assert event["after"] == {"email": "secretary@example.org", "role": "admin", "bodies": [], "org": None}
    assert event["public"] is False and len(event["hash"]) == 64
    (user,) = tables["user"]
    assert user["password_hash"].startswith("pbkdf2:sha256:")


def test_a_failed_export_leaves_the_earlier_file_whole_and_no_part_written(app, runner, tmp_path, monkeypatch):
    some_rows()
    path = tmp_path / "backup.json"
    path.write_text("yesterday's backup")
    written = operations._rows

    def disk_fills_up(connection, table):
        if table.name == "audit_event":
            raise OSError(28, "No space left on device")
        return written(connection, table)

    monkeypatch.setattr(operations, "_rows", disk_fills_up)
    result = runner.invoke(args=["export", str(path)])
    assert result.exit_code == 1
    assert f"{path}: No space left on device; nothing was written." in result.output
    assert path.read_text() == "yesterday's backup"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json"]


def test_every_column_of_the_schema_has_a_way_into_the_file():
    import tracker.models  # noqa: F401  (every table)

    assert [table.name for table in operations.tables()] == [table.name for table in db.metadata.sorted_tables]
