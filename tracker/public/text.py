"""Words for the public pages: counted nouns (times and countdowns are tracker.times')."""
from __future__ import annotations


def plural(number: int, singular: str, plural_form: str | None = None) -> str:
    """"1 day", "2 days"."""
    return f"{number} {singular if number == 1 else (plural_form or singular + 's')}"
