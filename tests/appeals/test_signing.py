"""Signing an appeal: only signatures confirmed through the emailed link count, once per address, and the answer
never tells whether an address had signed before."""
from __future__ import annotations

from sqlalchemy import select

from tests.appeals.conftest import PAGE, confirm_path, sign, sign_and_confirm
from tracker.appeals import services
from tracker.appeals.models import ConsentEvent, ConsentText, Signature
from tracker.extensions import db


def confirmed(world) -> int:
    db.session.expire_all()
    return services.counts(world.appeal).confirmed


def test_the_form_asks_name_email_an_optional_clp_and_unticked_consent_boxes(client, world):
    page = client.get(PAGE).get_data(as_text=True)
    for name in ('name="name"', 'name="email"', 'name="body"', 'name="consent_local_groups"',
                 'name="consent_newsletter"', 'name="website"'):
        assert name in page
    assert "checked" not in page
    assert "Anytown CLP" in page and "local and regional groups of the alliance" in page


def test_an_unconfirmed_signature_is_not_counted(client, world, smtp_server):
    assert sign(client, email="sam@example.org").status_code == 200
    smtp_server.wait_for("sam@example.org")
    assert confirmed(world) == 0
    assert db.session.scalar(select(Signature.status)) == "pending"


def test_a_signature_counts_once_confirmed_from_the_link_by_a_button(client, world, smtp_server):
    assert sign(client, email="sam@example.org").status_code == 200
    path = confirm_path(smtp_server, "sam@example.org")
    page = client.get(path)  # a mail scanner opening the link confirms nothing
    assert page.status_code == 200 and "Confirm my signature" in page.get_data(as_text=True)
    assert confirmed(world) == 0
    assert client.post(path).status_code == 200
    assert confirmed(world) == 1


def test_a_duplicate_in_another_case_or_with_spaces_counts_once_and_gets_the_same_page(client, world, smtp_server):
    first = sign(client, email="Sam@Example.org")
    sign_and_confirm_path = confirm_path(smtp_server, "sam@example.org")
    client.post(sign_and_confirm_path)
    again = sign(client, email="  SAM@example.ORG ")
    third = sign(client, email="sam@example.org")
    assert first.status_code == again.status_code == third.status_code == 200
    assert first.get_data() == again.get_data() == third.get_data()
    assert confirmed(world) == 1
    assert db.session.query(Signature).count() == 1
    messages = smtp_server.wait_for("sam@example.org", count=2)
    assert [m["Subject"].split(":")[0] for m in messages] == ["Confirm your signature", "You have already signed"]


def test_a_new_address_and_a_repeat_get_byte_identical_pages(client, world, smtp_server):
    sign_and_confirm(client, smtp_server, "old@example.org")
    repeat = sign(client, email="old@example.org")
    fresh = sign(client, email="new@example.org")
    assert repeat.get_data() == fresh.get_data()


def test_consent_events_are_stored_exactly_as_ticked(client, world, smtp_server):
    sign(client, email="a@example.org", local_groups=True)
    sign(client, email="b@example.org", newsletter=True)
    sign(client, email="c@example.org")
    rows = db.session.execute(select(Signature.supporter_id, ConsentText.choice, ConsentEvent.kind, ConsentEvent.how)
                              .join(ConsentEvent, ConsentEvent.signature_id == Signature.id)
                              .join(ConsentText, ConsentText.id == ConsentEvent.consent_text_id)
                              .order_by(Signature.id, ConsentText.choice)).all()
    assert [(choice, kind) for _, choice, kind, _ in rows] == [
        ("local_groups", "given"), ("newsletter", "refused"),
        ("local_groups", "refused"), ("newsletter", "given"),
        ("local_groups", "refused"), ("newsletter", "refused"),
    ]
    assert {how for *_, how in rows} == {"signing form"}


def test_consent_texts_keep_their_wording_version_hash_and_recipients(world):
    from tracker.appeals.operations import consent_hash

    texts = services.current_consents(world.appeal)
    assert [(t.choice, t.version, t.recipients) for t in texts] == [
        ("local_groups", 1, "local and regional groups of the alliance"), ("newsletter", 1, "The Alliance")]
    for text in texts:
        assert text.hash == consent_hash(text.choice, text.version, text.wording, text.recipients)


def test_the_clp_given_puts_the_signature_in_its_region(client, world, smtp_server):
    sign_and_confirm(client, smtp_server, "w@example.org", body="C003")
    signature = db.session.scalar(select(Signature))
    assert signature.body.code == "C003" and signature.region == "Wales"


def test_mail_goes_only_after_the_signature_is_saved_and_a_refused_signing_sends_nothing(client, world, smtp_server):
    assert sign(client, email="bad@example.org", name="").status_code == 400
    assert sign(client, email="good@example.org").status_code == 200
    smtp_server.wait_for("good@example.org")
    assert smtp_server.to("bad@example.org") == []
