"""Who may reach each page of the results feature: every protected URL, every role."""
from __future__ import annotations

import pytest

from tracker.extensions import db

ADMIN_ONLY = [
    ("GET", "/admin/elections/leadership-2026/contests/leader/ballot"),
    ("POST", "/admin/elections/leadership-2026/contests/leader/ballot"),
    ("GET", "/admin/elections/leadership-2026/contests/leader/result"),
    ("POST", "/admin/elections/leadership-2026/contests/leader/result"),
    ("POST", "/admin/elections/leadership-2026/contests/leader/result/import"),
]
ADMIN_OR_SECRETARY = [("GET", "/counts/new")]


@pytest.fixture
def sign_in(client, create_user, auth, world):
    def as_role(role: str | None):
        if role == "secretary":
            create_user("x@example.org", role="secretary", bodies=[world.body.code])
        elif role == "organiser":
            from tracker.slates.models import Organisation

            db.session.add(Organisation(slug="left", name="Left"))
            db.session.commit()
            create_user("x@example.org", role="organiser", org="left")
        elif role == "admin":
            create_user("x@example.org", role="admin")
        if role:
            auth.login("x@example.org")

    return as_role


@pytest.mark.parametrize("method, url", ADMIN_ONLY + ADMIN_OR_SECRETARY)
def test_anonymous_visitors_are_sent_to_log_in(client, sign_in, method, url):
    sign_in(None)
    response = client.open(url, method=method)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["secretary", "organiser"])
@pytest.mark.parametrize("method, url", ADMIN_ONLY)
def test_only_admins_reach_the_ballot_and_result_forms(client, sign_in, role, method, url):
    sign_in(role)
    assert client.open(url, method=method).status_code == 403


@pytest.mark.parametrize("role, status", [("admin", 200), ("secretary", 200), ("organiser", 403)])
def test_admins_and_secretaries_reach_the_count_form(client, sign_in, role, status):
    sign_in(role)
    assert client.get("/counts/new").status_code == status


@pytest.mark.parametrize("method, url", [m for m in ADMIN_ONLY if m[0] == "GET"])
def test_admins_reach_the_forms(client, sign_in, method, url):
    sign_in("admin")
    assert client.open(url, method=method).status_code == 200


def test_an_unknown_contest_is_404_for_an_admin(client, sign_in):
    sign_in("admin")
    assert client.get("/admin/elections/leadership-2026/contests/nope/ballot").status_code == 404
