"""Query parameters of every page and API answer, parsed once, with errors that name the parameter."""
from __future__ import annotations

from datetime import datetime

from flask import abort, request

from tracker import times
from tracker.errors import DomainError
from tracker.types import MAX_INTEGER, utcnow


def parse_moment(value: str | None, timezone: str, name: str = "as_of") -> datetime:
    """A moment or a date (read by tracker.times; without an offset, local to the election's zone); absent
    means now. A refusal names the parameter."""
    if value is None or value == "":
        return utcnow()
    try:
        return times.parse_moment(value, timezone, date_alone=True)
    except times.BadTime as error:
        raise DomainError(f"{name} {error}", name) from None


def parse_since(value: str | None, timezone: str = times.DEFAULT_TIMEZONE) -> datetime | None:
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


def parse_choices(values: list[str], name: str, choices: tuple[str, ...]) -> tuple[str, ...]:
    """A parameter that may be repeated (?kind=a&kind=b), each one of a few words; none means all."""
    found = [parse_choice(value, name, choices) for value in values]
    return tuple(choice for choice in choices if choice in found)


def parse_page(value: str | None, name: str = "page", largest: int | None = None, default: int = 1) -> int:
    """A whole number from 1 (a page, or a page's length up to `largest`); absent means `default`."""
    if value is None or value.strip() == "":
        return default
    text = value.strip()
    if not text.isdigit() or int(text) < 1 or len(text) > 9:
        raise DomainError(f"{name} must be a whole number from 1, not {value!r}", name)
    if largest is not None and int(text) > largest:
        raise DomainError(f"{name} must be at most {largest}, not {value!r}", name)
    return int(text)


def whole_number(text: str | None) -> int | None:
    """The whole number a form field holds (a question's number, a version), or None where it holds none a column
    could: decimal digits only (not "²", which str.isdigit passes and int refuses), from 1 to MAX_INTEGER."""
    text = (text or "").strip()
    if not text.isdecimal() or len(text) > 20:
        return None
    number = int(text)
    return number if 0 < number <= MAX_INTEGER else None


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
