"""gunicorn's threaded worker, with connections shared out evenly between the workers.

Every gunicorn worker waits on the one listening socket, and Linux wakes them in an order that favours the worker
busiest at the time (the last to have gone back to waiting). When many clients connect at once, as secretaries'
browsers or a proxy's kept-alive connections do on deadline night, one worker can take nearly all of them (40 of
40 was measured) and then serve them all on one core while the others stand idle. A kept-alive connection stays
with the worker that accepted it, so the imbalance lasts as long as the connections do.

`BalancedThreadWorker` is the worker class in gunicorn.conf.py. Its workers publish how many connections each
holds, in memory shared through the master; a worker that holds more than one of its siblings leaves a new
connection to the others for a few milliseconds (every worker is woken for it, and the one holding fewest takes
it), and takes it itself only if none has meanwhile.

This module is imported by gunicorn's master before it starts the workers (so they all share the same memory),
and imports nothing of the app.
"""
from __future__ import annotations

import multiprocessing
import os
import select
import time
from collections.abc import Iterable

from gunicorn.workers.gthread import ThreadWorker

#: Seconds a worker holding more connections than a sibling leaves a new one to the others, at most.
HAND_OVER_WAIT = 0.005
#: How often, within that time, it looks whether a sibling has taken the connection.
HAND_OVER_LOOK = 0.0005
#: Workers that can publish their share at once (gunicorn's master runs far fewer).
SLOTS = 64

#: Shared by the master's workers, which inherit them when forked: each worker's pid (0: a free slot) and how many
#: connections it holds.
_pids = multiprocessing.RawArray("i", SLOTS)
_held = multiprocessing.RawArray("i", SLOTS)
_claiming = multiprocessing.Lock()


def should_hand_over(held: int, siblings_held: Iterable[int]) -> bool:
    """Whether a worker holding `held` connections should leave the next one to its siblings (holding
    `siblings_held` each): only if one of them holds fewer."""
    return any(other < held for other in siblings_held)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _waiting_connection(listener) -> bool:
    """Whether a connection waits on the listening socket to be accepted (without waiting for one)."""
    poll = select.poll()
    poll.register(listener, select.POLLIN)
    return bool(poll.poll(0))


def release(pid: int) -> None:
    """Free the slot of worker `pid`, which has exited. A worker frees its own as it exits, but one killed cannot;
    the master calls this for each worker it reaps (`child_exit` below), so that no slot outlives its worker, not
    even one whose pid the system has since given to another process."""
    for slot in range(SLOTS):
        if _pids[slot] == pid:
            _held[slot], _pids[slot] = 0, 0


def child_exit(server, worker) -> None:
    """gunicorn's hook, run in the master when a worker has exited; a gunicorn configuration using
    BalancedThreadWorker imports it (`from tracker.serving import child_exit`)."""
    release(worker.pid)


class BalancedThreadWorker(ThreadWorker):
    """gthread, except that a worker holding more connections than a sibling lets the others accept first."""

    slot: int | None = None

    def run(self) -> None:
        """Serve until the worker exits, its share published from when it starts accepting (the app loaded)."""
        self.slot = self._claim_slot()
        try:
            super().run()
        finally:
            if self.slot is not None:
                _pids[self.slot] = 0

    def _claim_slot(self) -> int | None:
        """A slot of the shared table for this worker: a free one, or one whose worker has died."""
        with _claiming:
            for slot in range(SLOTS):
                pid = _pids[slot]
                if pid == 0 or (pid != self.pid and not _alive(pid)):
                    _pids[slot], _held[slot] = self.pid, 0
                    return slot
        return None  # more workers than slots: this one accepts as gunicorn's own worker does

    def _sibling_slots(self) -> list[int]:
        """The slots of the other workers alive now (a killed worker's slot is freed by the master as it reaps it)."""
        return [slot for slot in range(SLOTS) if _pids[slot] not in (0, self.pid) and _alive(_pids[slot])]

    def notify(self) -> None:
        """Called by the worker's loop at each turn: also publishes how many connections it holds."""
        super().notify()
        if self.slot is not None:
            _held[self.slot] = self.nr_conns

    def accept(self, server, listener) -> None:
        if self.slot is not None:
            _held[self.slot] = self.nr_conns
            siblings = self._sibling_slots()
            deadline = time.monotonic() + HAND_OVER_WAIT
            while should_hand_over(self.nr_conns, [_held[slot] for slot in siblings]):
                if not _waiting_connection(listener):
                    return  # a sibling has taken it
                if time.monotonic() >= deadline:
                    break  # none has: take it here
                time.sleep(HAND_OVER_LOOK)
        super().accept(server, listener)
        if self.slot is not None:
            _held[self.slot] = self.nr_conns
