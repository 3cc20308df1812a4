"""Changing one's own password is throttled per account: past the limit of refused attempts (a wrong current
password) even the right one is refused with 429, saying when to try again; other accounts are not held up."""
from __future__ import annotations

from tests.conftest import PASSWORD, AuthActions
from tracker.accounts.models import User
from tracker.extensions import db

NEW = "a much longer new password"


def change(client, current):
    return client.post("/account/password", data={"current_password": current, "new_password": NEW,
                                                  "new_password_again": NEW})


def test_past_the_limit_a_password_change_is_refused_saying_when_to_try_again(app_factory):
    app = app_factory(PASSWORD_LIMIT_PER_ACCOUNT="3 per 15 minutes")
    with app.app_context():
        from tracker.accounts.operations import create_user

        create_user("admin@example.org", PASSWORD, "admin")
        create_user("other@example.org", PASSWORD, "admin")
        db.session.commit()
        client = app.test_client()
        AuthActions(client).login()
        for _ in range(3):
            assert change(client, "a wrong current password").status_code == 400
        response = change(client, PASSWORD)
        assert response.status_code == 429
        assert "Too many failed attempts to change the password. Try again in 15 minutes" in response.get_data(as_text=True)
        assert int(response.headers["Retry-After"]) > 800
        assert db.session.query(User).filter_by(email="admin@example.org").one().check_password(PASSWORD)
        other = app.test_client()
        AuthActions(other).login("other@example.org")
        assert change(other, PASSWORD).status_code == 302


def test_changing_the_password_successfully_does_not_count_towards_the_limit(app_factory):
    app = app_factory(PASSWORD_LIMIT_PER_ACCOUNT="2 per 15 minutes")
    with app.app_context():
        from tracker.accounts.operations import create_user

        create_user("admin@example.org", PASSWORD, "admin")
        db.session.commit()
        client = app.test_client()
        AuthActions(client).login()
        current = PASSWORD
        for number in range(3):
            new = f"{NEW} {number}"
            response = client.post("/account/password", data={"current_password": current, "new_password": new,
                                                               "new_password_again": new})
            assert response.status_code == 302
            current = new
