"""Logging out, changing one's password and an admin disabling an account each end every session of that user,
on every device; a saved session or remember-me cookie stops working."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g
from flask_login.utils import encode_cookie

from tests.conftest import PASSWORD, AuthActions
from tests.nominations.test_secretary_views import FORMAT, clp_nominations, post_nomination, world  # noqa: F401
from tracker.accounts.models import User
from tracker.audit.models import AuditEvent
from tracker.extensions import db

NEW_PASSWORD = "a much longer new password"


@pytest.fixture(autouse=True)
def each_request_finds_its_own_user(app):
    """In the suite every request shares the test's app context, where Flask-Login keeps the user it loaded
    (g._login_user); served for real, each request has its own. Forget it, so that every request here loads the
    user its own cookies name, as a browser's would."""
    @app.before_request
    def forget_the_last_requests_user():
        g.pop("_login_user", None)


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def client_with(app, **cookies):
    """A fresh browser holding only the given cookies, as an attacker who saved them would."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other


def logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def second_device(app, email="admin@example.org", password=PASSWORD):
    other = app.test_client()
    assert AuthActions(other).login(email, password).status_code == 302
    return other


def test_a_session_cookie_saved_before_logout_cannot_correct_a_nomination(app, client, world):  # noqa: F811
    post_nomination(client, world, world["carter"], votes_for="12", votes_total="20")
    [nomination] = clp_nominations(world)
    saved = session_cookie(client)
    assert logged_in(client_with(app, session=saved))  # the saved cookie works until the logout
    client.post("/logout")
    attacker = client_with(app, session=saved)
    response = attacker.post(f"/secretary/nominations/{nomination.id}/correct", data={
        "nominated_at": (world["now"] - timedelta(hours=5)).strftime(FORMAT), "votes_for": "1", "votes_total": "2"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    db.session.refresh(nomination)
    assert (nomination.votes_for, nomination.votes_total) == (12, 20)


def test_logging_out_ends_every_session_of_the_user(app, client, create_user, auth):
    create_user()
    auth.login()
    phone = second_device(app)
    assert logged_in(phone)
    auth.logout()
    assert not logged_in(client) and not logged_in(phone)
    assert logged_in(second_device(app))  # logging in again works


def test_a_remember_me_cookie_dies_with_the_sessions(app, client, create_user, auth):
    user = create_user()
    remember = encode_cookie(user.get_id())
    assert logged_in(client_with(app, remember_token=remember))  # the cookie works until the logout
    auth.login()
    auth.logout()
    assert not logged_in(client_with(app, remember_token=remember))


@pytest.mark.parametrize("session_id", ["1", "1:", ":0", "1:0:0", "x:0", "99999999999:0", "1:99999999999", "-1:0",
                                        "1:-0", "١:0"])
def test_a_session_naming_no_current_generation_is_nobody(app, create_user, session_id):
    user = create_user()
    assert User.from_session_id(f"{user.id}:0") == user
    assert User.from_session_id(session_id.replace("1", str(user.id), 1)) is None


def change_password(client, current=PASSWORD, new=NEW_PASSWORD, again=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new, "new_password_again": new if again is None else again})


def test_changing_the_password_ends_every_other_session_and_keeps_this_one(app, client, create_user, auth):
    create_user()
    auth.login()
    saved = session_cookie(client)
    phone = second_device(app)
    assert client.get("/account/password").status_code == 200
    response = change_password(client)
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert logged_in(client)
    assert not logged_in(phone) and not logged_in(client_with(app, session=saved))
    assert auth.login(password=PASSWORD).status_code == 400
    assert second_device(app, password=NEW_PASSWORD)
    event = db.session.query(AuditEvent).filter_by(action="user.password").one()
    assert event.actor_label == "admin@example.org"
    assert NEW_PASSWORD not in str(event.before) + str(event.after) + event.summary


@pytest.mark.parametrize("fields, field, sentence", [
    ({"current": "not the password"}, "current_password", "The current password is wrong."),
    ({"new": "too short", "again": "too short"}, "new_password", "The new password must have at least 10 characters."),
    ({"again": "a different new password"}, "new_password_again", "The two new passwords are not the same."),
    ({"new": PASSWORD}, "new_password", "The new password must differ from the current one."),
], ids=["wrong-current", "short", "mismatch", "unchanged"])
def test_a_password_change_is_refused_under_its_field_and_nothing_changes(app, client, create_user, auth, fields,
                                                                          field, sentence):
    create_user()
    auth.login()
    phone = second_device(app)
    response = change_password(client, **fields)
    assert response.status_code == 400
    assert f'id="{field}-error">{sentence}' in response.get_data(as_text=True)
    assert logged_in(phone) and logged_in(client)
    assert second_device(app, password=PASSWORD)
    assert db.session.query(AuditEvent).filter_by(action="user.password").count() == 0


def test_changing_a_password_needs_a_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_an_admin_disabling_an_account_ends_its_sessions_and_logins(app, client, create_user, auth):
    create_user()
    secretary = create_user("org@example.org", role="organiser", org="red-front")
    laptop = second_device(app, "org@example.org")
    auth.login()
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Disable org@example.org" in page and "active (you)" in page
    response = client.post(f"/admin/users/{secretary.id}/disable")
    assert response.status_code == 302
    assert not logged_in(laptop)
    assert AuthActions(app.test_client()).login("org@example.org").status_code == 400
    event = db.session.query(AuditEvent).filter_by(action="user.disable").one()
    assert (event.before, event.after) == ({"active": True}, {"active": False})
    assert "disabled" in client.get("/admin/users").get_data(as_text=True)


def test_an_admin_cannot_disable_their_own_account(client, create_user, auth):
    admin = create_user()
    auth.login()
    response = client.post(f"/admin/users/{admin.id}/disable")
    assert response.status_code == 400
    assert b"You cannot disable your own account." in response.data
    assert logged_in(client)
    db.session.refresh(admin)
    assert admin.active
