"""A contest open to CLP nominations, secretaries of several CLPs, and how a secretary nominates."""
from __future__ import annotations

from datetime import timedelta

from tests.conftest import PASSWORD
from tests.factories import create_body, create_candidate, create_contest, create_election
from tracker.extensions import db
from tracker.types import utcnow

FORMAT = "%Y-%m-%dT%H:%M"


def open_contest(clps: int = 1) -> dict:
    """Leader: a CLP stage open for a week; CLP001… with a secretary each (sec1@example.org …)."""
    from tracker.accounts.operations import create_user

    now = utcnow().replace(second=0, microsecond=0)
    election = create_election(timezone="UTC")
    contest = create_contest(election, stages=[
        dict(key="supporting", title="Nominations from CLPs", opens_at=now - timedelta(days=3),
             closes_at=now + timedelta(days=7), routes=[dict(kind="clp", count=2)]),
    ])
    bodies = [create_body(election, f"CLP{i:03d}", "clp", name=f"Town {i} CLP") for i in range(1, clps + 1)]
    carter = create_candidate(contest, "Sam Carter")
    db.session.flush()
    for i, body in enumerate(bodies, 1):
        create_user(f"sec{i}@example.org", PASSWORD, "secretary", [body.code], None)
    db.session.commit()
    return dict(now=now, contest_id=contest.id, body_ids=[b.id for b in bodies], carter_id=carter.id)


def nomination_form(world: dict) -> dict:
    return {"candidate": world["carter_id"], "nominated_at": (world["now"] - timedelta(hours=2)).strftime(FORMAT)}


def nominate_path(world: dict, index: int = 0) -> str:
    return f"/secretary/bodies/{world['body_ids'][index]}/contests/{world['contest_id']}/nominate"


def login(client, index: int = 0):
    return client.post("/login", data={"email": f"sec{index + 1}@example.org", "password": PASSWORD})
