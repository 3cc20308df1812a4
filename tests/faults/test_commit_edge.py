"""The request commits at its edge, before its answer leaves: a change whose commit failed is reported as not
saved (and is not), and one that was committed is reported as saved even when something after the commit fails."""
from __future__ import annotations

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from tests.faults.world import login, nominate_path, nomination_form, open_contest
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.nominations.models import Nomination


@pytest.fixture
def production_like(app_factory):
    """Errors reach the handlers as in production (tests otherwise let them propagate)."""
    app = app_factory(PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        world = open_contest()
    client = app.test_client()  # each request in its own app context, as in production
    assert login(client).status_code == 302
    return app, client, world


def counts(app) -> tuple[int, int]:
    with app.app_context():
        nominations = db.session.scalar(select(func.count()).select_from(Nomination))
        created = db.session.scalar(select(func.count()).where(AuditEvent.action == "nomination.create"))
        return nominations, created


def test_a_nomination_whose_commit_fails_is_reported_as_not_saved_and_is_not_written(production_like):
    app, client, world = production_like

    def the_database_goes_away(conn):
        raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "commit", the_database_goes_away)
    try:
        response = client.post(nominate_path(world), data=nomination_form(world))
    finally:
        event.remove(engine, "commit", the_database_goes_away)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    page = response.get_data(as_text=True)
    assert "nothing was saved" in page and "logged;" not in page
    assert counts(app) == (0, 0)
    follow = client.get("/secretary/").get_data(as_text=True)
    assert "logged;" not in follow  # no success message waits for the next page either


def test_a_committed_nomination_is_reported_as_saved_when_what_follows_the_commit_fails(production_like, monkeypatch):
    app, client, world = production_like

    def saving_the_session_fails(*args, **kwargs):  # the flash message travels in the session, saved after commit
        raise RuntimeError("the session could not be saved")

    monkeypatch.setattr(app.session_interface, "save_session", saving_the_session_fails)
    response = client.post(nominate_path(world), data=nomination_form(world))
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Your change was saved" in page and "do not submit it again" in page
    assert counts(app) == (1, 1)


def test_a_page_that_wrote_nothing_never_says_a_change_was_saved(production_like, monkeypatch):
    app, client, world = production_like

    def saving_the_session_fails(*args, **kwargs):
        raise RuntimeError("the session could not be saved")

    monkeypatch.setattr(app.session_interface, "save_session", saving_the_session_fails)
    response = client.get("/secretary/")
    assert response.status_code == 500
    assert "Your change was saved" not in response.get_data(as_text=True)
    assert counts(app) == (0, 0)
