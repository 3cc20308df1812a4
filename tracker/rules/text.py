"""Words and figures for the rules' sentences: dates in the contest's time zone, counts, percentages."""
from __future__ import annotations

import math
from datetime import datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from tracker.vocabulary import BodyKind

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

#: Singular and plural nouns for each kind of nominating body (and for unions).
NOUNS = {**{kind.value: (kind.singular, kind.plural) for kind in BodyKind}, "union": ("union", "unions")}


def day_text(at: datetime, timezone: str) -> str:
    """The local date, as a member writes it: "3 September 2026"."""
    local = at.astimezone(ZoneInfo(timezone))
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


def moment_text(at: datetime, timezone: str) -> str:
    """The local time and date: "17:00 on 14 February 2026"."""
    local = at.astimezone(ZoneInfo(timezone))
    return f"{local:%H:%M} on {day_text(at, timezone)}"


def noun(kind: str, number: int) -> str:
    """The noun for `number` bodies of a kind: "1 CLP" but "0 CLPs", "33 CLPs"."""
    singular, plural = NOUNS.get(kind, (kind, kind + "s"))
    return singular if number == 1 else plural


def count_text(have: int, needed: int, kind: str) -> str:
    """What was had against what was needed: "31 of 33 CLPs"."""
    return f"{have} of {needed} {noun(kind, needed)}"


def share_text(share: Fraction) -> str:
    """A required share as a percentage, whole when it is whole: "5%", "12.5%"."""
    percent = share * 100
    return f"{percent.numerator}%" if percent.denominator == 1 else measured_text(share)


def measured_text(share: Fraction) -> str:
    """A measured share to one decimal place, truncated so it never shows more than was had: "4.9%"."""
    tenths = math.floor(share * 1000)
    return f"{tenths // 10}.{tenths % 10}%"
