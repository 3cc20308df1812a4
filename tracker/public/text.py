"""Words for the public pages: countdowns and moments in the election's time zone."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tracker.rules.text import MONTHS


def plural(number: int, singular: str, plural_form: str | None = None) -> str:
    """"1 day", "2 days"."""
    return f"{number} {singular if number == 1 else (plural_form or singular + 's')}"


def duration_text(seconds: float) -> str:
    """A positive span at minute resolution, two units at most: "2 days 3 hours", "45 minutes"."""
    minutes = int(seconds // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return plural(days, "day") + (f" {plural(hours, 'hour')}" if hours else "")
    if hours:
        return plural(hours, "hour") + (f" {plural(minutes, 'minute')}" if minutes else "")
    if minutes:
        return plural(minutes, "minute")
    return "less than a minute"


def short_moment(at: datetime, timezone: str, now: datetime) -> str:
    """"17:00 on 14 February", with the year only when it is not the year of `now` (both local)."""
    zone = ZoneInfo(timezone)
    local, here = at.astimezone(zone), now.astimezone(zone)
    text = f"{local:%H:%M} on {local.day} {MONTHS[local.month - 1]}"
    return text if local.year == here.year else f"{text} {local.year}"


def countdown(verb: str, at: datetime | None, now: datetime, timezone: str) -> str:
    """"closes in 2 days 3 hours, at 17:00 on 14 February" or, once past, "closed at 17:00 on 14 February"."""
    if at is None:
        return ""
    when = short_moment(at, timezone, now)
    if at > now:
        return f"{verb} in {duration_text((at - now).total_seconds())}, at {when}"
    past = {"closes": "closed", "opens": "opened", "is declared": "was declared"}.get(verb, verb)
    return f"{past} at {when}"


def short_day(at: datetime, timezone: str) -> str:
    """"8 Jan 2026", local to the zone."""
    local = at.astimezone(ZoneInfo(timezone))
    return f"{local.day} {MONTHS[local.month - 1][:3]} {local.year}"
