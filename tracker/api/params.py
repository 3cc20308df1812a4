"""Parsing query parameters of the API, with errors that name the parameter."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tracker.errors import DomainError
from tracker.types import utcnow


def parse_moment(value: str | None, timezone: str, name: str = "as_of") -> datetime:
    """An ISO 8601 moment; without an offset it is local to the election's zone; absent means now."""
    if value is None or value == "":
        return utcnow()
    try:
        moment = datetime.fromisoformat(value.strip().replace(" ", "+"))  # a "+" may arrive as a space
    except ValueError:
        raise DomainError(f"{name} must be an ISO 8601 date or time, e.g. 2026-02-14T17:00:00, not {value!r}", name)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment
