"""Fixtures: the app on SQLite and on PostgreSQL (a fresh database per run), clients, users, worlds."""
from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, settings

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = [b.strip() for b in os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",") if b.strip()]


def _import_the_smtp_server_before_tests_public() -> None:
    """aiosmtpd imports a top-level module named `public`, which the test package tests/public would shadow
    (tests/ is on sys.path). Import aiosmtpd now without tests/ on the path, then forget that `public`, so
    that tests/public is imported as the test package it is."""
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    saved = sys.path[:]
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    try:
        import aiosmtpd.controller  # noqa: F401
        import aiosmtpd.smtp  # noqa: F401
    except ImportError:
        pass
    finally:
        sys.path[:] = saved
        sys.modules.pop("public", None)


_import_the_smtp_server_before_tests_public()


def _compile_url_builders_once() -> None:
    """Werkzeug writes, parses and compiles Python source for two URL builders of every route each time an app is
    made: with ~130 routes that is most of `create_app`, and the suite makes an app for nearly every test. The
    builder depends only on the rule's parts and defaults (it reads the rule's converters through the `self` it is
    bound to), so each distinct one is compiled once per test process and shared by the apps made after."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    if hasattr(compile_builder, "werkzeugs_own"):
        return  # this module is imported twice (by pytest, and by tests importing from it): patched already
    compiled: dict = {}

    def _compile_builder(self, append_unknown=True):
        defaults = self.defaults or {}
        key = (self.rule, append_unknown, tuple(self._trace), tuple(
            (name, self._converters[name].to_url(value) if name in self._converters else None)
            for name, value in defaults.items()))
        found = compiled.get(key)
        if found is None:
            found = compiled[key] = compile_builder(self, append_unknown)
        return found

    _compile_builder.werkzeugs_own = compile_builder
    Rule._compile_builder = _compile_builder


def _parse_url_rules_once() -> None:
    """Likewise werkzeug parses every rule's pattern anew for each app made. The parts it yields depend only on the
    rule and on its converters' classes (their pattern and weight); each app's rule still gets converters of its own
    app's classes, made as werkzeug makes them. Parsed once per test process, by rule and converter class names."""
    from werkzeug.routing.rules import Rule, parse_converter_args

    parse_rule = Rule._parse_rule
    if hasattr(parse_rule, "werkzeugs_own"):
        return
    parsed: dict = {}

    def _parse_rule(self, rule):
        converters = tuple(sorted((name, f"{found.__module__}.{found.__qualname__}")
                                  for name, found in self.map.converters.items()))
        key = (rule, converters)
        found = parsed.get(key)
        if found is None:
            trace_from, converters_before = len(self._trace), set(self._converters)
            parts = list(parse_rule(self, rule))
            made = [(name, type(self._converters[name])) for name in self._converters if name not in converters_before]
            found = parsed[key] = (parts, self._trace[trace_from:], made)
            return parts
        parts, trace, made = found
        self._trace.extend(trace)
        for variable, _ in made:  # the converters as werkzeug makes them: the app's class, with the rule's arguments
            match = re.search(r"<(?:(?P<converter>[a-zA-Z_][a-zA-Z0-9_]*)(?:\((?P<arguments>.*?)\))?:)?"
                              + re.escape(variable) + r">", rule)
            c_args, c_kwargs = parse_converter_args(match["arguments"] or "")
            self._converters[variable] = self.get_converter(variable, match["converter"] or "default", c_args, c_kwargs)
            self.arguments.add(variable)
        return list(parts)

    _parse_rule.werkzeugs_own = parse_rule
    Rule._parse_rule = _parse_rule


_compile_url_builders_once()
_parse_url_rules_once()


def werkzeugs_own_rule_methods() -> dict:
    """Werkzeug's own methods, which the two caches above replace: tests/test_url_rule_caches.py checks that the
    cached ones give every route exactly what these give (so that a werkzeug upgrade cannot make them drift)."""
    from werkzeug.routing.rules import Rule

    return {name: getattr(Rule, name).werkzeugs_own for name in ("_compile_builder", "_parse_rule")}

# Property tests judge what a function gives back, never how fast: on a loaded machine (two test processes, a
# browser, PostgreSQL) a slow example is no failure, so neither time limit applies.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")


def _postgres_available() -> str | None:
    """None when PostgreSQL answers, otherwise why not."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except Exception as error:  # any failure to connect is the answer
        return str(error).strip() or type(error).__name__


def pytest_configure(config):
    if CI and set(BACKENDS) != {"sqlite", "postgresql"}:
        raise pytest.UsageError(f"CI=true runs the suite on SQLite and PostgreSQL; TEST_DATABASES asks for {BACKENDS}")
    config.pg_problem = "not requested"


def pytest_collection_modifyitems(config, items):
    """Ask PostgreSQL only when a collected test needs a database (pure-core runs stay instant)."""
    if "postgresql" in BACKENDS and any("backend" in getattr(item, "fixturenames", ()) for item in items):
        config.pg_problem = _postgres_available()
        if CI and config.pg_problem:
            raise pytest.UsageError(f"CI=true requires PostgreSQL, which is unavailable: {config.pg_problem}")


@contextmanager
def postgresql_database(purpose: str = "") -> Iterator[str]:
    """A new, empty PostgreSQL database on the shared server for the block, as an SQLAlchemy URL; dropped after."""
    import psycopg

    name = f"tracker_test_{uuid.uuid4().hex[:12]}{'_' + purpose if purpose else ''}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1) + f"/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def database_url(backend: str, sqlite_path) -> Iterator[str]:
    """A new, empty database of `backend` for the block: an SQLite file at `sqlite_path`, or a PostgreSQL one."""
    if backend == "sqlite":
        yield f"sqlite:///{sqlite_path}"
    else:
        with postgresql_database("fresh") as url:
            yield url


@pytest.fixture(scope="session")
def database_urls(request, tmp_path_factory):
    """One fresh database per backend for the whole run; PostgreSQL's is dropped at the end."""
    if request.config.pg_problem:
        yield {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"}
        return
    with postgresql_database() as url:
        yield {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}", "postgresql": url}


_migrated: set[str] = set()


def make_app(url: str, **overrides):
    from tracker import create_app

    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret",
        "SERVER_NAME": None,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # still a salted hash, but quick to make in tests
    }
    config.update(overrides)
    app = create_app(config)
    from tests.api.openapi_check import CheckedClient

    app.test_client_class = CheckedClient  # every /api/v1/ answer in the suite is checked against openapi.json
    return app


def _empty_all_tables(app) -> None:
    """Delete every row, children first, in one transaction (faster than TRUNCATE on small tables), sent to the
    database as one script rather than a statement at a time.

    On PostgreSQL triggers are off for this transaction (session_replication_role = replica, as the test
    database's superuser may): the trigger that keeps the audit trail append-only would refuse the DELETE."""
    from tracker.extensions import db

    with app.app_context():
        db.session.remove()
        engine = db.engine
        quote = engine.dialect.identifier_preparer.format_table
        deletes = "".join(f"DELETE FROM {quote(table)};\n" for table in reversed(db.metadata.sorted_tables))
        connection = engine.raw_connection()
        try:
            if engine.dialect.name == "postgresql":
                with connection.cursor() as cursor:  # (psycopg sends a script without parameters as one query)
                    cursor.execute("SET LOCAL session_replication_role = replica;\n" + deletes)
                connection.commit()
            else:  # SQLite: the connection is in autocommit mode (tracker/extensions.py), so the script says BEGIN
                connection.driver_connection.executescript("BEGIN;\n" + deletes + "COMMIT;\n")
        finally:
            connection.close()
        engine.dispose()


def pytest_generate_tests(metafunc):
    """Every test that touches the database runs once per backend (PostgreSQL only where marked so)."""
    if "backend" in metafunc.fixturenames:
        wanted = ["postgresql"] if metafunc.definition.get_closest_marker("postgresql_only") else BACKENDS
        if "first_backend" in metafunc.fixturenames:  # what it checks does not depend on the database
            wanted = BACKENDS[:1]
        metafunc.parametrize("backend", wanted, indirect=True)


@pytest.fixture
def backend(request):
    if request.param == "postgresql" and request.config.pg_problem:
        pytest.skip(f"PostgreSQL unavailable: {request.config.pg_problem}")
    return request.param


@pytest.fixture
def first_backend(backend):
    """For slow tests of what does not depend on the database (how wide a page is, what a click leads to, how
    gunicorn's workers share connections): run once, on the first backend, and not collected for the others.
    Request tests cover the same writes on every backend."""
    return backend  # collected for the first backend only (tests/conftest.py pytest_generate_tests)


@pytest.fixture
def app_factory(backend, database_urls):
    """Make apps on this test's database (migrated once per run); tables are emptied afterwards."""
    url = database_urls[backend]
    made = []

    def factory(**overrides):
        app = make_app(url, **overrides)
        if url not in _migrated:
            from flask_migrate import upgrade

            with app.app_context():
                upgrade()
            _migrated.add(url)
        made.append(app)
        return app

    yield factory
    if made:
        _empty_all_tables(made[0])


@pytest.fixture
def app(app_factory):
    app = app_factory()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db_session(app):
    from tracker.extensions import db

    return db.session


PASSWORD = "correct horse battery"


@pytest.fixture
def create_user(app):
    """Make a user directly, as `flask create-user` would."""
    from tracker.accounts.operations import create_user as make
    from tracker.extensions import db

    def factory(email="admin@example.org", role="admin", bodies=(), org=None, password=PASSWORD):
        user = make(email, password, role, bodies, org)
        db.session.commit()
        return user

    return factory


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, email="admin@example.org", password=PASSWORD):
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


# --- Mail: a real SMTP server on a free port, apps that send to it, and the RQ worker run in burst mode ---

class CapturedMail:
    """A local SMTP server (aiosmtpd) that keeps every message it receives."""

    def __init__(self) -> None:
        import socket
        import threading

        from aiosmtpd.controller import Controller

        self.messages: list = []
        self._arrived = threading.Condition()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.url = f"smtp://127.0.0.1:{self.port}"

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes
        from email.policy import default

        message = message_from_bytes(envelope.content, policy=default)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    def wait_for(self, address: str, count: int = 1, timeout: float = 10.0) -> list:
        """The messages to `address`, once at least `count` have arrived (fails after `timeout` seconds)."""
        import time

        from tracker.mail import wait_until_delivered

        wait_until_delivered()
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.to(address)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{count} message(s) to {address} expected, {len(self.to(address))} came")
                self._arrived.wait(left)
            return self.to(address)

    @staticmethod
    def body(message) -> str:
        return message.get_content()


@pytest.fixture
def smtp_server():
    """A real SMTP server for this test; `.url` for MAIL_URL, `.wait_for(address)` for what arrived."""
    server = CapturedMail()
    server.controller.start()
    try:
        yield server
    finally:
        server.controller.stop()


@pytest.fixture
def mail_app(app_factory, smtp_server):
    """The app sending its mail to the test's SMTP server, with public forms accepted at once."""
    app = app_factory(MAIL_URL=smtp_server.url, MIN_FORM_SECONDS=0, BASE_URL="http://tracker.test")
    with app.app_context():
        yield app


REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


class QueueWorker:
    """The RQ mail queue on the real Redis, under a name of this test's own, and a worker run in burst mode."""

    def __init__(self) -> None:
        from redis import Redis

        self.name = f"test-mail-{uuid.uuid4().hex[:12]}"
        self.connection = Redis.from_url(REDIS_TEST_URL)

    @property
    def config(self) -> dict:
        """Settings that send an app's mail through this queue (rate limits stay in memory, per test)."""
        return {"REDIS_URL": REDIS_TEST_URL, "MAIL_QUEUE": self.name, "RATELIMIT_STORAGE_URI": "memory://"}

    def queued(self) -> int:
        from rq import Queue

        return len(Queue(self.name, connection=self.connection))

    def run(self) -> None:
        """Deliver everything queued, in this process (the app context in force gives MAIL_URL)."""
        from rq import Queue, SimpleWorker

        queue = Queue(self.name, connection=self.connection)
        SimpleWorker([queue], connection=self.connection).work(burst=True)

    def clean(self) -> None:
        from rq import Queue

        Queue(self.name, connection=self.connection).delete(delete_jobs=True)


@pytest.fixture
def rq_worker():
    """An RQ mail queue of this test's own on the real Redis (skipped when Redis is out of reach)."""
    worker = QueueWorker()
    try:
        worker.connection.ping()
    except Exception as error:
        if CI:
            raise
        pytest.skip(f"Redis unavailable: {error}")
    yield worker
    worker.clean()
