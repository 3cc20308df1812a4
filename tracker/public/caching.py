"""Conditional public responses: an ETag that changes whenever a fact behind the page could have, and a cache
of rendered bodies keyed by it.

What a public page shows is a function of three things, and the ETag is built from all three:

* the recorded facts — every change writes an audit event in the same transaction, so the latest audit id
  (with the number of recent events, which also moves when a transaction that took an earlier id commits
  late) changes whenever a fact does;
* the moment — a stage closes, a dated nomination or suspension takes effect, with nothing written. A page
  reports the moments at which its content can change (``Built.moments``); the ETag includes how many of
  them have passed, and, for pages with a countdown, the current minute;
* the request — the endpoint, its arguments and the query parameters that matter (``as_of`` fixes the
  moment instead of the clock).

Rendered bodies are kept in process (a small LRU), or in Redis when REDIS_URL is set so that every worker
shares them. Logged-in users, and anyone with a message waiting, get a fresh private page.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask import Flask, Response, current_app, request, session
from flask_login import current_user
from sqlalchemy import func, select

from tracker import types as clock
from tracker.audit.models import AuditEvent
from tracker.extensions import db

log = logging.getLogger(__name__)

#: Bump when the shape of any cached page changes, so that old ETags and bodies are not reused.
VERSION = "1"
#: Seconds a shared cache or browser may reuse a public response without asking again.
MAX_AGE = 60
#: Seconds a rendered body stays in the cache (a backstop: the ETag already changes with every fact).
BODY_TTL = 300
#: How far below the latest audit id a late-committing transaction's events are still noticed.
RECENT_WINDOW = 1000


@dataclass
class Built:
    """A rendered public response and the moments at which its content can change with nothing written."""

    body: str
    mimetype: str = "text/html"
    moments: Iterable[datetime] = ()
    #: Seconds of clock resolution the content shows (60 for a countdown in minutes), or None.
    granularity: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200


# --- the stores ----------------------------------------------------------------------------------------


class LocalCache:
    """A small thread-safe LRU with expiry, one per process."""

    def __init__(self, size: int = 512):
        self.size = size
        self.items: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            found = self.items.get(key)
            if found is None:
                return None
            expires, value = found
            if expires < time.monotonic():
                del self.items[key]
                return None
            self.items.move_to_end(key)
            return value

    def set(self, key: str, value, ttl: int) -> None:
        with self.lock:
            self.items[key] = (time.monotonic() + ttl, value)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


class RedisCache:
    """The same interface over Redis, shared by every worker; values are JSON. Errors mean a miss."""

    def __init__(self, url: str, prefix: str = "tracker:public:"):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.prefix = prefix
        self.errors = (redis.RedisError, OSError)

    def get(self, key: str):
        try:
            raw = self.client.get(self.prefix + key)
        except self.errors as error:
            log.warning("page cache unavailable: %s", error)
            return None
        return None if raw is None else json.loads(raw)

    def set(self, key: str, value, ttl: int) -> None:
        try:
            self.client.set(self.prefix + key, json.dumps(value), ex=ttl)
        except self.errors as error:
            log.warning("page cache unavailable: %s", error)

    def clear(self) -> None:
        try:
            for key in self.client.scan_iter(self.prefix + "*"):
                self.client.delete(key)
        except self.errors as error:
            log.warning("page cache unavailable: %s", error)


def make_store(app: Flask):
    """Redis when REDIS_URL is set, else in process; none when PUBLIC_CACHE is off (its default under
    TESTING, where factories change facts without writing audit events)."""
    if not app.config.get("PUBLIC_CACHE", not app.testing):
        return None
    return RedisCache(app.config["REDIS_URL"]) if app.config.get("REDIS_URL") else LocalCache()


def store():
    """This app's page cache, made on first use."""
    app = current_app._get_current_object()
    if "public_cache" not in app.extensions:
        app.extensions["public_cache"] = make_store(app)
    return app.extensions["public_cache"]


# --- the ETag --------------------------------------------------------------------------------------------


def fact_basis() -> str:
    """The state of the recorded facts, from the audit trail, in one query per request."""
    memo = request.environ
    if "tracker.fact_basis" not in memo:
        latest = select(func.max(AuditEvent.id)).scalar_subquery()
        recent = (
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.id > func.coalesce(latest, 0) - RECENT_WINDOW)
            .scalar_subquery()
        )
        top, count = db.session.execute(select(latest, recent)).one()
        memo["tracker.fact_basis"] = f"{top or 0}.{count or 0}"
    return memo["tracker.fact_basis"]


def time_token(now: datetime, moments: list[float], granularity: int | None) -> str:
    """Where `now` falls among the moments the content can change at (and in which minute, if it shows one)."""
    passed = bisect_right(moments, now.timestamp())
    return f"{passed}" if granularity is None else f"{passed}@{int(now.timestamp() // granularity)}"


def etag_for(key: tuple, basis: str, token: str) -> str:
    text = json.dumps([VERSION, list(key), basis, token], default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def personal() -> bool:
    """Whether this page would show something of the visitor's own (who is logged in, a flashed message)."""
    return bool(current_user.is_authenticated or session.get("_flashes"))


def respond(key: tuple, build: Callable[[datetime], Built], *, as_of: str | None = None, shared: bool = True) -> Response:
    """A public GET: 304 when the client holds the current version, the cached body when there is one, and
    otherwise `build(now)`, cached for the next visitor. `as_of`, when given, fixes the moment shown, so the
    clock plays no part. `shared=False` (pages showing the visitor's own state) skips the caches."""
    now = clock.utcnow()
    if not shared or personal():
        built = build(now)
        response = Response(built.body, status=built.status, mimetype=built.mimetype, headers=built.headers)
        response.headers["Cache-Control"] = "private, no-cache"
        return response
    cache = store()
    basis = fact_basis()
    timeline_key = "t:" + etag_for(key, basis, "timeline")
    timeline = cache.get(timeline_key) if cache else None
    built = None
    if timeline is None:
        built = build(now)
        timeline = [sorted({m.timestamp() for m in built.moments}), built.granularity]
        if cache and built.status == 200:
            cache.set(timeline_key, timeline, BODY_TTL)
    token = f"as_of={as_of}" if as_of else time_token(now, timeline[0], timeline[1])
    etag = etag_for(key, basis, token)
    # Weak: two renderings within one version may differ in the seconds of a countdown or an as_of stamp.
    headers = {"ETag": f'W/"{etag}"', "Cache-Control": f"public, max-age={MAX_AGE}"}
    if request.if_none_match.contains_weak(etag):
        return Response(status=304, headers=headers)
    cached = cache.get("b:" + etag) if cache and built is None else None
    if cached is not None:
        body, mimetype, extra = cached
        return Response(body, mimetype=mimetype, headers={**extra, **headers})
    built = built or build(now)
    if cache and built.status == 200:
        cache.set("b:" + etag, [built.body, built.mimetype, built.headers], BODY_TTL)
    return Response(built.body, status=built.status, mimetype=built.mimetype, headers={**built.headers, **headers})
