"""The public page and the API: the confirmed count, progress to the target and when it was reached, counts by
region and CLP with small groups suppressed, and dated notices computed from the facts the appeal concerns."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from tests.appeals.conftest import NOW, PAGE
from tracker.appeals import operations, services
from tracker.appeals.models import Signature
from tracker.extensions import db
from tracker.types import utcnow
from tracker.vocabulary import SuspensionOutcome

API = "/api/v1/appeals/alliance/halt-the-nec"


def confirmed_signatures(world, count, body="C001", start=0):
    """Signatures made and confirmed directly, one minute apart."""
    base = utcnow() - timedelta(hours=2)
    for i in range(start, start + count):
        operations.sign(world.appeal, name=f"Signer {i}", email=f"s{i}@example.org", body_code=body)
    db.session.flush()
    for i, signature in enumerate(db.session.query(Signature).filter_by(status="pending").order_by(Signature.id)):
        signature.status, signature.confirmed_at = "confirmed", base + timedelta(minutes=start + i)
    db.session.commit()


def test_counts_by_region_and_clp_show_small_groups_as_fewer_than_ten(client, world):
    confirmed_signatures(world, 12, body="C001")
    confirmed_signatures(world, 3, body="C003", start=12)
    confirmed_signatures(world, 2, body="", start=15)
    data = client.get(API).get_json()
    assert data["signatures"] == 17
    assert data["by_region"] == {"North West": 12, "No CLP given": "fewer than 10", "Wales": "fewer than 10"}
    page = client.get(PAGE).get_data(as_text=True)
    assert "Anytown CLP</td><td class=\"num\">12" in page and "Coastal CLP</td><td class=\"num\">fewer than 10" in page


def test_progress_and_the_moment_the_target_was_reached(client, world):
    confirmed_signatures(world, 24)
    assert client.get(API).get_json()["threshold_reached_at"] is None
    confirmed_signatures(world, 3, start=24)
    data = client.get(API).get_json()
    reached = db.session.query(Signature.confirmed_at).order_by(Signature.confirmed_at).offset(24).limit(1).scalar()
    assert data["threshold_reached_at"] == reached.isoformat()
    page = client.get(PAGE).get_data(as_text=True)
    assert 'max="25" value="25"' in page and "The target was reached at" in page


def test_notices_come_from_the_facts_the_appeal_concerns(client, world):
    ended = NOW - timedelta(days=2)
    world.suspension.ends_at, world.suspension.outcome = ended, SuspensionOutcome.OVERTURNED
    world.contest.ballot_opens_at = NOW - timedelta(days=1)
    db.session.commit()
    texts = [n["text"] for n in client.get(API).get_json()["notices"]]
    from tracker.times import day_text

    assert texts == [f"Ballot opened on {day_text(NOW - timedelta(days=1), 'Europe/London')}",
                     f"Jo Bird's suspension was overturned on {day_text(ended, 'Europe/London')}",
                     f"Jo Bird was suspended on {day_text(NOW - timedelta(days=30), 'Europe/London')}"]
    assert client.get(API).get_json()["status"] == "closed"
    assert "Ballot opened on" in client.get(PAGE).get_data(as_text=True)


def test_a_notice_in_the_future_is_not_shown_yet(client, world):
    world.suspension.ends_at, world.suspension.outcome = NOW + timedelta(days=3), SuspensionOutcome.LIFTED
    db.session.commit()
    texts = [n["text"] for n in client.get(API).get_json()["notices"]]
    assert not any("lifted" in t for t in texts)


def test_the_api_answers_in_the_documented_shape_with_an_etag(client, world):
    response = client.get(API)
    data = response.get_json()
    assert set(data) == {"organisation", "slug", "title", "petitioning", "target", "status", "signatures",
                         "by_region", "threshold_reached_at", "notices"}
    assert data["organisation"] == "alliance" and data["petitioning"] == "the NEC" and data["status"] == "open"
    again = client.get(API, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/api/v1/appeals/alliance/nothing").status_code == 404


def test_the_appeal_text_is_markdown_rendered_safely(client, world):
    world.appeal.text = "**Halt** the count <script>alert(1)</script> [read](javascript:alert(1))"
    db.session.commit()
    page = client.get(PAGE).get_data(as_text=True)
    assert "<strong>Halt</strong>" in page and "<script>alert" not in page and 'href="javascript' not in page


def test_the_organisation_page_lists_its_appeals_with_their_counts(client, world):
    operations.publish_appeal(world.x, slug="join-us", title="Sign up to the alliance",
                              consents=[("local_groups", "Share with local groups", "local groups")])
    confirmed_signatures(world, 2)
    db.session.commit()
    page = client.get("/appeals/alliance").get_data(as_text=True)
    assert "Halt and delay the NEC elections" in page and "Sign up to the alliance" in page
    assert "2 appeals and 2 confirmed signatures" in page
    assert "The Alliance" in client.get("/appeals").get_data(as_text=True)
    assert client.get("/appeals/nobody").status_code == 404


def test_unconfirmed_signatures_older_than_seven_days_are_purged_by_the_command(runner, client, world):
    operations.sign(world.appeal, name="Old", email="old@example.org")
    operations.sign(world.appeal, name="New", email="new@example.org")
    db.session.flush()
    db.session.execute(update(Signature).where(Signature.name == "Old").values(signed_at=utcnow() - timedelta(days=8)))
    db.session.commit()
    result = runner.invoke(args=["purge-unconfirmed"])
    assert result.exit_code == 0, result.output
    assert "Purged 1 unconfirmed signature older than 7 days." in result.output
    db.session.expire_all()
    assert [s.name for s in db.session.query(Signature)] == ["New"]
    assert services.counts(world.appeal).pending == 1


def test_the_demo_gains_a_petition_tied_to_its_suspension_and_a_sign_up_asking_consent(app, tmp_path):
    from tracker.appeals.demo import load_demo_appeals
    from tracker.demo.cli import load_demo

    demo, election, _ = load_demo(tmp_path, scale=0.05)
    lines = load_demo_appeals(election, demo.suspended[1], signatures=(240, 90))
    db.session.commit()
    petition = services.find_appeal("labour-alliance", "halt-the-nec-elections")
    signup = services.find_appeal("labour-alliance", "join-the-alliance")
    assert petition.petitioning == "the NEC" and petition.suspension.person.name == demo.suspended[1]
    assert petition.close_when_ballot_opens and petition.contest.slug == "nec-clp"
    assert [c.choice for c in services.current_consents(signup)] == ["local_groups"]
    counts = services.counts(petition)
    assert counts.confirmed == 240 and len(counts.by_region) >= 5
    assert services.counts(signup).confirmed == 90
    assert 0 < len(services.signer_rows(signup, consent_needed="local_groups")) < 90
    assert "suspended on" in " ".join(n.text for n in services.notices(petition, utcnow()))
    assert "240 signatures" in lines[0]
    assert load_demo_appeals(election, demo.suspended[1]) == ["The demo's appeals are already loaded."]
    operations.sign(signup, name="New", email="new@example.org")  # ids continue after the bulk insert
    db.session.commit()
