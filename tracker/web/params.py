"""Query parameters of every page and API answer, parsed once, with errors that name the parameter."""
from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import abort, request

from tracker.errors import DomainError
from tracker.types import utcnow

#: The moments a parameter may name: beyond them, converting to UTC or storing overflows, and zones still
#: had local mean time (offsets in seconds, which are not RFC 3339).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 1, 1, tzinfo=UTC)


def parse_moment(value: str | None, timezone: str, name: str = "as_of") -> datetime:
    """An ISO 8601 moment; without an offset it is local to the election's zone; absent means now."""
    if value is None or value == "":
        return utcnow()
    try:
        moment = datetime.fromisoformat(value.strip().replace(" ", "+"))  # a "+" may arrive as a space
    except ValueError as error:
        raise DomainError(f"{name} must be an ISO 8601 date or time, e.g. 2026-02-14T17:00:00, not {value!r}", name) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    try:
        in_range = EARLIEST <= moment.astimezone(UTC) < LATEST
    except OverflowError:
        in_range = False
    if not in_range:
        raise DomainError(f"{name} must be between {EARLIEST.year} and {LATEST.year - 1}, not {value!r}", name)
    return moment


def parse_since(value: str | None, timezone: str = "Europe/London") -> datetime | None:
    """?since=: a moment (as for as_of), or None when absent."""
    if value is None or value.strip() == "":
        return None
    return parse_moment(value, timezone, "since")


def parse_choice(value: str | None, name: str, choices: tuple[str, ...]) -> str | None:
    """An optional parameter that must be one of a few words."""
    if value is None or value.strip() == "":
        return None
    if value.strip() not in choices:
        raise DomainError(f"{name} must be one of {', '.join(choices)}, not {value!r}", name)
    return value.strip()


def parse_text(value: str | None, name: str, longest: int = 100) -> str | None:
    """An optional free-text parameter, at most `longest` characters."""
    if value is None or value.strip() == "":
        return None
    if len(value) > longest:
        raise DomainError(f"{name} must be at most {longest} characters", name)
    if "\x00" in value:
        raise DomainError(f"{name} must not contain a NUL character", name)
    return value.strip()


def refuse_nul_in_path(endpoint: str | None, values: dict | None) -> None:
    """A url_value_preprocessor: no slug or code contains NUL, and PostgreSQL refuses to compare with one, so
    such a path is answered 404 before it reaches a query."""
    if values and any("\x00" in value for value in values.values() if isinstance(value, str)):
        abort(404, description="There is nothing at this address.")


def as_of_param() -> str | None:
    """The raw ?as_of= of this request, or None for "now"."""
    return (request.args.get("as_of") or "").strip() or None


def query_key() -> tuple:
    """The query parameters, in a stable order, for a cache key."""
    return tuple(sorted((k, v) for k, v in request.args.items(multi=True)))
