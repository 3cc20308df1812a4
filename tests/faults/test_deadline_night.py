"""Deadline night: many secretaries of different CLPs nominate at the same moment, through two app instances in
one process and through two real gunicorn worker processes, on one database. On SQLite writes queue for the lock instead of failing with
"database is locked": every nomination is accepted, stored once and audited once."""
from __future__ import annotations

import threading
from urllib.parse import urlencode

from sqlalchemy import func, select

from tests.faults.server import log_in, serve
from tests.faults.world import login, nominate_path, nomination_form, open_contest
from tests.processes import stop_gunicorn
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.nominations.models import Nomination

APPS = 2
THREADS = 8
#: Secretaries submitting at the same moment through real gunicorn workers: twice as many as there are threads.
SECRETARIES = 2 * APPS * THREADS


def test_simultaneous_nominations_through_two_workers_are_all_accepted_stored_and_audited_once(app_factory):
    apps = [app_factory() for _ in range(APPS)]
    with apps[0].app_context():
        world = open_contest(clps=APPS * THREADS)
    clients = []
    for index in range(APPS * THREADS):
        client = apps[index % APPS].test_client()
        assert login(client, index).status_code == 302
        clients.append(client)
    start = threading.Barrier(len(clients))
    answers: dict[int, int | str] = {}

    def secretary(index: int) -> None:
        start.wait(timeout=30)
        try:
            answers[index] = clients[index].post(nominate_path(world, index), data=nomination_form(world)).status_code
        except Exception as error:  # a "database is locked" escapes the test client as an exception
            answers[index] = f"{type(error).__name__}: {error}"

    threads = [threading.Thread(target=secretary, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    refused = {index: answer for index, answer in answers.items() if answer != 302}
    assert refused == {}
    with apps[1].app_context():
        stored = db.session.scalars(select(Nomination.body_id)).all()
        audited = db.session.scalar(select(func.count()).where(AuditEvent.action == "nomination.create"))
    assert sorted(stored) == sorted(world["body_ids"])  # each accepted nomination stored once
    assert audited == len(clients)


def test_under_gunicorn_with_two_workers_of_eight_threads_every_simultaneous_nomination_is_accepted_once(
    app_factory, database_urls, backend
):
    """The README's production line on each database, SQLite included: two worker processes of eight threads,
    each process with its own write gate, contending for SQLite's one write lock through its busy handler."""
    app = app_factory()
    with app.app_context():
        world = open_contest(clps=SECRETARIES)
    server, base = serve(database_urls[backend], workers=APPS, threads=THREADS)
    try:
        browsers = [log_in(base, index) for index in range(SECRETARIES)]
        start = threading.Barrier(SECRETARIES)
        answers: dict[int, object] = {}

        def secretary(index: int) -> None:
            browser, token = browsers[index]
            sent = urlencode({**nomination_form(world), "csrf_token": token}).encode()
            start.wait(timeout=30)
            try:  # the redirect after an accepted nomination is followed to the secretary's page
                with browser.open(base + nominate_path(world, index), data=sent, timeout=60) as answer:
                    answers[index] = answer.geturl().endswith("/secretary/") and "logged;" in answer.read().decode()
            except Exception as error:  # an HTTP error or a dropped connection: refused or lost
                answers[index] = f"{type(error).__name__}: {error}"

        threads = [threading.Thread(target=secretary, args=(i,)) for i in range(SECRETARIES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
        assert not any(thread.is_alive() for thread in threads)
        assert {index: answer for index, answer in answers.items() if answer is not True} == {}
        assert len(answers) == SECRETARIES
    finally:
        stop_gunicorn(server)
    with app.app_context():
        stored = db.session.scalars(select(Nomination.body_id)).all()
        audited = db.session.scalar(select(func.count()).where(AuditEvent.action == "nomination.create"))
    assert sorted(stored) == sorted(world["body_ids"])  # each stored once
    assert audited == SECRETARIES
