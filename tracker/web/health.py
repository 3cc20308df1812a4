"""Is the database there? `/healthz` asks it (at most once a second per process); `/livez` asks nothing."""
from __future__ import annotations

import threading
import time

from flask import current_app

from tracker.extensions import db

#: Seconds one answer from the database serves a process's health checks.
CHECK_EVERY = 1.0

_lock = threading.Lock()
#: Per database URL: (checked at, on time.monotonic(); reachable then).
_last: dict[str, tuple[float, bool]] = {}


def database_reachable() -> bool:
    """True when `SELECT 1` succeeded within the last CHECK_EVERY seconds (asking again when it is older)."""
    key = str(db.engine.url)
    now = time.monotonic()
    with _lock:
        seen = _last.get(key)
        if seen and now - seen[0] < CHECK_EVERY:
            return seen[1]
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        reachable = True
    except Exception:  # any failure to reach the database is the answer
        current_app.logger.warning("health check: the database is unreachable", exc_info=True)
        reachable = False
    with _lock:
        _last[key] = (time.monotonic(), reachable)
    return reachable


def forget() -> None:
    """Drop the remembered answers (tests that stop and start a database)."""
    with _lock:
        _last.clear()
