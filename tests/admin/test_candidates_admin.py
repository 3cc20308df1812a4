"""The procedures secretary adds candidates to a contest and undoes a withdrawal recorded in error, each audited."""
from datetime import timedelta

import pytest

from tests.conftest import PASSWORD
from tests.factories import create_body, create_candidate, create_contest, create_election, create_nomination
from tracker.audit.models import AuditEvent
from tracker.candidates.models import Candidacy, Person
from tracker.extensions import db
from tracker.types import utcnow

BALLOT = "/api/v1/elections/leadership-2026/contests/leader/ballot"


@pytest.fixture
def world(app, create_user, auth):
    now = utcnow().replace(second=0, microsecond=0)
    election = create_election(timezone="Europe/London")
    contest = create_contest(election, stages=[
        dict(key="clp", title="Nominations from CLPs", opens_at=now - timedelta(days=3),
             closes_at=now + timedelta(days=7), routes=[dict(kind="clp", count=2)]),
    ])
    clps = [create_body(election, f"CLP{i:03}", "clp") for i in range(3)]
    carter = create_candidate(contest, "Sam Carter")
    for clp in clps:
        create_nomination(carter, clp, now - timedelta(days=1))
    db.session.commit()
    create_user()
    auth.login()
    when = (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    assert auth.client.post(f"/admin/candidacies/{carter.id}/withdraw", data={"withdrawn_at": when}).status_code == 302
    return dict(now=now, contest=contest, carter=carter)


def test_admin_adds_a_candidate_who_then_stands_in_the_contest(client, world):
    contest = world["contest"]
    response = client.post(f"/admin/contests/{contest.id}/candidates", data={"name": "  Ria   Patel ", "woman": "yes"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ria Patel added as a candidate for Leader." in page
    candidacy = db.session.query(Candidacy).join(Person).filter(Person.name == "Ria Patel").one()
    assert candidacy.woman is True and candidacy.contest_id == contest.id
    event = db.session.query(AuditEvent).filter_by(action="candidacy.create", object_id=candidacy.id).one()
    assert event.actor_label == "admin@example.org" and event.public
    names = [c["name"] for c in client.get(BALLOT).get_json()["candidates"]]
    assert "Ria Patel" in names


@pytest.mark.parametrize("name", ["Sam Carter", "sam  CARTER"])
def test_a_candidate_already_standing_is_refused_with_a_clear_message_and_nothing_written(client, world, name):
    contest = world["contest"]
    response = client.post(f"/admin/contests/{contest.id}/candidates", data={"name": name, "woman": ""})
    assert response.status_code == 400
    assert "Sam Carter is already a candidate for Leader: nothing was added." in response.get_data(as_text=True)
    assert db.session.query(Candidacy).count() == 1 and db.session.query(Person).count() == 1
    assert db.session.query(AuditEvent).filter_by(action="candidacy.create").count() == 0


def test_a_candidate_without_a_name_is_refused_under_the_field(client, world):
    response = client.post(f"/admin/contests/{world['contest'].id}/candidates", data={"name": "   "})
    assert response.status_code == 400
    assert "Give the candidate&#39;s name." in response.get_data(as_text=True)
    assert db.session.query(Candidacy).count() == 1


def test_undoing_a_withdrawal_puts_the_candidate_back_with_the_reason_in_the_history(client, world):
    carter = world["carter"]
    assert client.get(BALLOT).get_json()["candidates"][0]["status"] == "withdrawn"
    response = client.post(f"/admin/candidacies/{carter.id}/undo-withdrawal",
                           data={"reason": "Recorded for the wrong candidate"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Candidacy, carter.id).withdrawn_at is None
    assert client.get(BALLOT).get_json()["candidates"][0]["status"] == "qualified"  # 3 CLPs of 2, still open
    event = db.session.query(AuditEvent).filter_by(action="candidacy.reinstate").one()
    assert event.after["reason"] == "Recorded for the wrong candidate" and event.before["withdrawn_at"]
    history = client.get(f"/admin/candidacies/{carter.id}/history").get_data(as_text=True)
    assert "was undone: Recorded for the wrong candidate" in history
    assert "Sam Carter withdrew from Leader on" in history  # the withdrawal itself stays in the record


def test_undoing_a_withdrawal_needs_a_reason(client, world):
    carter = world["carter"]
    response = client.post(f"/admin/candidacies/{carter.id}/undo-withdrawal", data={"reason": "  "})
    assert response.status_code == 400
    assert "Give the reason the withdrawal is undone" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Candidacy, carter.id).withdrawn_at is not None
    assert db.session.query(AuditEvent).filter_by(action="candidacy.reinstate").count() == 0


def test_undoing_a_withdrawal_that_was_never_recorded_is_refused(client, world):
    other = create_candidate(world["contest"], "Ria Patel")
    db.session.commit()
    response = client.post(f"/admin/candidacies/{other.id}/undo-withdrawal", data={"reason": "a mistake"})
    assert response.status_code == 400
    assert "Ria Patel has not withdrawn from Leader: there is nothing to undo." in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["secretary", "organiser"])
def test_only_an_admin_may_add_a_candidate_or_undo_a_withdrawal(client, app, world, create_user, auth, role):
    extra = {"secretary": {"bodies": ["CLP000"]}, "organiser": {"org": "grassroots-left"}}[role]
    create_user(f"{role}@example.org", role=role, **extra)
    auth.logout()
    auth.login(f"{role}@example.org", PASSWORD)
    contest, carter = world["contest"], world["carter"]
    assert client.post(f"/admin/contests/{contest.id}/candidates", data={"name": "Ria Patel"}).status_code == 403
    assert client.post(f"/admin/candidacies/{carter.id}/undo-withdrawal", data={"reason": "x"}).status_code == 403
    auth.logout()
    response = client.post(f"/admin/contests/{contest.id}/candidates", data={"name": "Ria Patel"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    db.session.expire_all()
    assert db.session.query(Candidacy).count() == 1 and db.session.get(Candidacy, carter.id).withdrawn_at is not None
