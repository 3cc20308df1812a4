"""Flask extensions, created unbound here and bound to the app in create_app."""
import threading

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

#: Naming convention so that constraints have stable names in migrations on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


def _configure_sqlite_connection(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys, let readers and a writer overlap (WAL), wait up to 10 s for the write
    lock rather than fail, and let SQLAlchemy issue BEGIN itself so that savepoints and "nothing written on failure" hold (pysqlite would
    otherwise open its transaction only at the first write)."""
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={WRITE_WAIT * 1000}")
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


#: Requests that only read: their transactions need no write lock on SQLite.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _may_write() -> bool:
    """Is this a request that may write (a form's POST, not a GET)? Outside requests (commands, which run one
    at a time and may read through a second connection while their session writes) transactions begin plainly."""
    from flask import has_request_context, request

    return has_request_context() and request.method not in READING_METHODS


#: Seconds a writer waits for the write lock (SQLite's busy_timeout above, and the gate below).
WRITE_WAIT = 10
#: Per SQLite file, the gate a process's writing transactions pass one at a time (see _sqlite_begins_transactions).
_write_gates: dict[str, threading.Lock] = {}
_gates_lock = threading.Lock()
#: connection.info key: the gate this connection's transaction holds until it ends.
GATE = "tracker.sqlite_write_gate"


def _write_gate(database: str) -> threading.Lock:
    with _gates_lock:
        return _write_gates.setdefault(database, threading.Lock())


def _sqlite_begins_transactions(conn) -> None:
    """SQLite: a request's transaction that may write takes the write lock as it begins (BEGIN IMMEDIATE), waiting up to
    busy_timeout for it. A plain BEGIN would read first and then fail at once with "database is locked" when
    another writer got there in between (SQLite cannot wait to upgrade a read into a write). Writers so queue
    one behind another; readers (GET requests) still begin plainly and run beside them (WAL).

    Within a process, writers first pass a gate one at a time (a lock held until their transaction ends), so that
    only one thread per process waits on SQLite's busy handler, which polls with sleeps of up to 100 ms and serves
    no one in order: the others queue on the gate and start the moment it opens. Without it, under many
    simultaneous writers some waited past busy_timeout and failed while others went ahead."""
    if conn.dialect.name != "sqlite":
        return
    if not _may_write():
        conn.exec_driver_sql("BEGIN")
        return
    gate = _write_gate(str(conn.engine.url.database))
    if gate.acquire(timeout=WRITE_WAIT):  # else wait on SQLite's busy handler as before, which will say so
        conn.info[GATE] = gate
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        _open_gate(conn)
        raise


def _open_gate(conn) -> None:
    """The transaction ended (committed or rolled back): the next writer of this process may begin."""
    gate = conn.info.pop(GATE, None)
    if gate is not None:
        gate.release()


def configure_sqlite() -> None:
    """Install the SQLite connection settings above on every engine, once."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not event.contains(Engine, "connect", _configure_sqlite_connection):
        event.listen(Engine, "connect", _configure_sqlite_connection)
        event.listen(Engine, "begin", _sqlite_begins_transactions)
        event.listen(Engine, "commit", _open_gate)
        event.listen(Engine, "rollback", _open_gate)
