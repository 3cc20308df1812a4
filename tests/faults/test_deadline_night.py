"""Deadline night: many secretaries of different CLPs nominate at the same moment, through two app instances
(as two gunicorn workers would) on one database. On SQLite writes queue for the lock instead of failing with
"database is locked": every nomination is accepted, stored once and audited once."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from tests.faults.world import login, nominate_path, nomination_form, open_contest
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.nominations.models import Nomination

APPS = 2
THREADS = 8


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
