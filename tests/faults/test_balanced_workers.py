"""gunicorn's workers share the connections out: when many clients connect at once, as secretaries do on deadline
night, each worker of the production worker class (tracker.serving) takes its share, rather than one worker
taking nearly all of them and serving them on one core while the others stand idle."""
from __future__ import annotations

import http.client
import os
import re
import runpy
import subprocess
import threading
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.faults.server import serve
from tests.processes import BIN, ROOT, children, connections_held, free_port, stop_gunicorn
from tracker import serving
from tracker.serving import should_hand_over

CLIENTS = 40
WORKERS = 2


@pytest.mark.parametrize(("held", "siblings", "expected"), [
    (0, [], False),             # no sibling: take it
    (5, [5], False),            # as many as the sibling: take it
    (6, [5], True),             # one more than a sibling: leave it to the sibling first
    (6, [9, 5], True),          # one sibling of several holds fewer
    (3, [9, 4, 3], False),      # none holds fewer
])
def test_a_worker_leaves_a_new_connection_to_a_sibling_only_when_one_holds_fewer(held, siblings, expected):
    assert should_hand_over(held, siblings) is expected


def test_the_master_frees_the_share_of_a_worker_it_reaps_even_one_killed():
    """A worker killed cannot free its slot itself; gunicorn's master calls child_exit for it, and the slot is free
    again at once, for a new worker, and is no longer counted as a sibling by the others."""
    class Reaped:  # what gunicorn passes to child_exit: the worker object, of which only the pid is read
        pid = 2_000_001

    slot = serving._pids[:].index(0)
    serving._pids[slot], serving._held[slot] = Reaped.pid, 7
    try:
        serving.child_exit(None, Reaped())
        assert serving._pids[slot] == 0 and serving._held[slot] == 0
        assert Reaped.pid not in serving._pids[:]
    finally:
        serving.release(Reaped.pid)


@pytest.mark.parametrize("conf", ["gunicorn.conf.py", "benchmarks/gunicorn.bench.conf.py"])
def test_both_gunicorn_configurations_give_the_master_the_hook(conf):
    """gunicorn takes a configuration file's settings by name, validating each (a hook must take the server and the
    worker): the master's child_exit is serving's, in production and in the benchmarks and fault tests alike."""
    from gunicorn.config import Config

    config = Config()
    for name, value in runpy.run_path(str(ROOT / conf)).items():
        if name in config.settings:
            config.set(name, value)
    assert config.child_exit is serving.child_exit


def test_forty_clients_connecting_at_once_are_shared_evenly_between_two_workers(first_backend, app_factory,
                                                                                  database_urls):
    app_factory()  # the database migrated
    server, base = serve(database_urls[first_backend], workers=WORKERS)
    port = urlsplit(base).port
    connections: list[http.client.HTTPConnection] = []
    failures: list[BaseException] = []
    start = threading.Barrier(CLIENTS)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connections.append(connection)
        start.wait(timeout=30)
        try:  # a page, on a connection kept alive afterwards
            connection.request("GET", "/login")
            assert connection.getresponse().read()
        except BaseException as error:
            failures.append(error)

    try:
        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not failures
        held = connections_held(server.pid, port)
        assert len(held) == WORKERS and sum(held.values()) == CLIENTS, held
        # Each worker within two of an even share (gunicorn's own gthread workers: 37 and 3, or 40 and 0).
        assert all(abs(count - CLIENTS // WORKERS) <= 2 for count in held.values()), held
    finally:
        for connection in connections:
            connection.close()
        stop_gunicorn(server)


def test_the_production_gunicorn_conf_serves_with_the_balanced_workers_and_logs_each_request(
    first_backend, app_factory, database_urls
):
    """`gunicorn wsgi:app` from the repository root, as the README says to run it, reads gunicorn.conf.py."""
    app_factory()  # the database migrated
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_urls[first_backend], "SECRET_KEY": "production-conf",
           "BIND": f"127.0.0.1:{port}", "WEB_WORKERS": "2", "WEB_THREADS": "2"}
    env.pop("REDIS_URL", None)
    process = subprocess.Popen([str(BIN / "gunicorn"), "wsgi:app"], cwd=ROOT, env=env, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not (answered := read_or_none(f"http://127.0.0.1:{port}/livez")):
            assert time.monotonic() < deadline and process.poll() is None, "gunicorn did not start"
            time.sleep(0.2)
        assert answered == "ok"
        assert len(children(process.pid)) == 2
    finally:
        stop_gunicorn(process)
    logged, errors = process.communicate(timeout=15)
    assert "Using worker: tracker.serving.BalancedThreadWorker" in errors
    assert re.search(r'"GET /livez HTTP/1\.1" 200 \d+ "-" "[^"]*" \d+ms', logged), logged  # the access log, timed


def read_or_none(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.read().decode().strip()
    except OSError:
        return None
