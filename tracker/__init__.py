"""The Nominations Tracker: who is on the ballot in a party's internal elections, and why.

The app factory lives in tracker.app; importing it lazily keeps the pure cores (tracker.rules,
tracker.counting) free of Flask and SQLAlchemy, so their tests start in milliseconds.
"""
from __future__ import annotations


def create_app(config: dict | None = None):
    """Build the app (see tracker.app.create_app)."""
    from tracker.app import create_app as build

    return build(config)
