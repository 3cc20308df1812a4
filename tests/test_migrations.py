"""The schema is built by migrations, and the migrations say exactly what the models say."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tracker.extensions import db


def test_migrations_and_models_agree(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"


def test_database_is_at_the_latest_migration(app):
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate

    config = app.extensions["migrate"].migrate.get_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head
    assert isinstance(app.extensions["migrate"].migrate, Migrate)


@pytest.fixture
def empty_database(backend, tmp_path, request):
    """A database of this backend with no table at all, dropped afterwards."""
    from tests.conftest import database_url

    with database_url(backend, tmp_path / "empty.db") as url:
        yield url


def test_0002_upgrades_an_empty_database_and_gives_existing_accounts_generation_zero(empty_database):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect, text

    from tests.conftest import make_app

    app = make_app(empty_database)
    with app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO \"user\" (email, password_hash, role, active, created_at) "
                              "VALUES ('old@example.org', 'x', 'admin', true, CURRENT_TIMESTAMP)"))
        upgrade(revision="0002")
        with db.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == "0002"
            assert conn.execute(text('SELECT session_generation FROM "user"')).scalar_one() == 0
        downgrade(revision="0001")
        assert "session_generation" not in {c["name"] for c in inspect(db.engine).get_columns("user")}
        db.engine.dispose()


def test_0012_binds_a_signatures_status_to_its_dates_and_names_the_rows_that_disagree(empty_database, capfd):
    """Upgrading refuses, naming them, signatures whose status disagrees with their dates (rather than changing them
    silently); once they are corrected it upgrades, and from then on the database itself refuses such a row."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from tests.conftest import make_app

    app = make_app(empty_database)
    with app.app_context():
        upgrade(revision="0011")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO organisation (id, slug, name, description) VALUES (1, 'o', 'O', '')"))
            conn.execute(text(
                "INSERT INTO appeal (id, organisation_id, slug, title, petitioning, text, privacy_url, "
                "close_when_ballot_opens, published_at) VALUES (1, 1, 'a', 'A', 'P', 'T', 'https://p.example', "
                "false, CURRENT_TIMESTAMP)"))
            for ident in (1, 2, 3):
                conn.execute(text("INSERT INTO supporter (id, created_at) VALUES (:i, CURRENT_TIMESTAMP)"),
                             {"i": ident})
            signature = ("INSERT INTO signature (id, appeal_id, supporter_id, status, signed_at, confirmed_at, "
                         "withdrawn_at) VALUES (:i, 1, :i, :status, CURRENT_TIMESTAMP, {}, {})")
            conn.execute(text(signature.format("CURRENT_TIMESTAMP", "NULL")), {"i": 1, "status": "confirmed"})
            conn.execute(text(signature.format("NULL", "NULL")), {"i": 2, "status": "confirmed"})  # no date
            conn.execute(text(signature.format("CURRENT_TIMESTAMP", "NULL")), {"i": 3, "status": "pending"})
        with pytest.raises(SystemExit):  # `flask db upgrade` stops, with the message in its log
            upgrade(revision="0012")
        assert "Signatures whose status disagrees with their dates (ids 2, 3)" in capfd.readouterr().err
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE signature SET confirmed_at = CURRENT_TIMESTAMP WHERE id = 2"))
            conn.execute(text("UPDATE signature SET confirmed_at = NULL WHERE id = 3"))
        upgrade(revision="0012")
        with pytest.raises(IntegrityError, match="status_agrees_with_dates"), db.engine.begin() as conn:
            conn.execute(text("UPDATE signature SET status = 'pending' WHERE id = 1"))  # still dated confirmed
        with db.engine.begin() as conn:  # withdrawn after confirming keeps the date it was confirmed
            conn.execute(text("UPDATE signature SET status = 'withdrawn', withdrawn_at = CURRENT_TIMESTAMP "
                              "WHERE id = 1"))
        downgrade(revision="0011")
        with db.engine.begin() as conn:  # without the check again
            conn.execute(text("UPDATE signature SET withdrawn_at = NULL WHERE id = 1"))
        db.engine.dispose()
