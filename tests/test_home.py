"""The home page lists elections and contests with their computed stage."""
from datetime import timedelta

from tests.factories import T0, create_contest, create_election
from tracker.extensions import db


def test_home_lists_contests_with_their_stage(client, app):
    election = create_election()
    create_contest(election)
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 200
    assert b"Leadership elections 2026" in response.data
    assert b"Leader" in response.data


def test_home_with_no_elections_says_so(client):
    assert b"No elections have been defined yet." in client.get("/").data


def test_user_text_is_escaped(client, app):
    election = create_election(title="<script>alert(1)</script>")
    create_contest(election, stages=[dict(key="plp", title="MPs", opens_at=T0, closes_at=T0 + timedelta(days=1),
                                          routes=[dict(kind="mp", count=1)])])
    db.session.commit()
    data = client.get("/").data
    assert b"<script>alert(1)</script>" not in data
    assert b"&lt;script&gt;" in data
