"""Each kind of bad input gets a clear message (or, for a bot, a quiet answer), and nothing is counted."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from tests.appeals.conftest import PAGE, confirm_path, sign
from tracker.appeals import services
from tracker.appeals.models import Signature, Supporter
from tracker.extensions import db
from tracker.types import utcnow


def nothing_stored():
    db.session.expire_all()
    return db.session.query(Signature).count() == 0 and db.session.query(Supporter).count() == 0


@pytest.mark.parametrize("fields, message", [
    ({"email": "not-an-address"}, "Enter an email address like name@example.org."),
    ({"email": ""}, "Enter an email address like name@example.org."),
    ({"name": "   "}, "Enter your name."),
    ({"body": "NOPE99"}, "There is no CLP with the code &#39;NOPE99&#39;."),
])
def test_a_bad_field_is_named_and_nothing_is_stored(client, world, smtp_server, fields, message):
    response = sign(client, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert nothing_stored()


def test_a_consent_box_the_appeal_does_not_ask_is_refused(client, world):
    response = sign(client, marketing=True)
    assert response.status_code == 400
    assert "This appeal does not ask for consent to &#39;marketing&#39;." in response.get_data(as_text=True)
    assert nothing_stored()


def test_a_closed_appeal_takes_no_signature(client, world):
    from tracker.appeals.operations import close_appeal

    close_appeal(world.appeal)
    db.session.commit()
    response = sign(client)
    assert response.status_code == 400
    assert "This appeal is closed" in response.get_data(as_text=True)
    assert nothing_stored()


def test_the_appeal_closes_when_its_contests_ballot_opens(client, world):
    world.contest.ballot_opens_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = client.get(PAGE).get_data(as_text=True)
    assert "it closed when the ballot opened" in page and 'name="email"' not in page
    assert sign(client).status_code == 400
    assert nothing_stored()


def test_a_bot_filling_the_honeypot_is_told_to_check_its_email_and_nothing_is_stored(client, world, smtp_server):
    from tracker.web.public_forms import stamp

    response = client.post(PAGE, data={"name": "Bot", "email": "bot@example.org", "website": "http://spam.example",
                                       "started": stamp(0)})
    assert response.status_code == 200 and "Check your email" in response.get_data(as_text=True)
    assert nothing_stored()


def test_a_form_sent_back_within_two_seconds_is_refused(app_factory, smtp_server, world):
    quick = app_factory(MAIL_URL=smtp_server.url, MIN_FORM_SECONDS=2)
    from tracker.web.public_forms import stamp

    client = quick.test_client()
    with quick.test_request_context():
        started = stamp()
    response = client.post(PAGE, data={"name": "Quick", "email": "quick@example.org", "started": started})
    assert response.status_code == 400
    assert "sent very quickly" in response.get_data(as_text=True)
    assert nothing_stored()


def test_too_many_signatures_from_one_address_are_held_not_counted(app_factory, smtp_server, world):
    limited = app_factory(MAIL_URL=smtp_server.url, MIN_FORM_SECONDS=0, APPEAL_LIMIT_PER_ADDRESS="2 per hour")
    client = limited.test_client()
    pages = [sign(client, email=f"n{i}@example.org").get_data() for i in range(4)]
    assert len(set(pages)) == 1  # the same answer, held or not
    db.session.expire_all()
    statuses = db.session.scalars(select(Signature.status).order_by(Signature.id)).all()
    assert statuses == ["pending", "pending", "held", "held"]
    held = db.session.scalars(select(Signature).where(Signature.status == "held")).all()
    assert {s.held_reason for s in held} == {"too many signatures from one address"}
    smtp_server.wait_for("n1@example.org")
    assert smtp_server.to("n2@example.org") == smtp_server.to("n3@example.org") == []  # no mail for a held one
    assert services.counts(world.appeal).held == 2 and services.counts(world.appeal).confirmed == 0


def test_an_expired_confirmation_link_is_refused(client, world, smtp_server):
    sign(client)
    path = confirm_path(smtp_server, "sam@example.org")
    db.session.execute(update(Signature).values(confirm_expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    response = client.post(path)
    assert response.status_code == 400
    assert "This confirmation link has expired" in response.get_data(as_text=True)
    assert services.counts(world.appeal).confirmed == 0


def test_a_reused_confirmation_link_is_refused_and_counts_once(client, world, smtp_server):
    sign(client)
    path = confirm_path(smtp_server, "sam@example.org")
    assert client.post(path).status_code == 200
    again = client.post(path)
    assert again.status_code == 400
    assert "This link was already used" in again.get_data(as_text=True)
    db.session.expire_all()
    assert services.counts(world.appeal).confirmed == 1


def test_an_unknown_confirmation_link_is_not_found(client, world):
    assert client.get("/appeals/confirm/made-up-token").status_code == 404
    assert client.post("/appeals/confirm/made-up-token").status_code == 400


def test_too_many_signatures_of_one_appeal_at_once_are_held(app_factory, smtp_server, world):
    limited = app_factory(MAIL_URL=smtp_server.url, MIN_FORM_SECONDS=0, APPEAL_LIMIT_PER_APPEAL="2 per minute")
    client = limited.test_client()
    for i in range(3):
        assert sign(client, email=f"m{i}@example.org").status_code == 200
    db.session.expire_all()
    rows = db.session.execute(select(Signature.status, Signature.held_reason).order_by(Signature.id)).all()
    assert rows == [("pending", None), ("pending", None), ("held", "too many signatures of this appeal in a short time")]


def test_a_form_without_its_csrf_token_is_refused_with_a_message(app_factory, smtp_server, world):
    guarded = app_factory(MAIL_URL=smtp_server.url, MIN_FORM_SECONDS=0, WTF_CSRF_ENABLED=True)
    response = sign(guarded.test_client())
    assert response.status_code == 400 and "CSRF token is missing" in response.get_data(as_text=True)
    assert nothing_stored()


def test_consent_texts_and_consent_events_are_never_changed(client, world):
    from tracker.appeals.models import AppendOnly, ConsentEvent, ConsentText

    sign(client, local_groups=True)
    text = db.session.scalars(select(ConsentText)).first()
    text.wording = "Something else"
    with pytest.raises(AppendOnly):
        db.session.flush()
    db.session.rollback()
    given = db.session.scalars(select(ConsentEvent)).first()
    given.kind = "refused"
    with pytest.raises(AppendOnly):
        db.session.flush()
    db.session.rollback()
