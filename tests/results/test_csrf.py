"""Every form of the results feature refuses a post without its CSRF token, and accepts one with it."""
from __future__ import annotations

import io
import re

import pytest

from tests.results.conftest import build_world
from tracker.extensions import db
from tracker.results import operations
from tracker.results.models import BallotSnapshot, DeclaredResult, StoredCount

BLT = '2 1\n3 1 2 0\n1 2 1 0\n0\n"Ann Adams"\n"Ben Brown"\n"Meeting"\n'
CSV = "round,candidate,votes,status\n1,Ann Adams,450,elected\n1,Ben Brown,350,\n1,Cat Clark,200,\n"


@pytest.fixture
def csrf_app(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app


@pytest.fixture
def signed_in(csrf_app, create_user):
    """A client of the CSRF-checking app with an admin signed in (directly, not through the login form)."""
    user = create_user("admin@example.org", role="admin")
    client = csrf_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def token(client, url: str, name: str = "csrf_token") -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]+)"', page).group(1)


def forms(world):
    base = f"/admin/elections/{world.election.slug}/contests/leader"
    yield "ballot", f"{base}/ballot", f"{base}/ballot", "csrf_token", (
        lambda: {"ballot_hash": operations.ballot_preview(world.contest)[1]}), BallotSnapshot
    yield "result", f"{base}/result", f"{base}/result", "csrf_token", (
        lambda: {"valid_votes": "1000", "r1-0": "450", "r1-0-status": "elected", "r1-1": "350", "r1-2": "200",
                 "action": "save"}), DeclaredResult
    yield "import", f"{base}/result/import", f"{base}/result", "import-csrf_token", (
        lambda: {"import-csv_file": (io.BytesIO(CSV.encode()), "r.csv")}), DeclaredResult
    yield "count", "/counts/new", "/counts/new", "csrf_token", (
        lambda: {"method": "irv", "contest": "0", "body": "0", "blt_file": (io.BytesIO(BLT.encode()), "m.blt")}), StoredCount


@pytest.mark.parametrize("form", ["ballot", "result", "import", "count"])
def test_every_form_needs_its_csrf_token(signed_in, csrf_app, form):
    world = build_world()
    if form in ("result", "import"):
        operations.freeze_ballot(world.contest, operations.ballot_preview(world.contest)[1])
        db.session.commit()
    name, url, page, field, data, model = next(f for f in forms(world) if f[0] == form)
    before = db.session.query(model).count()
    db.session.rollback()  # end this read, so that what the requests commit is seen
    refused = signed_in.post(url, data=data(), content_type="multipart/form-data")
    assert refused.status_code == 400
    assert b"CSRF" in refused.data
    assert db.session.query(model).count() == before
    db.session.rollback()
    accepted = signed_in.post(url, data=data() | {field: token(signed_in, page, field)},
                              content_type="multipart/form-data")
    assert accepted.status_code == 302, accepted.get_data(as_text=True)
    db.session.rollback()
    assert db.session.query(model).count() == before + 1
