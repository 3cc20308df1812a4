"""Accounts: hashed passwords, logging in and out, roles, scope and CSRF."""
import pytest

from tests.conftest import PASSWORD
from tests.factories import create_body, create_election
from tracker.accounts.models import User
from tracker.audit.models import AuditEvent
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.slates.models import Organisation


def test_password_is_stored_hashed(create_user):
    user = create_user()
    assert PASSWORD not in user.password_hash
    assert user.check_password(PASSWORD)
    assert not user.check_password("wrong password")


def test_login_with_right_password_then_logout(client, create_user, auth):
    create_user()
    response = auth.login()
    assert response.status_code == 302
    assert b"admin@example.org" in client.get("/").data
    auth.logout()
    assert b"Log in" in client.get("/").data


def test_login_with_wrong_password_is_refused(client, create_user, auth):
    create_user()
    response = auth.login(password="not the password")
    assert response.status_code == 400
    assert b"Email or password is wrong." in response.data


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "/\\/evil.example/",
                                    "/\t/evil.example/", "/\r\nSet-Cookie:%20x=1", "/admin/\r\n", "/\x00"])
def test_login_redirect_stays_on_this_site(client, create_user, target):
    create_user()
    response = client.post("/login", query_string={"next": target},
                           data={"email": "admin@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_login_redirect_returns_to_the_page_asked_for(client, create_user):
    create_user()
    response = client.post("/login", query_string={"next": "/admin/?tab=users"},
                           data={"email": "admin@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/admin/?tab=users"


def test_secretary_cannot_reach_admin_page(client, create_user, auth):
    election = create_election()
    create_body(election, "CLP001", "clp")
    db.session.commit()
    create_user("sec@example.org", role="secretary", bodies=["CLP001"])
    auth.login("sec@example.org")
    assert client.get("/admin/").status_code == 403


def test_anonymous_user_is_sent_to_login_from_admin_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_admin_reaches_admin_page(client, create_user, auth):
    create_user()
    auth.login()
    assert client.get("/admin/").status_code == 200


def test_create_user_command_prompts_for_password_and_audits(runner):
    result = runner.invoke(args=["create-user", "Chair@Example.org", "--role", "admin"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    user = db.session.query(User).filter_by(email="chair@example.org").one()
    assert user.role == "admin"
    event = db.session.query(AuditEvent).filter_by(action="user.create").one()
    assert event.actor_label == "cli"
    assert event.after["email"] == "chair@example.org"


def test_create_user_reports_every_problem_and_writes_nothing(runner):
    result = runner.invoke(args=["create-user", "not-an-email", "--role", "secretary", "--body", "NOPE"],
                           input="short\nshort\n")
    assert result.exit_code == 1
    assert "not an email address" in result.output
    assert "no nominating body has the code 'NOPE'" in result.output
    assert "at least 10 characters" in result.output
    assert db.session.query(User).count() == 0


def test_secretary_needs_a_body(app):
    with pytest.raises(DomainError) as error:
        from tracker.accounts.operations import create_user

        create_user("s@example.org", PASSWORD, "secretary")
    assert ("body", "a secretary must act for at least one body (--body CODE)") in error.value.problems


def test_form_posted_without_csrf_token_is_refused(app_factory, create_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        create_user()
    response = client.post("/login", data={"email": "admin@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert b"CSRF" in response.data


@pytest.mark.parametrize(
    ("role", "links", "absent"),
    [
        ("secretary", ["/secretary/", "/counts/new"], ["/admin/", "/organise"]),
        ("organiser", ["/organise"], ["/admin/", "/secretary/", "/counts/new"]),
        ("admin", ["/admin/", "/counts/new", "/organise"], ["/secretary/"]),
    ],
)
def test_each_role_finds_its_pages_in_the_header(client, create_user, auth, role, links, absent):
    election = create_election()
    create_body(election, "CLP001", "clp")
    db.session.commit()
    extra = {"secretary": {"bodies": ["CLP001"]}, "organiser": {"org": "grassroots-left"}}.get(role, {})
    create_user(f"{role}@example.org", role=role, **extra)
    auth.login(f"{role}@example.org")
    header = client.get("/").get_data(as_text=True).split("</header>")[0]
    assert all(f'href="{link}"' in header for link in links)
    assert not any(f'href="{link}"' in header for link in absent)


def test_an_organisers_new_organisation_is_checked_and_audited_like_any_other(runner):
    result = runner.invoke(args=["create-user", "o@example.org", "--role", "organiser", "--org", "Red Front!"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 1
    assert "'Red Front!' is not a slug" in result.output
    assert db.session.query(Organisation).count() == 0 and db.session.query(User).count() == 0
    result = runner.invoke(args=["create-user", "o@example.org", "--role", "organiser", "--org", "red-front"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert db.session.query(Organisation).one().name == "Red Front"
    assert db.session.query(AuditEvent).filter_by(action="organisation.create").count() == 1
