"""Template filters and globals: times in the election's zone (from tracker.times), permissions and the vocabulary
for templates."""
from __future__ import annotations

from flask import Flask

from tracker import times, vocabulary
from tracker.accounts import permissions
from tracker.bodies.operations import kind_word
from tracker.web import markdown


def register(app: Flask) -> None:
    app.add_template_filter(times.local_time, "local_time")
    app.add_template_filter(times.local_date, "local_date")
    app.add_template_filter(times.short_date, "short_date")
    app.add_template_filter(times.recorded_value_text, "recorded_value")
    app.add_template_filter(markdown.render, "markdown")
    app.add_template_global(times.DEFAULT_TIMEZONE, "DEFAULT_TIMEZONE")
    app.add_template_global(permissions.is_admin, "is_admin")
    app.add_template_global(permissions.is_secretary_of, "is_secretary_of")
    app.add_template_global(permissions.is_organiser_of, "is_organiser_of")
    app.add_template_global(permissions.is_candidate, "is_candidate")
    app.add_template_global(kind_word, "kind_word")
    for name in ("ACTIVE_STATUSES", "BodyKind", "NominationStatus", "VerdictStatus", "verdict_words"):
        app.add_template_global(getattr(vocabulary, name), name)
