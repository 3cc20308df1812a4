"""Template filters and globals: times in the election's zone, permissions and the vocabulary for templates."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

from tracker import vocabulary
from tracker.accounts import permissions


def local_time(moment: datetime | None, timezone: str = "Europe/London", with_year: bool = True) -> str:
    """'14:30 on 13 January 2026' in the given zone."""
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(timezone))
    text = f"{local:%H:%M} on {local.day} {local:%B}"
    return f"{text} {local.year}" if with_year else text


def local_date(moment: datetime | None, timezone: str = "Europe/London") -> str:
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local.day} {local:%B %Y}"


def register(app: Flask) -> None:
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(local_date, "local_date")
    app.add_template_global(permissions.is_admin, "is_admin")
    app.add_template_global(permissions.is_secretary_of, "is_secretary_of")
    app.add_template_global(permissions.is_organiser_of, "is_organiser_of")
    for name in ("ACTIVE_STATUSES", "BodyKind", "NominationStatus", "VerdictStatus", "verdict_words"):
        app.add_template_global(getattr(vocabulary, name), name)
