"""When the database stops, people are told to try again in a moment (503, Retry-After), /healthz says the
database is down, nothing half-done is kept; when it is back the app serves again without a restart."""
from __future__ import annotations

import pytest

from tests.conftest import CI, make_app
from tests.faults.cluster import Cluster, bin_dir
from tests.faults.world import login, nominate_path, nomination_form, open_contest
from tracker.extensions import db
from tracker.web import health


@pytest.fixture(scope="module")
def cluster():
    """A PostgreSQL cluster of this module's own (never the shared one on 5432), removed afterwards."""
    tools = bin_dir()
    if tools is None:
        message = "PostgreSQL's server tools (initdb, pg_ctl) are not installed"
        if CI:
            pytest.fail(message + "; CI=true requires them")
        pytest.skip(message)
    made = Cluster(tools)
    try:
        made.start()
        yield made
    finally:
        made.remove()


@pytest.fixture
def outage_app(cluster):
    from flask_migrate import upgrade

    cluster.start() if not _running(cluster) else None
    import psycopg

    with psycopg.connect(cluster.url().replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS tracker WITH (FORCE)")
        conn.execute("CREATE DATABASE tracker")
    # PROPAGATE_EXCEPTIONS off: errors reach the handlers as they do in production.
    app = make_app(cluster.url("tracker"), PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        upgrade()
        world = open_contest()
        db.session.remove()
        health.forget()
        yield app, world
        db.session.remove()
        db.engine.dispose()


def _running(cluster) -> bool:
    import psycopg

    try:
        psycopg.connect(cluster.url().replace("+psycopg", ""), connect_timeout=2).close()
        return True
    except psycopg.OperationalError:
        return False


def nominations_count() -> int:
    return db.session.execute(db.text("SELECT count(*) FROM nomination")).scalar_one()


def test_a_stopped_database_answers_503_with_retry_after_and_the_app_recovers_when_it_returns(cluster, outage_app):
    app, world = outage_app
    client = app.test_client()
    assert login(client).status_code == 302
    assert client.get("/healthz").status_code == 200
    assert client.get("/livez").status_code == 200

    cluster.stop()
    health.forget()
    try:
        page = client.post(nominate_path(world), data=nomination_form(world))
        assert page.status_code == 503
        assert page.headers["Retry-After"] == "5"
        assert "try again in a moment" in page.get_data(as_text=True)

        api = client.get("/api/v1/elections")
        assert api.status_code == 503 and api.headers["Retry-After"] == "5"
        assert api.get_json()["status"] == 503 and api.get_json()["error"] == "Service Unavailable"
        assert "try again in a moment" in api.get_json()["message"]

        health_check = client.get("/healthz")
        assert health_check.status_code == 503
        assert "database: down" in health_check.get_data(as_text=True)
        assert health_check.headers["Retry-After"] == "5"
        assert client.get("/livez").status_code == 200  # the process itself is alive
    finally:
        cluster.start()
    health.forget()

    assert client.get("/healthz").status_code == 200
    done = client.post(nominate_path(world), data=nomination_form(world))
    assert done.status_code == 302
    assert nominations_count() == 1  # the one refused while the database was down was not kept
