"""Two secretaries of one body submitting at once produce exactly one nomination (PostgreSQL, real threads)."""
import threading
from datetime import timedelta

import pytest

from tests.conftest import PASSWORD
from tests.factories import create_body, create_candidate, create_contest, create_election
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.types import utcnow

SUBMITTERS = 12


@pytest.mark.postgresql_only
def test_simultaneous_submissions_for_one_body_leave_exactly_one_nomination(app, create_user):
    now = utcnow().replace(second=0, microsecond=0)
    election = create_election(timezone="UTC")
    contest = create_contest(election, stages=[
        dict(key="clp", title="Nominations from CLPs", opens_at=now - timedelta(days=1),
             closes_at=now + timedelta(days=1), routes=[dict(kind="clp", count=1)]),
    ])
    body = create_body(election, "CLP001", "clp")
    candidates = [create_candidate(contest, f"Candidate {i}") for i in range(3)]
    db.session.commit()
    emails = [f"sec{i}@example.org" for i in range(SUBMITTERS)]
    for email in emails:
        create_user(email, role="secretary", bodies=["CLP001"])
    url = f"/secretary/bodies/{body.id}/contests/{contest.id}/nominate"
    candidate_ids = [c.id for c in candidates]
    when = (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    election_slug, contest_slug = election.slug, contest.slug
    clients = []
    for email in emails:
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        clients.append(client)
    barrier = threading.Barrier(SUBMITTERS)
    statuses = []

    def submit(i):
        data = {"candidate": candidate_ids[i % 3], "nominated_at": when}
        barrier.wait()
        statuses.append(clients[i].post(url, data=data).status_code)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(SUBMITTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.expire_all()
    active = db.session.query(Nomination).filter(Nomination.status.in_(("submitted", "verified"))).all()
    assert len(active) == 1
    assert sorted(statuses) == [302] + [400] * (SUBMITTERS - 1)
    ballot = app.test_client().get(f"/api/v1/elections/{election_slug}/contests/{contest_slug}/ballot").get_json()
    counted = [s["have"] for c in ballot["candidates"] for s in c["stages"]]
    assert sum(counted) == 1
