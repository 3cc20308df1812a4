"""A small world for pledges and candidates' voices: one election with Leader and Deputy contests, their
candidates, and accounts of every role (each candidate's account speaks for one person)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from tests.conftest import PASSWORD
from tests.factories import T0, create_body, create_candidate, create_contest, create_election
from tests.public.conftest import Clock
from tracker.extensions import db

#: The Leader contest's PLP stage is open (candidates in the running); the ballot opens at BALLOT.
DURING = T0 + timedelta(days=3)
BALLOT = T0 + timedelta(days=40)


@dataclass
class Voices:
    election: object
    leader: object
    deputy: object
    people: dict = field(default_factory=dict)


@pytest.fixture
def clock(monkeypatch):
    found = Clock(monkeypatch)
    found.set(DURING)
    return found


@pytest.fixture
def app(app_factory):
    app = app_factory(MIN_FORM_SECONDS=0)
    with app.app_context():
        yield app


@pytest.fixture
def world(app, clock):
    return build_world()


def build_world() -> Voices:
    """Leader: Sam Carter, Ria Patel, Kim Adams. Deputy: Lee Hughes. Accounts: admin, an organiser, and a
    candidate's account for Sam, Ria and Lee (sam@, ria@, lee@example.org). Committed."""
    from tracker.accounts.operations import create_user

    election = create_election()
    leader = create_contest(election, ballot_opens_at=BALLOT, ballot_closes_at=BALLOT + timedelta(days=20))
    deputy = create_contest(election, slug="deputy", title="Deputy Leader", ballot_opens_at=BALLOT)
    found = Voices(election, leader, deputy)
    for name in ("Sam Carter", "Ria Patel", "Kim Adams"):
        found.people[name] = create_candidate(leader, name).person
    found.people["Lee Hughes"] = create_candidate(deputy, "Lee Hughes").person
    create_body(election, "CLP1", "clp", name="Northtown CLP", region="North")
    create_user("admin@example.org", PASSWORD, "admin")
    create_user("organiser@example.org", PASSWORD, "organiser", org_slug="clean-politics")
    create_user("other-organiser@example.org", PASSWORD, "organiser", org_slug="other-group")
    for email, name in (("sam@example.org", "Sam Carter"), ("ria@example.org", "Ria Patel"),
                        ("lee@example.org", "Lee Hughes")):
        create_user(email, PASSWORD, "candidate", person_name=name)
    db.session.commit()
    return found


def login(client, email: str) -> None:
    client.post("/logout")
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def html(response, status: int = 200) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def count(model) -> int:
    from sqlalchemy import func, select

    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def link_in(smtp_server, address: str, count: int = 1) -> str:
    """The path of the link in the latest message to `address` that reached the SMTP server."""
    message = smtp_server.wait_for(address, count)[-1]
    return re.search(r"https?://[^/\s]+(/\S+)", smtp_server.body(message)).group(1)


def started(client, url: str) -> dict:
    """The hidden fields a public form carries, read from its page as a browser would."""
    page = html(client.get(url))
    return {"started": re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1), "website": ""}
