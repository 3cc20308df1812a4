"""The procedures secretary verifies and rejects, records suspensions, withdrawals and halts."""
from datetime import timedelta

import pytest

from tests.factories import create_body, create_candidate, create_contest, create_election, create_nomination
from tracker.audit.models import AuditEvent
from tracker.elections.models import ContestHalt
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.suspensions.models import Suspension
from tracker.types import utcnow

FORMAT = "%Y-%m-%dT%H:%M"


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
    nominations = [create_nomination(carter, clp, now - timedelta(days=1), status="submitted") for clp in clps]
    db.session.commit()
    create_user()
    auth.login()
    return dict(now=now, contest=contest, carter=carter, nominations=nominations)


def statuses(world):
    return [db.session.get(Nomination, n.id).status for n in world["nominations"]]


def test_admin_verifies_ticked_nominations_in_bulk(client, world):
    ids = [n.id for n in world["nominations"][:2]]
    response = client.post("/admin/nominations/decide", data={"ids": ids, "action": "verify"})
    assert response.status_code == 302
    db.session.expire_all()
    assert statuses(world) == ["verified", "verified", "submitted"]
    assert db.session.query(AuditEvent).filter_by(action="nomination.verify").count() == 2


def test_rejection_needs_a_reason_and_writes_nothing_without_one(client, world):
    ids = [n.id for n in world["nominations"]]
    response = client.post("/admin/nominations/decide", data={"ids": ids, "action": "reject", "reason": ""})
    assert response.status_code == 400
    db.session.expire_all()
    assert statuses(world) == ["submitted"] * 3


def test_rejection_with_reason_frees_the_bodys_nomination(client, world):
    first = world["nominations"][0]
    client.post("/admin/nominations/decide", data={"ids": [first.id], "action": "reject", "reason": "Meeting inquorate"})
    db.session.expire_all()
    rejected = db.session.get(Nomination, first.id)
    assert (rejected.status, rejected.rejection_reason, rejected.slot) == ("rejected", "Meeting inquorate", None)


def test_queue_lists_waiting_nominations(client, world):
    page = client.get("/admin/nominations").get_data(as_text=True)
    assert page.count('name="ids"') == 3


def test_admin_records_a_suspension_and_lifts_it(client, world):
    person = world["carter"].person
    start = world["now"] - timedelta(hours=3)
    response = client.post("/admin/suspensions", data={"person": person.id, "starts_at": start.strftime(FORMAT), "reason": ""})
    assert response.status_code == 302
    suspension = db.session.query(Suspension).one()
    assert suspension.reason is None and suspension.ends_at is None
    ballot = client.get("/api/v1/elections/leadership-2026/contests/leader/ballot").get_json()
    assert ballot["candidates"][0]["status"] == "suspended"
    response = client.post(f"/admin/suspensions/{suspension.id}/end",
                           data={"ends_at": world["now"].strftime(FORMAT), "outcome": "lifted"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Suspension, suspension.id).outcome == "lifted"
    ballot = client.get("/api/v1/elections/leadership-2026/contests/leader/ballot").get_json()
    assert ballot["candidates"][0]["status"] == "qualified"  # 3 CLPs of 2, the stage still open
    assert {"suspension.create", "suspension.lifted"} <= {e.action for e in db.session.query(AuditEvent)}


def test_admin_records_a_withdrawal(client, world):
    candidacy = world["carter"]
    when = world["now"] - timedelta(hours=1)
    response = client.post(f"/admin/candidacies/{candidacy.id}/withdraw", data={"withdrawn_at": when.strftime(FORMAT)})
    assert response.status_code == 302
    ballot = client.get("/api/v1/elections/leadership-2026/contests/leader/ballot").get_json()
    assert ballot["candidates"][0]["status"] == "withdrawn"


def test_admin_halts_and_resumes_a_contest_with_a_public_reason(client, world):
    contest = world["contest"]
    response = client.post(f"/admin/contests/{contest.id}/halt", data={"reason": "Legal challenge to the timetable"})
    assert response.status_code == 302
    assert "Legal challenge to the timetable" in client.get("/").get_data(as_text=True)
    assert client.post(f"/admin/contests/{contest.id}/halt", data={"reason": "again"}).status_code == 400
    assert client.post(f"/admin/contests/{contest.id}/resume").status_code == 302
    halt = db.session.query(ContestHalt).one()
    assert halt.resumed_at is not None
    assert "Legal challenge" not in client.get("/").get_data(as_text=True)


def test_candidate_status_history_is_visible_to_admin(client, world):
    person = world["carter"].person
    client.post("/admin/suspensions", data={"person": person.id,
                                            "starts_at": (world["now"] - timedelta(hours=3)).strftime(FORMAT)})
    page = client.get(f"/admin/candidacies/{world['carter'].id}/history").get_data(as_text=True)
    assert "in progress" in page and "qualified" in page and "suspended" in page
    assert "admin@example.org" in page


def test_an_id_too_large_for_the_database_is_not_found_rather_than_an_error(client, world):
    huge = 2**40
    assert client.get(f"/admin/contests/{huge}").status_code == 404
    assert client.get(f"/admin/candidacies/{huge}/history").status_code == 404
    assert client.get(f"/admin/nominations?contest={huge}").status_code == 200
    response = client.post("/admin/nominations/decide", data={"ids": [huge], "action": "verify"})
    assert response.status_code == 400
    assert f"There is no nomination number {huge}" in response.get_data(as_text=True)
    assert statuses(world) == ["submitted"] * 3


@pytest.mark.parametrize("url", ["/admin/", "/admin/nominations", "/admin/suspensions", "/admin/contests/1"])
def test_secretary_gets_403_on_every_admin_page(client, app, create_user, url):
    election = create_election()
    create_body(election, "CLP900", "clp")
    db.session.commit()
    create_user("sec@example.org", role="secretary", bodies=["CLP900"])
    client.post("/login", data={"email": "sec@example.org", "password": "correct horse battery"})
    assert client.get(url).status_code == 403


def test_a_time_the_clocks_skipped_is_refused_not_moved(client, world):
    person = world["carter"].person
    response = client.post("/admin/suspensions", data={"person": person.id, "starts_at": "2025-03-30T01:30"})
    assert response.status_code == 400
    assert "01:30 on 30 March 2025 did not happen in Europe/London" in response.get_data(as_text=True)
    assert db.session.query(Suspension).count() == 0
    response = client.post(f"/admin/candidacies/{world['carter'].id}/withdraw", data={"withdrawn_at": "2025-03-30T01:30"})
    assert response.status_code == 400
    assert "did not happen in Europe/London" in response.get_data(as_text=True)
    db.session.expire_all()
    assert world["carter"].withdrawn_at is None


def test_ending_a_suspension_at_a_time_the_clocks_skipped_says_why(client, world):
    start = world["now"] - timedelta(hours=3)
    client.post("/admin/suspensions", data={"person": world["carter"].person.id, "starts_at": start.strftime(FORMAT)})
    suspension = db.session.query(Suspension).one()
    response = client.post(f"/admin/suspensions/{suspension.id}/end", data={"ends_at": "29/03/2026 01:30", "outcome": "lifted"})
    assert response.status_code == 400
    assert "01:30 on 29 March 2026 did not happen in Europe/London" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Suspension, suspension.id).ends_at is None


@pytest.mark.parametrize("status", ["%00", "pending", "submitted%00"])
def test_the_queue_refuses_a_status_it_does_not_know_naming_the_parameter(client, world, status):
    response = client.get(f"/admin/nominations?status={status}")
    assert response.status_code == 400
    assert b"status must be one of submitted, verified, rejected, withdrawn, all" in response.data


def test_the_queue_shows_the_status_asked_for_or_all(client, world):
    client.post("/admin/nominations/decide", data={"ids": [world["nominations"][0].id], "action": "verify"})
    assert client.get("/admin/nominations?status=verified").get_data(as_text=True).count('name="ids"') == 1
    assert client.get("/admin/nominations?status=all").get_data(as_text=True).count('name="ids"') == 3
    assert client.get("/admin/nominations").get_data(as_text=True).count('name="ids"') == 2


# --- the queue in pages; decisions on the ticked, the page, or every nomination matching the filter -----------


@pytest.fixture
def long_queue(world):
    """347 waiting nominations: the world's three and 344 more (seven candidates, fifty bodies)."""
    contest = world["contest"]
    candidates = [create_candidate(contest, f"Candidate {c}") for c in range(7)]
    bodies = [create_body(contest.election, f"BIG{b:03}", "clp") for b in range(50)]
    pairs = [(candidacy, slot, body) for body in bodies for slot, candidacy in enumerate(candidates, 1)][:344]
    for candidacy, slot, body in pairs:
        create_nomination(candidacy, body, world["now"] - timedelta(hours=2), status="submitted", slot=slot)
    db.session.commit()
    return world


def waiting():
    return db.session.query(Nomination).filter_by(status="submitted").count()


def test_the_queue_shows_every_waiting_nomination_a_hundred_a_page(client, long_queue):
    first = client.get("/admin/nominations").get_data(as_text=True)
    assert "Showing 1–100 of 347." in first and first.count('name="ids"') == 100
    assert 'href="/admin/nominations?page=2&amp;status=submitted"' in first
    second = client.get("/admin/nominations?page=2&status=submitted").get_data(as_text=True)
    assert "Showing 101–200 of 347." in second
    assert 'href="/admin/nominations?page=1&amp;status=submitted"' in second
    assert 'href="/admin/nominations?page=3&amp;status=submitted"' in second
    last = client.get("/admin/nominations?page=4").get_data(as_text=True)
    assert "Showing 301–347 of 347." in last and last.count('name="ids"') == 47 and 'rel="next"' not in last
    # the decision controls stand above the list and below it, with both wider choices offered
    assert first.count('name="controls"') == 2
    assert first.index('value="top"') < first.index('name="ids"') < first.index('value="bottom"')
    assert "all 347 matching the filter" in first and "every nomination on this page (100)" in first


def test_deciding_every_matching_nomination_acts_on_those_matching_at_the_moment_of_decision(client, long_queue):
    decided_meanwhile = long_queue["nominations"][0]
    decided_meanwhile.status = "rejected"
    decided_meanwhile.slot = None
    db.session.commit()  # decided by someone else after the page was shown
    response = client.post("/admin/nominations/decide?status=submitted",
                           data={"action": "verify", "scope": "matching", "controls": "top"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/nominations?status=submitted")
    assert "346 nominations verified (every one matching the filter" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert waiting() == 0
    assert db.session.get(Nomination, decided_meanwhile.id).status == "rejected"
    assert db.session.query(Nomination).filter_by(status="verified").count() == 346


def test_every_nomination_on_this_page_can_be_chosen_without_javascript(client, world):
    ids = [n.id for n in world["nominations"]]
    response = client.post("/admin/nominations/decide?status=submitted",
                           data={"page_ids": ids[:2], "action": "verify", "scope": "page", "controls": "top"})
    assert response.status_code == 302
    db.session.expire_all()
    assert statuses(world) == ["verified", "verified", "submitted"]


def test_the_controls_below_the_list_decide_with_their_own_reason(client, world):
    first = world["nominations"][0]
    response = client.post("/admin/nominations/decide", data={
        "ids": [first.id], "action": "verify", "controls": "bottom",
        "bottom-action": "reject", "bottom-reason": "Meeting inquorate", "bottom-scope": "ticked"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (db.session.get(Nomination, first.id).status, db.session.get(Nomination, first.id).rejection_reason) == (
        "rejected", "Meeting inquorate")


def test_a_refused_decision_keeps_the_ticks_and_the_filter(client, world):
    ids = [n.id for n in world["nominations"][:2]]
    contest_id = world["contest"].id
    response = client.post(f"/admin/nominations/decide?status=submitted&contest={contest_id}",
                           data={"ids": ids, "action": "reject", "reason": "", "controls": "top"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for n in world["nominations"]:
        ticked = f'value="{n.id}" id="n{n.id}" checked' in page
        assert ticked == (n.id in ids)
    assert f'action="/admin/nominations/decide?page=1&amp;status=submitted&amp;contest={contest_id}"' in page
    assert statuses(world) == ["submitted"] * 3
