"""Two app processes (two gunicorn servers, as on two machines) on one PostgreSQL database and one Redis: a
nomination written through one is read through the other within PUBLIC_BASIS_TTL, cache and all."""
from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import CI, PASSWORD
from tests.faults.cluster import free_port
from tests.faults.world import nominate_path, nomination_form, open_contest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/15"
TTL = 1.0
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as error:
        if CI:
            raise
        pytest.skip(f"Redis unavailable: {error}")


def serve(url: str):
    """A gunicorn process of its own serving the app on a free port; (process, base URL)."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": REDIS_URL, "SECRET_KEY": "two-processes",
           "PUBLIC_CACHE": "1", "PUBLIC_BASIS_TTL": str(TTL)}
    command = [str(BIN / "gunicorn"), "--config", str(ROOT / "benchmarks" / "gunicorn.bench.conf.py"),
               "--workers", "1", "--threads", "4", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
               "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/livez", timeout=2):
                return process, base
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.2)


def stop(process) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def read(base: str, path: str) -> str:
    with urllib.request.urlopen(base + path, timeout=10) as answer:
        return answer.read().decode()


@pytest.mark.postgresql_only
def test_a_nomination_written_through_one_process_is_read_through_the_other_within_the_basis_ttl(
    app_factory, database_urls
):
    redis_or_skip()
    app = app_factory()
    with app.app_context():
        world = open_contest()
    url = database_urls["postgresql"]
    writer, write_base = serve(url)
    try:
        reader, read_base = serve(url)
        try:
            page = "/bodies/CLP001/nominations.csv"
            assert "Sam Carter" not in read(read_base, page)  # cached now, in the reader and in Redis

            browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            token = TOKEN.search(browser.open(write_base + "/login", timeout=10).read().decode()).group(1)
            form = {"email": "sec1@example.org", "password": PASSWORD, "csrf_token": token}
            with browser.open(write_base + "/login", data=urlencode(form).encode(), timeout=10) as answer:
                token = TOKEN.search(answer.read().decode()).group(1)  # logging in starts a new session
            with browser.open(write_base + nominate_path(world),
                              data=urlencode({**nomination_form(world), "csrf_token": token}).encode(),
                              timeout=10) as answer:
                assert answer.geturl().endswith("/secretary/") and "logged;" in answer.read().decode()
            written = time.monotonic()

            while "Sam Carter" not in read(read_base, page):
                assert time.monotonic() - written <= TTL + 0.5, "the other process still shows the old page"
                time.sleep(0.05)
        finally:
            stop(reader)
    finally:
        stop(writer)
