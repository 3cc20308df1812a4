"""gunicorn's workers share the connections out: when many clients connect at once, as secretaries do on deadline
night, each worker of the production worker class (tracker.serving) takes its share, rather than one worker
taking nearly all of them and serving them on one core while the others stand idle."""
from __future__ import annotations

import http.client
import threading
from urllib.parse import urlsplit

import pytest

from tests.faults.server import connections_held, serve, stop
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
        stop(server)
