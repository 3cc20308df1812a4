"""The home page lists elections and contests with their computed stage."""
from datetime import timedelta

from tests.factories import T0, create_contest, create_election
from tracker.extensions import db


def test_home_lists_contests_with_their_stage(client, app):
    election = create_election()
    create_contest(election)
    db.session.commit()
    during_plp = client.get("/?as_of=2026-01-08T12:00:00Z").get_data(as_text=True)
    assert "Leadership elections 2026" in during_plp
    assert "Nominations from MPs closes in 4 days 21 hours, at 09:00 on 13 January" in during_plp  # its stage, and its end
    between = client.get("/?as_of=2026-01-14T12:00:00Z").get_data(as_text=True)
    assert "Between stages: Nominations from CLPs or affiliates opens in" in between
    later = client.get("/?as_of=2026-03-01T12:00:00Z").get_data(as_text=True)
    assert "Nominations closed" in later


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
