"""A gunicorn worker killed (SIGKILL, as the kernel's OOM killer would) in the middle of a request that writes a
nomination: the nomination is written in one transaction, audit event and all, so nothing of it is stored; the
master starts a new worker, and the same secretary's resubmitted nomination is stored and audited exactly once,
on an audit chain that is still whole.

To kill the worker at a known point, the test holds the audit chain's advisory lock (CHAIN_LOCK) from a
connection of its own: the request's transaction then waits for it at its commit, its nomination written but not
committed, until the worker is killed."""
from __future__ import annotations

import os
import signal
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import psycopg
import pytest

from tests.faults.server import TOKEN, log_in, serve
from tests.faults.world import nominate_path, nomination_form, open_contest
from tests.processes import answers, children, stop_gunicorn
from tracker.audit.chain import CHAIN_LOCK

#: The backends of the test's database waiting for an advisory lock.
WAITING = """SELECT pid FROM pg_stat_activity WHERE datname = current_database()
             AND wait_event_type = 'Lock' AND wait_event = 'advisory'"""
#: Whether a backend has inserted into the nomination table in its transaction (and not yet ended it).
WROTE = """SELECT 1 FROM pg_locks WHERE pid = %s AND relation = 'nomination'::regclass AND mode = 'RowExclusiveLock'"""
#: Other client backends of the database doing anything but waiting, idle, for a query, or the one named.
BUSY = """SELECT pid, state, wait_event FROM pg_stat_activity WHERE datname = current_database()
          AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND (state <> 'idle' OR pid = %s)"""
#: The nominations stored, and the audit events recording one.
STORED = """SELECT (SELECT count(*) FROM nomination),
                   (SELECT count(*) FROM audit_event WHERE action = 'nomination.create')"""


def until(found, what: str, timeout: float = 30.0):
    """Poll `found()` until it gives something true, and give that; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (value := found()):
        assert time.monotonic() < deadline, f"gave up waiting, after {timeout} s, until {what}"
        time.sleep(0.05)
    return value


@pytest.mark.postgresql_only
def test_a_worker_killed_while_its_nomination_waits_to_commit_leaves_nothing_and_the_resubmission_is_stored_once(
    app_factory, database_urls
):
    app = app_factory()
    with app.app_context():
        world = open_contest()
    url = database_urls["postgresql"]
    server, base = serve(url)
    lock = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True)
    try:
        browser, _ = log_in(base)
        form = browser.open(base + nominate_path(world), timeout=10).read().decode()
        sent = urlencode({**nomination_form(world), "csrf_token": TOKEN.search(form).group(1)}).encode()
        (worker,) = children(server.pid)

        lock.execute("SELECT pg_advisory_lock(%s)", (CHAIN_LOCK,))
        outcome: dict = {}

        def submit() -> None:
            try:
                with browser.open(base + nominate_path(world), data=sent, timeout=60) as answer:
                    outcome["answer"] = (answer.status, answer.geturl())
            except Exception as error:  # what the client saw is judged below
                outcome["error"] = error

        client = threading.Thread(target=submit, daemon=True)
        client.start()
        until(lambda: not client.is_alive() or lock.execute(WAITING).fetchall(),
              "the nomination's transaction waits for the chain's lock")
        assert client.is_alive(), f"the request ended without waiting for the chain's lock: {outcome}"
        ((pid,),) = lock.execute(WAITING).fetchall()
        assert lock.execute(WROTE, (pid,)).fetchall(), "the waiting transaction has not written its nomination"

        os.kill(worker, signal.SIGKILL)
        client.join(timeout=30)
        assert not client.is_alive(), "the client still waits for an answer from the killed worker"
        error = outcome.get("error")
        assert isinstance(error, OSError) and not isinstance(error, urllib.error.HTTPError), outcome

        # Its backend still waits for the lock: PostgreSQL notices the closed connection only when it next answers
        # the client, and then rolls the transaction back (audit event, nomination and all).
        lock.execute("SELECT pg_advisory_unlock(%s)", (CHAIN_LOCK,))
        until(lambda: not lock.execute(BUSY, (pid,)).fetchall(),
              "PostgreSQL has ended the dead worker's transaction")
        assert lock.execute(STORED).fetchone() == (0, 0), "a nomination of the killed request was stored"

        until(lambda: answers(base), "a new worker answers /livez")
        (replacement,) = children(server.pid)
        assert replacement != worker

        # The browser resends the same form, with the same session cookie and CSRF token: it is still logged in,
        # and is redirected (302) to its nominations.
        with browser.open(base + nominate_path(world), data=sent, timeout=10) as answer:
            assert answer.geturl().endswith("/secretary/") and "logged;" in answer.read().decode()
        assert lock.execute(STORED).fetchone() == (1, 1)

        with app.app_context():
            verified = app.test_cli_runner().invoke(args=["verify-audit"])
        assert verified.exit_code == 0 and "every one fits the chain" in verified.output, verified.output
    finally:
        lock.close()  # ends its session, and with it any advisory lock still held
        stop_gunicorn(server)
