"""Admins manage accounts on the web: create them with their role and scope, change role or scope, disable and
enable them, and make a one-time link with which the owner sets a password. Each act is audited."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g

from tests.conftest import PASSWORD, AuthActions
from tests.factories import create_body, create_election
from tracker.accounts.models import PasswordLink, User
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.slates.models import Organisation
from tracker.types import utcnow

NEW_PASSWORD = "a brand new long password"


@pytest.fixture(autouse=True)
def each_request_finds_its_own_user(app):
    """Every request loads the user its own cookies name, as a browser's would (see tests/test_sessions.py)."""
    @app.before_request
    def forget_the_last_requests_user():
        g.pop("_login_user", None)


@pytest.fixture
def admin(app, client, create_user, auth):
    election = create_election()
    for code in ("CLP001", "CLP002", "CLP003"):
        create_body(election, code, "clp", name=f"{code} Constituency")
    db.session.commit()
    user = create_user()
    auth.login()
    return user


def logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def device(app, email, password):
    other = app.test_client()
    assert AuthActions(other).login(email, password).status_code == 302
    return other


def link_in(page: str) -> str:
    """The path of the one-time link a page shows."""
    start = page.index("/accounts/set-password/")
    return page[start:page.index("<", start)].strip()


def create(client, **fields):
    return client.post("/admin/users", data={"email": "sec@example.org", "role": "secretary"} | fields)


# --- creating an account, and its invitation link --------------------------------------------------------------


def test_the_accounts_page_offers_the_registered_bodies_and_organisations(client, admin):
    page = client.get("/admin/users").get_data(as_text=True)
    assert '<option value="CLP002">CLP002: CLP002 Constituency</option>' in page
    assert 'name="email"' in page and 'name="organisation"' in page


def test_an_admin_creates_a_secretary_who_sets_a_password_with_the_link_and_logs_in(app, client, admin):
    response = create(client, email="Sec@Example.org", bodies=["CLP001", "CLP003"])
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Account created" in page and response.headers["Cache-Control"] == "no-store"
    path = link_in(page)
    user = db.session.query(User).filter_by(email="sec@example.org").one()
    assert (user.role, [b.code for b in user.bodies]) == ("secretary", ["CLP001", "CLP003"])
    token = path.rsplit("/", 1)[1]
    stored = db.session.query(PasswordLink).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64  # only a hash is kept
    assert timedelta(hours=71) < stored.expires_at - utcnow() <= timedelta(hours=72)
    created = db.session.query(AuditEvent).filter_by(action="user.create").filter(AuditEvent.object_id == user.id).one()
    assert created.after == {"email": "sec@example.org", "role": "secretary", "bodies": ["CLP001", "CLP003"], "org": None}
    assert created.actor_label == "admin@example.org"
    assert db.session.query(AuditEvent).filter_by(action="user.password_link").count() == 1
    assert token not in str([e.after for e in db.session.query(AuditEvent)])

    owner = app.test_client()
    assert AuthActions(owner).login("sec@example.org", PASSWORD).status_code == 400  # no password until set
    form = owner.get(path)
    assert form.status_code == 200 and "sec@example.org" in form.get_data(as_text=True)
    assert form.headers["Referrer-Policy"] == "no-referrer"
    response = owner.post(path, data={"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert AuthActions(owner).login("sec@example.org", NEW_PASSWORD).status_code == 302
    assert owner.get("/secretary/").status_code == 200
    assert db.session.query(AuditEvent).filter_by(action="user.password").count() == 1


def test_setting_a_password_with_a_link_is_audited_as_the_accounts_owner(app, client, admin):
    path = link_in(create(client, bodies=["CLP001"]).get_data(as_text=True))
    app.test_client().post(path, data={"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})
    event = db.session.query(AuditEvent).filter_by(action="user.password").one()
    assert (event.actor_id, event.actor_label) == (None, "sec@example.org (one-time link)")


def test_a_link_opened_while_logged_in_as_someone_else_says_so_and_changes_nothing(client, admin):
    path = link_in(create(client, bodies=["CLP001"]).get_data(as_text=True))
    response = client.post(path, data={"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})
    assert response.status_code == 409
    assert "You are logged in as admin@example.org, and this link is for sec@example.org." in response.get_data(as_text=True)
    assert db.session.query(PasswordLink).one().used_at is None


def test_a_link_works_once(app, client, admin):
    path = link_in(create(client, bodies=["CLP001"]).get_data(as_text=True))
    owner = app.test_client()
    owner.post(path, data={"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})
    again = owner.post(path, data={"new_password": "someone else's password", "new_password_again": "someone else's password"})
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)
    assert AuthActions(app.test_client()).login("sec@example.org", NEW_PASSWORD).status_code == 302


def test_a_link_expires(app, client, admin, monkeypatch):
    path = link_in(create(client, bodies=["CLP001"]).get_data(as_text=True))
    later = utcnow() + timedelta(hours=73)
    monkeypatch.setattr("tracker.accounts.operations.utcnow", lambda: later)
    response = app.test_client().get(path)
    assert response.status_code == 410
    assert "has expired" in response.get_data(as_text=True)


def test_an_unknown_link_is_refused(app, client, admin):
    response = app.test_client().get("/accounts/set-password/not-a-token-we-made")
    assert response.status_code == 410
    assert "not one we made" in response.get_data(as_text=True)


def test_a_new_link_replaces_the_old_and_setting_the_password_ends_every_session(app, client, admin, create_user):
    user = create_user("org@example.org", role="organiser", org="red-front")
    laptop = device(app, "org@example.org", PASSWORD)
    first = link_in(client.post(f"/admin/users/{user.id}/password-link").get_data(as_text=True))
    second = link_in(client.post(f"/admin/users/{user.id}/password-link").get_data(as_text=True))
    assert first != second
    assert app.test_client().get(first).status_code == 410
    response = app.test_client().post(second, data={"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})
    assert response.status_code == 302
    assert not logged_in(laptop)
    assert AuthActions(app.test_client()).login("org@example.org", PASSWORD).status_code == 400
    assert AuthActions(app.test_client()).login("org@example.org", NEW_PASSWORD).status_code == 302


def test_a_short_or_mistyped_password_is_refused_and_the_link_still_works(app, client, admin):
    path = link_in(create(client, bodies=["CLP001"]).get_data(as_text=True))
    owner = app.test_client()
    response = owner.post(path, data={"new_password": "too short", "new_password_again": "too short"})
    assert response.status_code == 400
    assert "The new password must have at least 10 characters." in response.get_data(as_text=True)
    response = owner.post(path, data={"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD + "!"})
    assert "The two new passwords are not the same." in response.get_data(as_text=True)
    assert owner.post(path, data={"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}).status_code == 302


@pytest.mark.parametrize(("fields", "message"), [
    ({"email": "not-an-email", "bodies": ["CLP001"]}, "&#39;not-an-email&#39; is not an email address"),
    ({"email": "admin@example.org", "role": "admin"}, "an account for admin@example.org already exists"),
    ({"role": "secretary"}, "a secretary must act for at least one body"),
    ({"role": "organiser"}, "an organiser must belong to an organisation"),
    ({"role": "admin", "bodies": ["CLP001"]}, "only a secretary acts for bodies"),
    ({"role": "secretary", "bodies": ["NOPE"]}, "no nominating body has the code &#39;NOPE&#39;"),
    ({"role": "organiser", "new_organisation": "Red Front!"}, "&#39;Red Front!&#39; is not a slug"),
    ({"role": "chief"}, "role must be one of admin, secretary, organiser"),
])
def test_a_refused_account_says_why_and_writes_nothing(client, admin, fields, message):
    response = create(client, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.query(User).count() == 1
    assert db.session.query(PasswordLink).count() == 0
    assert db.session.query(Organisation).count() == 0


def test_an_organiser_is_created_for_an_existing_or_a_new_organisation(client, admin):
    assert create(client, email="a@example.org", role="organiser", new_organisation="red-front").status_code == 200
    assert create(client, email="b@example.org", role="organiser", organisation="red-front").status_code == 200
    organisation = db.session.query(Organisation).one()
    assert {u.email for u in db.session.query(User).filter_by(organisation_id=organisation.id)} == {
        "a@example.org", "b@example.org"}


# --- changing role and scope; disabling and enabling ---------------------------------------------------------------


def test_an_admin_changes_a_secretarys_bodies_and_then_makes_them_an_organiser(app, client, admin, create_user):
    user = create_user("sec@example.org", role="secretary", bodies=["CLP001"])
    response = client.post(f"/admin/users/{user.id}", data={"role": "secretary", "bodies": ["CLP002", "CLP003"]})
    assert response.status_code == 302
    assert "The account sec@example.org is changed." in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert [b.code for b in db.session.get(User, user.id).bodies] == ["CLP002", "CLP003"]
    event = db.session.query(AuditEvent).filter_by(action="user.update").one()
    assert (event.before["bodies"], event.after["bodies"]) == (["CLP001"], ["CLP002", "CLP003"])
    assert client.post(f"/admin/users/{user.id}", data={"role": "organiser", "new_organisation": "red-front"}).status_code == 302
    db.session.expire_all()
    changed = db.session.get(User, user.id)
    assert (changed.role, changed.bodies, changed.organisation.slug) == ("organiser", [], "red-front")
    secretary = device(app, "sec@example.org", PASSWORD)
    assert secretary.get("/secretary/").status_code == 403 and secretary.get("/organise").status_code == 200


def test_a_change_of_scope_that_breaks_the_rules_is_refused_and_changes_nothing(client, admin, create_user):
    user = create_user("sec@example.org", role="secretary", bodies=["CLP001"])
    response = client.post(f"/admin/users/{user.id}", data={"role": "secretary", "bodies": []})
    assert response.status_code == 400
    assert "a secretary must act for at least one body" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [b.code for b in db.session.get(User, user.id).bodies] == ["CLP001"]
    assert db.session.query(AuditEvent).filter_by(action="user.update").count() == 0


def test_an_admin_cannot_change_their_own_role(client, admin):
    response = client.post(f"/admin/users/{admin.id}", data={"role": "secretary", "bodies": ["CLP001"]})
    assert response.status_code == 400
    assert "You cannot change your own role" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == "admin"


def test_a_disabled_account_is_enabled_again_and_can_log_in(app, client, admin, create_user):
    user = create_user("sec@example.org", role="secretary", bodies=["CLP001"])
    laptop = device(app, "sec@example.org", PASSWORD)
    assert client.post(f"/admin/users/{user.id}/disable").status_code == 302
    assert not logged_in(laptop)
    assert "Enable sec@example.org" in client.get("/admin/users").get_data(as_text=True)
    assert client.post(f"/admin/users/{user.id}/password-link").status_code == 400  # no link for a disabled account
    response = client.post(f"/admin/users/{user.id}/enable")
    assert response.status_code == 302
    assert "can log in again" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert not logged_in(laptop)  # its old sessions stay ended
    assert device(app, "sec@example.org", PASSWORD)
    event = db.session.query(AuditEvent).filter_by(action="user.enable").one()
    assert (event.before, event.after) == ({"active": False}, {"active": True})
    assert client.post(f"/admin/users/{user.id}/enable").status_code == 400  # already enabled


def test_a_link_made_before_an_account_was_disabled_no_longer_works(app, client, admin, create_user):
    user = create_user("sec@example.org", role="secretary", bodies=["CLP001"])
    path = link_in(client.post(f"/admin/users/{user.id}/password-link").get_data(as_text=True))
    client.post(f"/admin/users/{user.id}/disable")
    response = app.test_client().post(path, data={"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})
    assert response.status_code == 410 and "disabled" in response.get_data(as_text=True)


# --- who may: only admins; every form carries its CSRF token ------------------------------------------------------


def acts(user_id: int) -> list[tuple[str, dict]]:
    return [
        ("/admin/users", {"email": "new@example.org", "role": "admin"}),
        (f"/admin/users/{user_id}", {"role": "admin"}),
        (f"/admin/users/{user_id}/password-link", {}),
        (f"/admin/users/{user_id}/disable", {}),
        (f"/admin/users/{user_id}/enable", {}),
    ]


@pytest.mark.parametrize("role", ["secretary", "organiser", None])
def test_only_an_admin_may_manage_accounts(app, client, admin, create_user, auth, role):
    target = create_user("target@example.org", role="secretary", bodies=["CLP001"])
    auth.logout()
    if role:
        extra = {"secretary": {"bodies": ["CLP002"]}, "organiser": {"org": "red-front"}}[role]
        create_user(f"{role}@example.org", role=role, **extra)
        auth.login(f"{role}@example.org")
    for url, data in acts(target.id):
        response = client.post(url, data=data)
        assert response.status_code == (403 if role else 302), url
    assert client.get("/admin/users").status_code == (403 if role else 302)
    db.session.expire_all()
    assert db.session.query(User).filter_by(email="new@example.org").count() == 0
    assert db.session.get(User, target.id).active and db.session.get(User, target.id).role == "secretary"
    assert db.session.query(PasswordLink).count() == 0


def test_every_account_form_needs_its_csrf_token(app_factory):
    from tracker.accounts.operations import create_user

    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        admin = create_user("admin@example.org", PASSWORD, "admin")
        db.session.commit()
        admin_id = admin.id
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = login.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/login", data={"email": "admin@example.org", "password": PASSWORD,
                                       "csrf_token": token}).status_code == 302
    for url, data in acts(admin_id) + [("/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                                              "new_password_again": NEW_PASSWORD})]:
        response = client.post(url, data=data)
        assert response.status_code == 400, url
    with app.app_context():
        assert db.session.query(User).count() == 1 and db.session.query(PasswordLink).count() == 0
