"""`flask load` and `flask import`: a one-line summary on success; on failure every problem, exit 1, nothing written."""
from __future__ import annotations

from sqlalchemy import func, select

from tracker.audit.models import AuditEvent
from tracker.bodies.models import NominatingBody
from tracker.extensions import db


def test_load_then_import_print_a_summary_and_commit(runner, files):
    loaded = runner.invoke(args=["load", str(files.election)])
    assert loaded.exit_code == 0, loaded.output
    assert loaded.output == "Loaded leadership-2026: 3 created, 0 updated, 0 unchanged\n"
    imported = runner.invoke(args=["import", "bodies", str(files.bodies), "--election", "leadership-2026"])
    assert imported.output == "Imported bodies into leadership-2026: 11 created, 0 updated, 0 unchanged\n"
    db.session.rollback()  # what was printed was committed
    assert db.session.scalar(select(func.count(NominatingBody.id))) == 11
    assert db.session.scalars(select(AuditEvent.actor_label).distinct()).all() == ["cli"]
    [imported] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "election.import")).all()
    assert (imported.summary, imported.after["created"], imported.after["file"]) == ("11 bodies imported", 11, "bodies.csv")


def test_failed_import_prints_every_problem_and_exits_non_zero_having_written_nothing(runner, files):
    runner.invoke(args=["load", str(files.election)])
    path = files("bodies.csv", "code,name,kind\nCLP001,Anytown,clp\nCLP002,,clp\nCLP003,Castlemoor,ward\n")
    result = runner.invoke(args=["import", "bodies", str(path), "--election", "leadership-2026"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:3: name: is empty",
        f"{path}:4: kind: 'ward' is not one of mp, clp, affiliate",
    ]
    assert db.session.scalar(select(func.count(NominatingBody.id))) == 0


def test_failed_load_prints_every_problem(runner, files):
    path = files("bad.toml", 'slug = "x"\ntitle = "X"\ntimezone = "Mars/Olympus"\n')
    result = runner.invoke(args=["load", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: timezone: 'Mars/Olympus' is not a time zone name such as Europe/London",
        f"{path}: contest: is required: give at least one",
    ]


def test_import_into_an_unknown_election_is_refused(runner, files):
    result = runner.invoke(args=["import", "bodies", str(files.bodies), "--election", "nope"])
    assert result.exit_code == 1
    assert "No election has the slug 'nope'" in result.stderr


def test_missing_file_is_reported(runner, tmp_path):
    result = runner.invoke(args=["load", str(tmp_path / "missing.toml")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path / 'missing.toml'}: cannot be read: No such file or directory")
