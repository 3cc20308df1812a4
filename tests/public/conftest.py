"""Fixtures for the public pages: a fixed clock, worlds and SQL query counting."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from tracker.extensions import db


class Clock:
    """The moment the app believes it is (tracker.types.utcnow), moved by tests."""

    def __init__(self, monkeypatch):
        self.now = None
        monkeypatch.setattr("tracker.types.utcnow", lambda: self.now)

    def set(self, moment):
        self.now = moment
        return moment


@pytest.fixture
def clock(monkeypatch):
    from tests.public.worlds import DURING_PLP

    found = Clock(monkeypatch)
    found.set(DURING_PLP)
    return found


class QueryCounter:
    """Counts the SQL statements the app sends while in a `with` block."""

    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    def __enter__(self):
        self.statements = []
        self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self)

    @property
    def count(self) -> int:
        """Queries, not counting the transaction control SQLite's driver is told to send (BEGIN)."""
        return sum(s.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK") for s in self.statements)


@pytest.fixture
def count_queries():
    """A counter for the engine of the app whose context is current when the block starts."""
    return QueryCounter
