"""A small world for appeals: an election with CLPs in three regions, a contest whose ballot opens later, a
suspension, two organisations with an organiser each, and an appeal asking two consents. The app sends its
mail to a real local SMTP server and takes forms at once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from tests.backup.conftest import scratch_app, scratch_urls  # noqa: F401  (a second database to restore into)
from tests.factories import create_body, create_contest, create_election, create_person, create_suspension
from tracker.extensions import db
from tracker.slates.models import Organisation

NOW = datetime.now(UTC)
BALLOT_OPENS = NOW + timedelta(days=20)
SHARING = "I agree that my details may be shared with local and regional groups of the alliance."
LOCAL_GROUPS = "local and regional groups of the alliance"
NEWSLETTER = "Send me the alliance's newsletter."


@pytest.fixture
def app(app_factory, smtp_server):
    """The app of every appeals test: mail to the test's SMTP server, forms accepted at once."""
    app = app_factory(MAIL_URL=smtp_server.url, MIN_FORM_SECONDS=0, BASE_URL="http://tracker.test")
    with app.app_context():
        yield app


@dataclass
class World:
    election: object
    contest: object
    suspension: object
    x: object
    y: object
    appeal: object
    clps: dict


def make_organisation(slug, name):
    organisation = Organisation(slug=slug, name=name, description="")
    db.session.add(organisation)
    db.session.flush()
    return organisation


@pytest.fixture
def world(app, create_user) -> World:
    from tracker.appeals.operations import publish_appeal

    election = create_election(slug="nec-2026", title="NEC elections 2026")
    contest = create_contest(election, slug="nec-clp", title="NEC: CLP section", seats=9,
                             ballot_opens_at=BALLOT_OPENS, ballot_closes_at=BALLOT_OPENS + timedelta(days=30))
    clps = {}
    for code, name, region in [("C001", "Anytown CLP", "North West"), ("C002", "Bigcity CLP", "North West"),
                               ("C003", "Coastal CLP", "Wales"), ("C004", "Dale CLP", "London")]:
        clps[code] = create_body(election, code, kind="clp", name=name, region=region)
    suspension = create_suspension(create_person("Jo Bird"), NOW - timedelta(days=30), reason=None)
    x = make_organisation("alliance", "The Alliance")
    y = make_organisation("other-group", "Other Group")
    appeal = publish_appeal(x, slug="halt-the-nec", title="Halt and delay the NEC elections",
                            petitioning="the NEC", text="We ask the **NEC** to halt the elections.", target=25,
                            privacy_url="https://alliance.example/privacy", contest=contest, suspension=suspension,
                            close_when_ballot_opens=True,
                            consents=[("local_groups", SHARING, LOCAL_GROUPS),
                                      ("newsletter", NEWSLETTER, "The Alliance")])
    db.session.commit()
    create_user("x@alliance.example", role="organiser", org="alliance")
    create_user("y@other.example", role="organiser", org="other-group")
    create_user("admin@example.org", role="admin")
    return World(election, contest, suspension, x, y, appeal, clps)


PAGE = "/appeals/alliance/halt-the-nec"


def sign(client, email="sam@example.org", name="Sam Signer", body="", page=PAGE, **consents):
    """Post the signing form as a browser would (unticked boxes are not sent)."""
    data = {"name": name, "email": email, "body": body, "website": "", "started": ""}
    data.update({f"consent_{choice}": "yes" for choice, ticked in consents.items() if ticked})
    from tracker.web.public_forms import stamp

    data["started"] = stamp(0)
    return client.post(page, data=data)


LINK = re.compile(r"http://tracker\.test(/appeals/confirm/[A-Za-z0-9_-]+)")
MY_DATA = re.compile(r"http://tracker\.test(/my-data/[A-Za-z0-9_-]+)")


def confirm_path(smtp_server, email, count=1):
    messages = smtp_server.wait_for(email, count=count)
    return LINK.findall(smtp_server.body(messages[-1]))[-1]


def my_data_path(smtp_server, email, count=1):
    messages = smtp_server.wait_for(email, count=count)
    return MY_DATA.findall(smtp_server.body(messages[-1]))[-1]


def sign_and_confirm(client, smtp_server, email, **kwargs):
    before = len(smtp_server.to(email))
    assert sign(client, email=email, **kwargs).status_code == 200
    path = confirm_path(smtp_server, email, count=before + 1)
    assert client.post(path).status_code == 200
    return path
