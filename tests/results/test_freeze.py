"""Freezing the ballot: a hashed, dated, attributed snapshot; no-op refreeze; the stale-preview refusal;
changes after publication flagged, and re-issued as a new snapshot."""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from flask import render_template
from flask_login import login_user

from tests.factories import create_suspension
from tests.results.conftest import build_world
from tracker.audit.models import AuditEvent
from tracker.ballot.judging import current_stage, judge
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.results import operations
from tracker.results.models import BallotSnapshot
from tracker.results.services import stage_extras
from tracker.types import utcnow


def freeze(contest):
    """Freeze as an admin who saw the current preview."""
    _, digest = operations.ballot_preview(contest)
    return operations.freeze_ballot(contest, digest)


def test_freeze_stores_names_in_order_verdicts_and_the_sha256_of_canonical_json(world):
    snapshot, created = freeze(world.contest)
    db.session.commit()
    assert created
    assert snapshot.content["on_ballot"] == ["Ann Adams", "Ben Brown", "Cat Clark"]
    assert [(c["name"], c["status"]) for c in snapshot.content["candidates"]] == [
        ("Ann Adams", "on_ballot"), ("Ben Brown", "on_ballot"), ("Cat Clark", "on_ballot"), ("Dan Dunn", "eliminated")
    ]
    assert snapshot.content["candidates"][3]["reason"].startswith("Eliminated at Nominations from CLPs")
    canonical = json.dumps(snapshot.content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert snapshot.content_hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert utcnow() - snapshot.frozen_at < timedelta(minutes=1)
    event = db.session.query(AuditEvent).filter_by(action="ballot.freeze").one()
    assert event.public and event.contest_id == world.contest.id
    assert (event.object_type, event.object_id) == ("ballotsnapshot", snapshot.id)
    assert event.after["content_hash"] == snapshot.content_hash
    assert "Ann Adams, Ben Brown, Cat Clark" in event.summary


def test_freeze_is_attributed_to_the_admin(world, create_user, app):
    user = create_user("ro@example.org", role="admin")
    with app.test_request_context():
        login_user(user)
        snapshot, _ = freeze(world.contest)
    assert snapshot.frozen_by_id == user.id
    assert db.session.query(AuditEvent).filter_by(action="ballot.freeze").one().actor_label == "ro@example.org"


def test_freezing_moves_the_contest_to_the_ballot_stage(world):
    assert current_stage(world.contest, utcnow()).key == "awaiting_ballot"
    freeze(world.contest)
    db.session.commit()
    assert current_stage(world.contest, utcnow()).key == "ballot"


def test_freeze_before_nominations_close_is_refused_naming_the_close_time(app):
    world = build_world(closes_in=timedelta(days=3))
    _, digest = operations.ballot_preview(world.contest)
    with pytest.raises(DomainError) as refused:
        operations.freeze_ballot(world.contest, digest)
    assert refused.value.problems[0][0] == "contest"
    assert refused.value.messages[0].startswith("Nominations for Leader close at ")
    assert refused.value.messages[0].endswith("; the ballot can be frozen only after that.")
    assert db.session.query(BallotSnapshot).count() == 0


def test_freezing_again_with_no_change_is_a_no_op(world):
    first, _ = freeze(world.contest)
    db.session.commit()
    again, created = freeze(world.contest)
    assert not created and again.id == first.id
    assert db.session.query(BallotSnapshot).count() == 1
    assert db.session.query(AuditEvent).filter(AuditEvent.action.like("ballot.%")).count() == 1


def test_a_freeze_from_a_stale_preview_is_refused(world):
    _, seen = operations.ballot_preview(world.contest)
    create_suspension(world.candidacies["Ben Brown"].person, utcnow() - timedelta(seconds=1))
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        operations.freeze_ballot(world.contest, seen)
    assert refused.value.problems == [("ballot_hash", operations.CHANGED_SINCE_LOADED)]
    assert "the ballot changed since you loaded this page" in refused.value.messages[0].lower()
    assert db.session.query(BallotSnapshot).count() == 0
    assert db.session.query(AuditEvent).filter(AuditEvent.action.like("ballot.%")).count() == 0


def test_a_suspension_after_the_freeze_is_shown_as_a_change_and_reissued_as_a_new_snapshot(world):
    first, _ = freeze(world.contest)
    db.session.commit()
    create_suspension(world.candidacies["Ben Brown"].person, utcnow(), reason="under investigation")
    db.session.commit()

    now = utcnow()
    extras = stage_extras(judge(world.contest, now))
    assert extras["ballot_snapshot"].id == first.id
    assert [(c.name, c.kind, c.now_status) for c in extras["ballot_changes"]] == [("Ben Brown", "off", "suspended")]
    assert "under investigation" in extras["ballot_changes"][0].reason

    second, created = freeze(world.contest)
    db.session.commit()
    assert created and second.id != first.id
    assert second.content["on_ballot"] == ["Ann Adams", "Cat Clark"]
    db.session.refresh(first)
    assert first.content["on_ballot"] == ["Ann Adams", "Ben Brown", "Cat Clark"]  # never edited in place
    event = db.session.query(AuditEvent).filter_by(action="ballot.reissue").one()
    assert event.before["on_ballot"] == ["Ann Adams", "Ben Brown", "Cat Clark"]
    assert "Ben Brown is on the published ballot but would now be off it" in event.summary
    now = utcnow()
    assert stage_extras(judge(world.contest, now))["ballot_changes"] == []


def test_a_withdrawal_and_a_lifted_suspension_after_the_freeze_are_flagged(world):
    suspension = create_suspension(world.candidacies["Cat Clark"].person, utcnow() - timedelta(hours=1))
    db.session.commit()
    freeze(world.contest)
    db.session.commit()
    suspension.ends_at = utcnow()
    world.candidacies["Ann Adams"].withdrawn_at = utcnow()
    db.session.commit()
    now = utcnow()
    changes = stage_extras(judge(world.contest, now))["ballot_changes"]
    assert [(c.name, c.kind) for c in changes] == [("Ann Adams", "off"), ("Cat Clark", "on")]
    assert changes[0].reason.startswith("Withdrew on ")


def test_the_ballot_stage_shows_the_published_ballot_and_the_changes(world, app):
    freeze(world.contest)
    db.session.commit()
    create_suspension(world.candidacies["Ben Brown"].person, utcnow())
    db.session.commit()
    now = utcnow()
    with app.test_request_context():
        html = render_template("results/_ballot_stage.html",
                               **stage_extras(judge(world.contest, now)))
    assert "The published ballot" in html and "Changes since publication" in html
    assert "<strong>Ben Brown</strong>:" in html and "would now be <strong>off</strong> it" in html
    assert "Review and re-issue the ballot" not in html  # the action is an admin's


# --- through the admin page ------------------------------------------------------------------------------


def test_admin_freezes_through_the_page_with_the_preview_hash(client, admin, world):
    url = f"/admin/elections/{world.election.slug}/contests/leader/ballot"
    page = client.get(url)
    assert page.status_code == 200
    _, digest = operations.ballot_preview(world.contest)
    assert f'value="{digest}"'.encode() in page.data
    response = client.post(url, data={"ballot_hash": digest})
    assert response.status_code == 302
    assert db.session.query(BallotSnapshot).one().content_hash == digest
    assert b"is frozen and published" in client.get(url).data


def test_the_page_refuses_a_stale_preview_and_shows_the_ballot_again(client, admin, world):
    url = f"/admin/elections/{world.election.slug}/contests/leader/ballot"
    _, seen = operations.ballot_preview(world.contest)
    create_suspension(world.candidacies["Ben Brown"].person, utcnow() - timedelta(seconds=1))
    db.session.commit()
    response = client.post(url, data={"ballot_hash": seen})
    assert response.status_code == 400
    assert b"The ballot changed since you loaded this page" in response.data
    _, current = operations.ballot_preview(world.contest)
    assert f'value="{current}"'.encode() in response.data
    assert db.session.query(BallotSnapshot).count() == 0


@pytest.mark.parametrize("role", ["secretary", "organiser"])
def test_only_an_admin_may_freeze(client, create_user, auth, world, role):
    from tests.factories import create_body  # noqa: F401  (the world has bodies already)

    if role == "secretary":
        create_user("x@example.org", role="secretary", bodies=[world.body.code])
    else:
        from tracker.slates.models import Organisation

        db.session.add(Organisation(slug="left", name="Left"))
        db.session.commit()
        create_user("x@example.org", role="organiser", org="left")
    auth.login("x@example.org")
    url = f"/admin/elections/{world.election.slug}/contests/leader/ballot"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"ballot_hash": "x"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(f"/admin/elections/{world.election.slug}/contests/leader/ballot")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_public_dashboard_flags_a_change_since_publication(client, world, app):
    freeze(world.contest)
    db.session.commit()
    create_suspension(world.candidacies["Ben Brown"].person, utcnow())
    db.session.commit()
    response = client.get(f"/elections/{world.election.slug}/contests/leader")
    assert response.status_code == 200
    assert b"Changes since publication" in response.data
    assert b"would now be <strong>off</strong> it" in response.data
    page = response.get_data(as_text=True)
    published = page[page.index('<ol class="published-ballot">'):]
    published = published[:published.index("</ol>")]
    assert "Ben Brown" in published, "the published ballot stands until re-issued"
    assert 'id="ballot-list"' not in page, "the live ballot is not shown as the ballot once published"


def test_an_admin_sees_the_reissue_action_on_the_ballot_stage(client, admin, world, app):
    freeze(world.contest)
    db.session.commit()
    create_suspension(world.candidacies["Ben Brown"].person, utcnow())
    db.session.commit()
    page = client.get(f"/elections/{world.election.slug}/contests/leader").get_data(as_text=True)
    assert f'href="/admin/elections/{world.election.slug}/contests/leader/ballot">Review and re-issue the ballot' in page
