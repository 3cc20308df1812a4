"""Candidate accounts: scoped to one person, made from the command line or by an admin's one-time invitation link;
a candidate keeps a statement (safe Markdown) and links at /candidate/."""
from __future__ import annotations

import re

from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.pledges.conftest import html, login
from tracker.accounts.models import PasswordLink, User
from tracker.extensions import db


def test_create_user_makes_a_candidates_account_for_a_person(runner, world):
    result = runner.invoke(args=["create-user", "kim@example.org", "--role", "candidate", "--person", "Kim Adams",
                                 "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "kim@example.org"))
    assert user.role == "candidate" and user.person.name == "Kim Adams"


def test_a_candidates_account_must_name_a_candidate(runner, world):
    result = runner.invoke(args=["create-user", "x@example.org", "--role", "candidate", "--person", "Nobody Here",
                                 "--password", PASSWORD])
    assert result.exit_code == 1 and "no candidate is called 'Nobody Here'" in result.output
    result = runner.invoke(args=["create-user", "y@example.org", "--role", "candidate", "--password", PASSWORD])
    assert result.exit_code == 1 and "must name its person (--person NAME)" in result.output
    assert db.session.scalar(select(User).where(User.email.in_(["x@example.org", "y@example.org"]))) is None


def test_an_admins_invitation_link_sets_the_password_once(client, world):
    login(client, "admin@example.org")
    page = html(client.post("/admin/candidate-invitations", data={"email": "kim@example.org", "person": "Kim Adams"}))
    link = re.search(r'<code id="invitation-link">https?://[^/]+(/[^<]+)</code>', page).group(1)
    assert link.startswith("/accounts/set-password/")  # the one-time link every account gets
    user = db.session.scalar(select(User).where(User.email == "kim@example.org"))
    assert (user.role, user.person.name) == ("candidate", "Kim Adams")
    stored = db.session.scalar(select(PasswordLink).where(PasswordLink.user_id == user.id))
    assert link.split("/")[-1] not in stored.token_hash  # only the hash is stored
    client.post("/logout")
    assert client.post("/login", data={"email": "kim@example.org", "password": "whatever-it-is"}).status_code == 400
    assert "kim@example.org" in html(client.get(link))
    html(client.post(link, data={"new_password": "short", "new_password_again": "short"}), 400)
    response = client.post(link, data={"new_password": "a long new password", "new_password_again": "a long new password"})
    assert response.status_code in (302, 303) and response.location.endswith("/login")
    assert client.get(link).status_code == 410
    login_response = client.post("/login", data={"email": "kim@example.org", "password": "a long new password"})
    assert login_response.status_code == 302
    assert "Kim Adams: your desk" in html(client.get("/candidate/"))


def test_only_an_admin_invites(client, world):
    login(client, "organiser@example.org")
    assert client.get("/admin/candidate-invitations").status_code == 403


def test_the_desk_is_for_candidates_only(client, world):
    login(client, "organiser@example.org")
    assert client.get("/candidate/").status_code == 403


def test_a_statement_is_markdown_rendered_safely_with_nofollow_links(client, world):
    login(client, "sam@example.org")
    response = client.post("/candidate/", data={
        "statement": "# Why I stand\n\n<script>alert(1)</script> See [my site](https://example.org/sam).",
        "links": "Campaign site https://example.org/sam\nhttps://example.org/blog"})
    assert response.status_code == 302
    page = html(client.get("/candidates/sam-carter"))
    assert "<h3>Why I stand</h3>" in page and "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert '<a href="https://example.org/sam" rel="nofollow noopener noreferrer">my site</a>' in page
    assert ">example.org</a>" in page  # a link typed without a title is named by its site


def test_a_link_that_is_not_a_web_address_is_refused(client, world):
    login(client, "sam@example.org")
    page = html(client.post("/candidate/", data={"statement": "Hi", "links": "Evil javascript:alert(1)"}), 400)
    assert "Line 1: &#39;javascript:alert(1)&#39; is not a web address" in page
