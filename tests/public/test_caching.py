"""ETag and Cache-Control on public pages and the API: 304 while nothing behind the page has changed, a new
ETag as soon as a fact changes or the clock passes a moment that matters."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import T0, create_election
from tests.public.worlds import DURING_PLP, DURING_SUPPORTING, leader_world
from tracker.extensions import db

PAGES = [
    "/",
    "/contests.csv",
    "/elections/leadership-2026",
    "/elections/leadership-2026/feed.atom",
    "/elections/leadership-2026/contests/leader",
    "/elections/leadership-2026/contests/leader/stages/plp",
    "/elections/leadership-2026/contests/leader/stages/supporting?as_of=2026-01-20T12:00",
    "/elections/leadership-2026/contests/leader/stages/ballot",
    "/elections/leadership-2026/contests/leader/stages/result",
    "/elections/leadership-2026/contests/leader/stages/plp/progress.csv",
    "/elections/leadership-2026/contests/leader/feed.atom",
    "/candidates/sam-carter",
    "/bodies/CLP0",
    "/bodies?q=clp",
    "/api/v1/elections",
    "/api/v1/elections/leadership-2026/contests/leader/ballot",
    "/api/v1/elections/leadership-2026/contests/leader/nominations",
    "/api/v1/candidates/sam-carter",
]


@pytest.fixture
def world(app):
    found = leader_world()
    db.session.commit()
    return found


@pytest.mark.parametrize("url", PAGES)
def test_public_responses_carry_an_etag_and_a_short_public_max_age(client, clock, world, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["ETag"].startswith('W/"')
    assert response.headers["Cache-Control"] == "public, max-age=60"
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == response.headers["ETag"]


def test_a_stale_etag_gets_the_full_page(client, clock, world):
    response = client.get(world.url, headers={"If-None-Match": 'W/"not-the-current-one"'})
    assert response.status_code == 200 and b"Leader" in response.data


def test_the_etag_changes_when_a_nomination_is_recorded(client, clock, world):
    from tracker.nominations.operations import add_nomination

    before = client.get(world.url).headers["ETag"]
    add_nomination(world.contest, world.candidates["Alex Zed"], world.mps[29], T0 + timedelta(days=2),
                   status="verified", now=DURING_PLP)
    db.session.commit()
    response = client.get(world.url, headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response.headers["ETag"] != before


def test_the_etag_changes_when_a_suspension_is_recorded(client, clock, world):
    from tracker.suspensions.operations import add_suspension

    url = "/candidates/sam-carter"
    before = client.get(url).headers["ETag"]
    add_suspension(world.candidates["Sam Carter"].person, T0 + timedelta(days=2), reason="under investigation")
    db.session.commit()
    response = client.get(url, headers={"If-None-Match": before})
    assert response.status_code == 200 and b"under investigation" in response.data


def test_the_etag_changes_when_a_stage_closes_with_nothing_written(client, clock, world):
    """The verdict moves at the close of the MP stage although no row changes: the ETag must move too."""
    url = "/api/v1/elections/leadership-2026/contests/leader/ballot"
    plp_closes = world.contest.stages[0].closes_at
    clock.set(plp_closes - timedelta(seconds=1))
    before = client.get(url)
    clock.set(plp_closes)
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert before.get_json()["candidates"] != after.get_json()["candidates"]


def test_the_etag_changes_when_a_dated_suspension_takes_effect(client, clock, world):
    """Kim Adams's suspension starts on T0 + 15 days: the page changes then, with no write."""
    url = "/candidates/kim-adams"
    starts = T0 + timedelta(days=15)
    clock.set(starts - timedelta(seconds=1))
    before = client.get(url)
    clock.set(starts)
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and b"suspended" in after.data


def test_a_countdown_days_away_changes_the_page_each_hour(client, clock, world):
    clock.set(world.contest.stages[0].closes_at - timedelta(days=2, minutes=30))  # "closes in 2 days"
    first = client.get(world.url)
    assert b"Closes in 2 days," in first.data
    clock.set(clock.now + timedelta(minutes=20))
    assert client.get(world.url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    clock.set(clock.now + timedelta(minutes=20))  # now "1 day 23 hours"
    later = client.get(world.url, headers={"If-None-Match": first.headers["ETag"]})
    assert later.status_code == 200 and b"Closes in 1 day 23 hours" in later.data


def test_a_countdown_within_a_day_changes_the_page_each_minute(client, clock, world):
    clock.set(world.contest.stages[0].closes_at - timedelta(hours=3, seconds=30))
    first = client.get(world.url)
    assert b"Closes in 3 hours," in first.data
    clock.set(clock.now + timedelta(seconds=20))
    assert client.get(world.url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    clock.set(clock.now + timedelta(seconds=20))
    later = client.get(world.url, headers={"If-None-Match": first.headers["ETag"]})
    assert later.status_code == 200 and b"Closes in 2 hours 59 minutes" in later.data


def test_a_page_as_of_a_fixed_moment_ignores_the_clock(client, clock, world):
    url = world.url + "?as_of=2026-01-09T12:00"
    first = client.get(url).headers["ETag"]
    clock.set(DURING_SUPPORTING)
    assert client.get(url, headers={"If-None-Match": first}).status_code == 304


def test_a_projection_is_not_served_once_its_moment_has_passed(client, clock, world):
    url = world.url + "?as_of=2026-01-10T12:00"
    first = client.get(url)
    assert "Projected for" in first.get_data(as_text=True)
    clock.set(DURING_SUPPORTING)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and "Projected for" not in again.get_data(as_text=True)


def test_different_as_of_moments_have_different_etags(client, clock, world):
    assert client.get(world.url + "?as_of=2026-01-10").headers["ETag"] != client.get(
        world.url + "?as_of=2026-01-11").headers["ETag"]


def test_logged_in_visitors_get_a_private_page(client, clock, world, create_user, auth):
    create_user()
    auth.login()
    response = client.get(world.url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "ETag" not in response.headers
    assert b"admin@example.org" in response.data


# --- the rendered-body cache -----------------------------------------------------------------------------


@pytest.fixture
def cached_app(app_factory):
    app = app_factory(PUBLIC_CACHE=True)
    with app.app_context():
        yield app


def test_a_cached_page_costs_one_query_and_a_recorded_change_is_seen_at_once(cached_app, clock, count_queries):
    from tracker.nominations.operations import add_nomination

    world = leader_world()
    db.session.commit()
    client = cached_app.test_client()
    url = world.url
    first = client.get(url)
    with count_queries() as counter:
        second = client.get(url)
    assert second.data == first.data
    assert counter.count == 1, counter.statements  # the audit trail's position, nothing else
    add_nomination(world.contest, world.candidates["Alex Zed"], world.mps[29], T0 + timedelta(days=2),
                   status="verified", now=DURING_PLP)
    db.session.commit()
    third = client.get(world.url)
    assert third.headers["ETag"] != first.headers["ETag"]
    assert b"Nominated by 2 bodies" in third.data


def test_the_cache_is_never_used_for_a_logged_in_visitor(cached_app, clock, create_user):
    from tests.conftest import PASSWORD

    world = leader_world()
    db.session.commit()
    url = world.url  # read before a request's commit expires the world's rows
    client = cached_app.test_client()
    client.get(url)  # cached for anonymous visitors
    create_user()
    client.post("/login", data={"email": "admin@example.org", "password": PASSWORD})
    assert b"admin@example.org" in client.get(url).data
    assert b"admin@example.org" not in cached_app.test_client().get(url).data


def test_redis_shares_the_cache_between_workers(app_factory, clock, count_queries):
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError as error:
        from tests.conftest import CI

        if CI:
            raise
        pytest.skip(f"Redis unavailable: {error}")
    one = app_factory(PUBLIC_CACHE=True, REDIS_URL=url)
    two = app_factory(PUBLIC_CACHE=True, REDIS_URL=url)
    with one.app_context():
        from tracker.web.caching import TieredCache, store

        assert isinstance(store(), TieredCache)
        store().clear()
        world = leader_world()
        db.session.commit()
        url = world.url  # read before a request's commit expires the world's rows
        first = one.test_client().get(url)
    with two.app_context():
        with count_queries() as counter:
            second = two.test_client().get(url)
        assert second.data == first.data and second.headers["ETag"] == first.headers["ETag"]
        assert counter.count == 1  # the audit basis: the page itself came from Redis
        store().clear()


def test_large_bodies_are_gzipped_for_clients_that_take_gzip(cached_app, clock):
    import gzip

    world = leader_world()
    db.session.commit()
    url = world.url  # read before a request's commit expires the world's rows
    client = cached_app.test_client()
    plain = client.get(url)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert {"Cookie", "Accept-Encoding"} <= set(zipped.headers["Vary"].replace(" ", "").split(","))
    assert zipped.headers["ETag"] == plain.headers["ETag"]


def test_the_audit_trail_is_read_once_a_moment_but_this_processs_writes_show_at_once(app_factory, clock,
                                                                                     count_queries):
    from tracker.nominations.operations import add_nomination

    app = app_factory(PUBLIC_CACHE=True, PUBLIC_BASIS_TTL=60)
    with app.app_context():
        world = leader_world()
        db.session.commit()
        url = world.url  # read before a request's commit expires the world's rows
        client = app.test_client()
        first = client.get(url)
        with count_queries() as counter:
            assert client.get(url).data == first.data
        assert counter.count == 0
        add_nomination(world.contest, world.candidates["Alex Zed"], world.mps[29], T0 + timedelta(days=2),
                       status="verified", now=DURING_PLP)
        db.session.commit()
        assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_another_workers_write_shows_once_the_reading_is_older_than_the_ttl(app_factory, clock, monkeypatch):
    from sqlalchemy import insert

    from tracker.audit.chain import seal
    from tracker.audit.models import AuditEvent
    from tracker.web import caching

    seconds = [1000.0]
    monkeypatch.setattr(caching, "basis_clock", lambda: seconds[0])
    monkeypatch.setattr(caching, "_recent", {})  # no reading left from another test's clock
    app = app_factory(PUBLIC_CACHE=True, PUBLIC_BASIS_TTL=0.3)
    with app.app_context():
        world = leader_world()
        db.session.commit()
        url = world.url  # read before a request's commit expires the world's rows
        client = app.test_client()
        etag = client.get(url).headers["ETag"]
        with db.engine.begin() as conn:  # as another process would: not through this process's sessions
            conn.execute(insert(AuditEvent), seal(conn, [dict(at=clock.now, actor_label="elsewhere",
                                                              action="test.change", object_type="none", summary="",
                                                              public=False)]))
        seconds[0] += 0.2
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        seconds[0] += 0.15
        db.session.rollback()  # end the read transaction the test's shared session holds (a request would not)
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_this_processs_basis_moves_when_its_write_is_committed_not_when_a_savepoint_is_released(app):
    from tracker.audit.operations import record
    from tracker.vocabulary import AuditAction
    from tracker.web import caching

    election = create_election()
    db.session.commit()
    before = caching._generation[0]
    with db.session.begin_nested():  # what a view's `attempt` does around its operation
        record(AuditAction.ELECTION_UPDATE, election, summary="renamed")
    assert caching._generation[0] == before  # not committed yet: another request would still read the old facts
    db.session.commit()
    assert caching._generation[0] == before + 1
