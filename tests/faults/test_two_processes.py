"""Two app processes (two gunicorn servers, as on two machines) on one PostgreSQL database and one Redis: a
nomination written through one is read through the other within PUBLIC_BASIS_TTL, cache and all."""
from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest

from tests.conftest import CI
from tests.faults.server import log_in, read, serve
from tests.faults.world import nominate_path, nomination_form, open_contest
from tests.processes import stop_gunicorn

REDIS_URL = "redis://127.0.0.1:6379/15"
TTL = 1.0


def redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as error:
        if CI:
            raise
        pytest.skip(f"Redis unavailable: {error}")


def serve_cached(url: str):
    """A gunicorn server of its own, caching public pages in Redis for up to TTL seconds."""
    return serve(url, REDIS_URL=REDIS_URL, PUBLIC_CACHE="1", PUBLIC_BASIS_TTL=str(TTL))


@pytest.mark.postgresql_only
def test_a_nomination_written_through_one_process_is_read_through_the_other_within_the_basis_ttl(
    app_factory, database_urls
):
    redis_or_skip()
    app = app_factory()
    with app.app_context():
        world = open_contest()
    url = database_urls["postgresql"]
    writer, write_base = serve_cached(url)
    try:
        reader, read_base = serve_cached(url)
        try:
            page = "/bodies/CLP001/nominations.csv"
            assert "Sam Carter" not in read(read_base, page)  # cached now, in the reader and in Redis

            browser, token = log_in(write_base)
            with browser.open(write_base + nominate_path(world),
                              data=urlencode({**nomination_form(world), "csrf_token": token}).encode(),
                              timeout=10) as answer:
                assert answer.geturl().endswith("/secretary/") and "logged;" in answer.read().decode()
            written = time.monotonic()

            while "Sam Carter" not in read(read_base, page):
                assert time.monotonic() - written <= TTL + 0.5, "the other process still shows the old page"
                time.sleep(0.05)
        finally:
            stop_gunicorn(reader)
    finally:
        stop_gunicorn(writer)
