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
