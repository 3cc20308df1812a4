"""Conditional public responses: an ETag that changes whenever a fact behind the page could have, and a cache
of rendered bodies keyed by it.

What a public page shows is a function of three things, and the ETag is built from all three:

* the recorded facts — every change writes an audit event in the same transaction, so the latest audit id
  (with the number of recent events, which also moves when a transaction that took an earlier id commits
  late) changes whenever a fact does;
* the moment — a stage closes, a dated nomination or suspension takes effect, with nothing written. A page
  reports the moments at which its content can change (``Built.moments``); the ETag includes how many of
  them have passed, and, for pages with a countdown, what the countdown reads (to the hour while the moment
  is a day or more away, to the minute after);
* the request — the endpoint, its arguments and the query parameters that matter (``as_of`` fixes the
  moment instead of the clock).

Rendered bodies are kept in process (a small LRU) and, when REDIS_URL is set, in Redis too, so that every
worker shares them. Logged-in users, and anyone with a message waiting, get a fresh private page.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask import Flask, Response, current_app, request, session
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from tracker import types as clock
from tracker.audit.chain import SEALED  # events stored without a flush (PostgreSQL's audit_chain_append)
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.local_cache import LocalCache

log = logging.getLogger(__name__)

#: Bump when the shape of any cached page changes, so that old ETags and bodies are not reused.
VERSION = "1"
#: Seconds a shared cache or browser may reuse a public response without asking again.
MAX_AGE = 60
#: Seconds a rendered body stays in the cache (a backstop: the ETag already changes with every fact).
BODY_TTL = 300
#: Bodies at least this long are also kept gzipped, for clients that accept it (every browser).
GZIP_FROM = 1400
#: How far below the latest audit id a late-committing transaction's events are still noticed.
RECENT_WINDOW = 1000


@dataclass
class Built:
    """A rendered public response and the moments at which its content can change with nothing written."""

    body: str
    mimetype: str = "text/html"
    moments: Iterable[datetime] = ()
    #: Moments the page counts down to ("closes in 2 days 3 hours"): the text moves each hour while a
    #: moment is a day or more away, each minute after that.
    countdowns: Iterable[datetime] = ()
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200


def json_built(data, moments: Iterable[datetime] = ()) -> Built:
    """A JSON answer, compact and in UTF-8, built for the one conditional response."""
    return Built(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "application/json", moments)


# --- the stores ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CachedBody:
    """A rendered response as the caches keep it: encoded (and gzipped, when large) once, served as is."""

    body: bytes
    mimetype: str
    headers: dict[str, str]
    gzipped: bytes | None = None

    @classmethod
    def of(cls, body: bytes, mimetype: str, headers: dict[str, str]) -> CachedBody:
        return cls(body, mimetype, headers, gzip.compress(body, 6, mtime=0) if len(body) >= GZIP_FROM else None)


class RedisCache:
    """The same interface over Redis, shared by every worker. Values are JSON, or a rendered body behind a
    line of JSON (no pickle: nothing read back from Redis is executed). Errors mean a miss."""

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
        if raw is None:
            return None
        if raw[:1] == b"B":
            meta, _, rest = raw[1:].partition(b"\n")
            mimetype, headers, length = json.loads(meta)
            return CachedBody(rest[:length], mimetype, headers, rest[length:] or None)
        return json.loads(raw[1:])

    def set(self, key: str, value, ttl: int) -> None:
        if isinstance(value, CachedBody):
            meta = json.dumps([value.mimetype, value.headers, len(value.body)]).encode()
            raw = b"B" + meta + b"\n" + value.body + (value.gzipped or b"")
        else:
            raw = b"J" + json.dumps(value).encode()
        try:
            self.client.set(self.prefix + key, raw, ex=ttl)
        except self.errors as error:
            log.warning("page cache unavailable: %s", error)

    def clear(self) -> None:
        try:
            for key in self.client.scan_iter(self.prefix + "*"):
                self.client.delete(key)
        except self.errors as error:
            log.warning("page cache unavailable: %s", error)


class TieredCache:
    """Redis shared by every worker, with a small cache in process in front. Safe because every key names
    content that never changes (a body under its ETag, a timeline under its audit basis)."""

    def __init__(self, near: LocalCache, far: RedisCache):
        self.near, self.far = near, far

    def get(self, key: str):
        found = self.near.get(key)
        if found is None:
            found = self.far.get(key)
            if found is not None:
                self.near.set(key, found, BODY_TTL)
        return found

    def set(self, key: str, value, ttl: int) -> None:
        self.near.set(key, value, ttl)
        self.far.set(key, value, ttl)

    def clear(self) -> None:
        self.near.clear()
        self.far.clear()


def make_store(app: Flask):
    """Redis when REDIS_URL is set, else in process; none when PUBLIC_CACHE (config, or the environment
    variable: 0/false/no/off) is off, as it is by default under TESTING, where factories change facts
    without writing audit events."""
    setting = app.config.get("PUBLIC_CACHE")
    if setting is None:
        variable = os.environ.get("PUBLIC_CACHE", "").strip().lower()
        setting = variable not in ("0", "false", "no", "off") if variable else not app.testing
    if not setting:
        return None
    if app.config.get("REDIS_URL"):
        return TieredCache(LocalCache(), RedisCache(app.config["REDIS_URL"]))
    return LocalCache()


def store():
    """This app's page cache, made on first use."""
    app = current_app._get_current_object()
    if "public_cache" not in app.extensions:
        app.extensions["public_cache"] = make_store(app)
    return app.extensions["public_cache"]


# --- the ETag --------------------------------------------------------------------------------------------


#: The latest audit id, and how many events lie within RECENT_WINDOW of it (plain SQL: this runs on every
#: public request, and building the statement through the ORM would cost more than running it).
BASIS_SQL = (
    "SELECT (SELECT max(id) FROM audit_event), "
    f"(SELECT count(*) FROM audit_event WHERE id > COALESCE((SELECT max(id) FROM audit_event), 0) - {RECENT_WINDOW})"
)


#: Bumped whenever this process commits a transaction that wrote audit events.
_generation = [0]
#: Per database: (read at, generation then, basis), reused for PUBLIC_BASIS_TTL seconds.
_recent: dict[str, tuple[float, int, str]] = {}


@event.listens_for(OrmSession, "after_flush")
def _note_audit_writes(session, flush_context) -> None:
    if any(isinstance(obj, AuditEvent) for obj in session.new):
        session.info["wrote_audit"] = True


@event.listens_for(OrmSession, "after_commit")
def _forget_basis(session) -> None:
    # A savepoint released inside the request fires this too: only the outermost commit makes the write visible.
    if not session.in_nested_transaction() and (session.info.pop("wrote_audit", False) | bool(session.info.get(SEALED))):
        _generation[0] += 1


@event.listens_for(OrmSession, "after_rollback")
def _forget_note(session) -> None:
    if not session.in_nested_transaction():  # a savepoint undone leaves the outer transaction's writes standing
        session.info.pop("wrote_audit", None)


#: The clock the basis's age is read from (a test moves it instead of sleeping).
basis_clock = time.monotonic


def fact_basis() -> str:
    """The state of the recorded facts, from the audit trail: one query per request, or (with
    PUBLIC_BASIS_TTL > 0) one per process every so many seconds. A write committed by this process is
    seen at once; one committed by another worker within the TTL, well inside the pages' max-age."""
    memo = request.environ
    if "tracker.fact_basis" in memo:
        return memo["tracker.fact_basis"]
    ttl = basis_ttl()
    url = database_key()
    now = basis_clock()
    recent = _recent.get(url)
    if ttl and recent and now - recent[0] < ttl and recent[1] == _generation[0]:
        basis = recent[2]
    else:
        generation = _generation[0]
        top, count = db.session.connection().exec_driver_sql(BASIS_SQL).one()
        basis = f"{top or 0}.{count or 0}"
        _recent[url] = (now, generation, basis)
    memo["tracker.fact_basis"] = basis
    return basis


def database_key() -> str:
    """Which database this app reads (the basis is kept per database), rendered once per app."""
    extensions = current_app.extensions
    if "public_database_key" not in extensions:
        extensions["public_database_key"] = str(db.engine.url)
    return extensions["public_database_key"]


def basis_ttl() -> float:
    """PUBLIC_BASIS_TTL (config or environment): seconds one reading of the audit trail serves a process;
    default 1 second, and 0 (read on every request) under TESTING."""
    app = current_app._get_current_object()
    found = app.extensions.get("public_basis_ttl")
    if found is None:
        setting = app.config.get("PUBLIC_BASIS_TTL", os.environ.get("PUBLIC_BASIS_TTL"))
        found = float(setting) if setting not in (None, "") else (0.0 if app.testing else 1.0)
        app.extensions["public_basis_ttl"] = found
    return found


def time_token(now: datetime, moments: list[float], countdowns: list[float]) -> str:
    """Where `now` falls among the moments the content can change at, and what each countdown on the page
    reads (at the resolution times.duration_text shows it)."""
    at = now.timestamp()
    passed = bisect_right(moments, at)
    readings = [int((target - at) // (3600 if target - at >= 86400 else 60)) for target in countdowns if target > at]
    return f"{passed}@{','.join(map(str, readings))}"


def etag_for(key: tuple, basis: str, token: str) -> str:
    text = repr((VERSION, key, basis, token))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


#: Locks that let one thread build a page while others asking for it wait (striped: a fixed number).
_stripes = [threading.Lock() for _ in range(64)]


def _stripe(name: str) -> threading.Lock:
    return _stripes[hash(name) % len(_stripes)]


def personal() -> bool:
    """Whether this page would show something of the visitor's own (who is logged in, a flashed message).
    Without a session or remember-me cookie there can be neither, and nothing need be loaded to know it."""
    config = current_app.config
    cookies = request.cookies
    if config["SESSION_COOKIE_NAME"] not in cookies and config.get("REMEMBER_COOKIE_NAME", "remember_token") not in cookies:
        return False
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

    def etag_at(timeline) -> str:
        token = f"as_of={as_of}" if as_of else time_token(now, timeline[0], timeline[1])
        return etag_for(key, basis, token)

    def look() -> tuple[str | None, CachedBody | None]:
        timeline = cache.get(timeline_key) if cache else None
        etag = etag_at(timeline) if timeline is not None else None
        return etag, (cache.get("b:" + etag) if etag else None)

    etag, cached = look()
    status = 200
    if cached is None and not (etag and request.if_none_match.contains_weak(etag)):
        with _stripe(timeline_key):  # one thread of a process builds a page; the others wait and reuse it
            etag, cached = look()
            if cached is None:
                built = build(now)
                status = built.status
                timeline = [sorted({m.timestamp() for m in built.moments}),
                            sorted({m.timestamp() for m in built.countdowns})]
                etag = etag_at(timeline)
                body = built.body.encode() if isinstance(built.body, str) else built.body
                cached = CachedBody.of(body, built.mimetype, built.headers)
                if cache and status == 200:
                    cache.set(timeline_key, timeline, BODY_TTL)
                    cache.set("b:" + etag, cached, BODY_TTL)
    # Weak: two renderings within one version may differ in the seconds of a countdown or an as_of stamp.
    # Vary: Cookie, because a logged-in visitor is shown a private page at the same URL.
    vary = "Cookie, Accept-Encoding" if cached.gzipped is not None else "Cookie"
    headers = {"ETag": f'W/"{etag}"', "Cache-Control": f"public, max-age={MAX_AGE}", "Vary": vary}
    if status == 200 and request.if_none_match.contains_weak(etag):
        return Response(status=304, headers=headers)
    if cached.gzipped is not None and request.accept_encodings["gzip"]:
        headers["Content-Encoding"] = "gzip"
        return Response(cached.gzipped, status=status, mimetype=cached.mimetype, headers={**cached.headers, **headers})
    return Response(cached.body, status=status, mimetype=cached.mimetype, headers={**cached.headers, **headers})
