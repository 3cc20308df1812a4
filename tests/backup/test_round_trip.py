"""Export then restore into an empty database gives back the same ballots, slates, audit trail, accounts, appeals and
pledges — on SQLite, on PostgreSQL, and from one to the other — and exporting the restored database again writes
every table exactly as the first export did."""
from __future__ import annotations

import json
from itertools import zip_longest

import pytest
from sqlalchemy import func, select

from tests.backup.conftest import build_everything, observed
from tests.conftest import PASSWORD
from tracker.accounts.models import User
from tracker.accounts.operations import create_user
from tracker.audit.chain import verify
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.types import utcnow


def run(app, *args):
    """Run a command against `app`'s database (its own app context, as the flask command would)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def round_trip(source, target, tmp_path) -> tuple[dict, dict]:
    """Build everything in `source`, export it, restore the file into `target`: what was observed in each."""
    with source.app_context():
        build_everything(tmp_path / "demo")
        as_of = utcnow()
        before = observed(as_of)
    exported = run(source, "export", tmp_path / "backup.json")
    assert exported.exit_code == 0, exported.output
    restored = run(target, "restore", tmp_path / "backup.json")
    assert restored.exit_code == 0, restored.output
    with target.app_context():
        after = observed(as_of)
    return before, after


def exported(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def assert_same_tables(first: dict, second: dict) -> None:
    """Two exports hold the same tables in the same order, and each table the same rows, written the same way: rows
    are compared as the text the file holds (so the order of a row's keys, and of the keys inside its JSON columns,
    counts too), table by table, naming the first row that differs. Only the header's `exported_at` and `database`
    may differ: they say when and from what the file was written (docs/formats.md, "Export file")."""
    assert {key: second[key] for key in ("format", "format_version", "alembic_revision")} \
        == {key: first[key] for key in ("format", "format_version", "alembic_revision")}
    assert list(second["tables"]) == list(first["tables"])
    assert second["rows"] == first["rows"]
    for name, rows in first["tables"].items():
        theirs = [json.dumps(row, ensure_ascii=False) for row in second["tables"][name]]
        ours = [json.dumps(row, ensure_ascii=False) for row in rows]
        if theirs != ours:
            number, mine, other = next((number, mine, other) for number, (mine, other)
                                       in enumerate(zip_longest(ours, theirs, fillvalue="(no row)"), start=1)
                                       if mine != other)
            pytest.fail(f"{name}: {len(theirs)} rows re-exported, {len(ours)} exported; row {number} differs:\n"
                        f"  exported    {mine}\n  re-exported {other}")


def check_logins(app) -> None:
    """Each account signs in with the password it had; a wrong one is still refused."""
    client = app.test_client()
    assert client.post("/login", data={"email": "organiser@example.org", "password": "not the password"}
                       ).status_code == 400
    for email, page in (("admin@example.org", "/admin/"), ("secretary@example.org", "/secretary/"),
                        ("organiser@example.org", "/organise")):
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        assert client.get(page).status_code == 200, page


def check_new_rows_get_fresh_ids(app) -> None:
    """After a restore, new rows take ids after the restored ones, and new audit events continue the chain."""
    with app.app_context():
        last_user = db.session.scalar(select(func.max(User.id)))
        last_event = db.session.scalar(select(func.max(AuditEvent.id)))
        user = create_user("newcomer@example.org", PASSWORD, "admin")
        db.session.commit()
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert user.id > last_user and event.id > last_event and event.action == "user.create"
        with db.engine.connect() as conn:
            outcome = verify(conn)
        assert outcome.whole and outcome.last_id == event.id


def test_a_round_trip_gives_back_the_same_ballots_slates_audit_trail_and_accounts(app, scratch_app, tmp_path):
    target = scratch_app()
    before, after = round_trip(app, target, tmp_path)
    assert after["verdicts"] == before["verdicts"]
    assert after["slates"] == before["slates"] and after["drafts"] == before["drafts"]
    assert after["audit"] == before["audit"]
    assert after["accounts"] == before["accounts"]
    assert after["pledges"] == before["pledges"] and after["rows"] == before["rows"]
    assert {"on_ballot", "eliminated", "withdrawn"} <= {candidate["status"] for verdict in before["verdicts"].values()
                                                         for candidate in verdict["candidates"]}
    check_logins(target)
    again = run(target, "export", tmp_path / "again.json")
    assert again.exit_code == 0, again.output
    first, second = (exported(tmp_path / name) for name in ("backup.json", "again.json"))
    assert all(first["rows"].values()), "every table of the schema has a row to carry"
    assert_same_tables(first, second)
    check_new_rows_get_fresh_ids(target)


def pledge_figures(observations: list[dict]) -> dict[str, int]:
    """How much of the pledges feature the world holds: pledges, versions, and the standings and acts on them."""
    return {"pledges": len(observations),
            **{key: sum(len(pledge[key]) for pledge in observations)
               for key in ("versions", "standings", "invited", "signed", "declined")}}


@pytest.mark.postgresql_only
@pytest.mark.parametrize("direction", ["sqlite-to-postgresql", "postgresql-to-sqlite"])
def test_an_export_from_one_kind_of_database_restores_into_the_other(app, scratch_app, tmp_path, direction):
    source, target = (scratch_app("sqlite"), app) if direction == "sqlite-to-postgresql" else (app, scratch_app("sqlite"))
    before, after = round_trip(source, target, tmp_path)
    figures = pledge_figures(before["pledges"])
    assert all(figures.values()), f"the world has a pledge with every kind of act: {figures}"
    assert {standing[2] for pledge in before["pledges"] for standing in pledge["standings"]} \
        >= {"signed", "declined", "invited", "not_asked"}
    assert all(before["rows"].values()), {name: len(rows) for name, rows in before["rows"].items()}
    assert after["pledges"] == before["pledges"]
    assert after == before
    assert len(before["audit"]) > 100 and len(before["slates"]) == 2
    again = run(target, "export", tmp_path / "again.json")
    assert again.exit_code == 0, again.output
    first, second = exported(tmp_path / "backup.json"), exported(tmp_path / "again.json")
    assert (first["database"], second["database"]) == tuple(direction.split("-to-"))
    assert all(first["rows"].values()), "every table of the schema has a row to carry"
    assert_same_tables(first, second)
    check_logins(target)
    verified = run(target, "verify-audit")
    assert verified.exit_code == 0 and f"Checked {len(before['audit']):,} audit events" in verified.output
    check_new_rows_get_fresh_ids(target)
