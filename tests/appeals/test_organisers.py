"""Organisers publish, close and reopen their appeals and release held signatures; each act is in the audit
trail, with no signer's data."""
from __future__ import annotations

from sqlalchemy import select

from tests.appeals.conftest import PAGE, sign
from tests.conftest import AuthActions
from tracker.appeals import services
from tracker.appeals.models import Appeal, ConsentText
from tracker.audit.models import AuditEvent
from tracker.extensions import db

NEW = "/organise/appeals/new"


def form(**changes):
    data = {"slug": "sign-up", "title": "Sign up to the alliance", "petitioning": "", "text": "Join us.",
            "target": "", "privacy_url": "https://alliance.example/privacy", "closes_at": "", "contest": "",
            "suspension": "", "consent_1_choice": "local_groups",
            "consent_1_wording": "We might share your data with local and regional groups.",
            "consent_1_recipients": "local and regional groups of the alliance"}
    data.update(changes)
    return data


def test_an_organiser_publishes_an_appeal_with_its_consent_wording(client, world):
    AuthActions(client).login("x@alliance.example")
    response = client.post(NEW, data=form())
    assert response.status_code == 302 and response.headers["Location"].endswith("/appeals/alliance/sign-up")
    appeal = db.session.scalar(select(Appeal).where(Appeal.slug == "sign-up"))
    [consent] = db.session.scalars(select(ConsentText).where(ConsentText.appeal_id == appeal.id)).all()
    assert consent.wording == "We might share your data with local and regional groups."
    assert consent.recipients == "local and regional groups of the alliance" and len(consent.hash) == 64
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "appeal.publish",
                                                       AuditEvent.object_id == appeal.id))
    assert event.actor_label == "x@alliance.example" and event.public


def test_publishing_names_every_problem_and_writes_nothing(client, world):
    AuthActions(client).login("x@alliance.example")
    response = client.post(NEW, data=form(slug="Bad Slug", title="", privacy_url="nowhere", target="0",
                                          consent_1_recipients=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Target cannot be less than 1." in page
    assert db.session.query(Appeal).count() == 1


def test_publishing_reports_the_domain_problems(client, world):
    AuthActions(client).login("x@alliance.example")
    response = client.post(NEW, data=form(slug="Bad Slug", privacy_url="nowhere", consent_1_recipients=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The slug must be lower-case letters, digits and hyphens." in page
    assert "The privacy notice must be a web address" in page
    assert "needs its exact wording and the named recipients" in page
    assert db.session.query(Appeal).count() == 1


def test_only_organisers_publish(client, world):
    AuthActions(client).login("admin@example.org")
    assert client.post(NEW, data=form()).status_code == 403


def test_closing_and_reopening_are_audited_and_close_the_form(client, world):
    AuthActions(client).login("x@alliance.example")
    assert client.post("/appeals/alliance/halt-the-nec/close").status_code == 302
    assert 'name="email"' not in client.get(PAGE).get_data(as_text=True)
    assert client.post("/appeals/alliance/halt-the-nec/reopen").status_code == 302
    assert 'name="email"' in client.get(PAGE).get_data(as_text=True)
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("appeal.%"))
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["appeal.publish", "appeal.close", "appeal.reopen"]
    AuthActions(client).logout()
    AuthActions(client).login("y@other.example")
    assert client.post("/appeals/alliance/halt-the-nec/close").status_code == 403


def test_held_signatures_are_released_by_the_organiser_with_their_links(app_factory, smtp_server, world):
    limited = app_factory(MAIL_URL=smtp_server.url, MIN_FORM_SECONDS=0, APPEAL_LIMIT_PER_ADDRESS="1 per hour")
    client = limited.test_client()
    sign(client, email="first@example.org")
    sign(client, email="second@example.org")
    db.session.expire_all()
    assert services.counts(world.appeal).held == 1
    AuthActions(client).login("x@alliance.example")
    page = client.get("/appeals/alliance/halt-the-nec/signers").get_data(as_text=True)
    assert "1 held" in page and "too many signatures from one address" in page
    assert client.post("/appeals/alliance/halt-the-nec/release-held").status_code == 302
    assert "Confirm your signature" in smtp_server.wait_for("second@example.org")[0]["Subject"]
    db.session.rollback()
    assert services.counts(world.appeal).held == 0 and services.counts(world.appeal).pending == 2


def test_an_export_is_audited_without_personal_data(client, world, smtp_server):
    from tests.appeals.conftest import sign_and_confirm

    sign_and_confirm(client, smtp_server, "zed@example.org", name="Zed Zee")
    AuthActions(client).login("x@alliance.example")
    assert client.post("/appeals/alliance/halt-the-nec/export", data={"purpose": "own_use"}).status_code == 200
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "appeal.export"))
    assert event.after["count"] == 1 and event.after["purpose"] == "own_use"
    assert "zed" not in str(event.after).lower() and "Zed" not in event.summary
