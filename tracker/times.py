"""Dates and times, read and written one way everywhere: the default zone, the one parser, the formatters.

Pure (standard library only), so the rules core may use it as the pages, forms, imports and API do.
"""
from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: The zone an election's timetable is written in unless it names another, and the one suspensions use.
DEFAULT_TIMEZONE = "Europe/London"

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

#: The moments a time may name: beyond them, converting to UTC or storing overflows, and zones still
#: had local mean time (offsets in seconds, which are not RFC 3339).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 1, 1, tzinfo=UTC)

#: What the parser accepts, as its refusals say it.
EXAMPLES = "2026-02-14 17:00 or 14/02/2026 17:00"

#: Day first, as UK spreadsheets write it: 14/02/2026, 14/02/2026 17:00, 14/2/2026 9:05:30.
_DAY_FIRST = re.compile(
    r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"
    r"(?:[ T]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,6}))?)?)?"
)

#: A TOML date and time, outside any string, written without seconds (which TOML 1.0 requires).
_TOML_MINUTES = re.compile(r"(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2})(?![:\d])")
#: Where a TOML string or comment starts; the scan skips to its end.
_TOML_QUOTED = re.compile(r'"""|\'\'\'|"|\'|#')
_TOML_CLOSE = {'"""': re.compile(r'(?<!\\)(?:\\\\)*"""'), "'''": re.compile(r"'''"),
               '"': re.compile(r'(?<!\\)(?:\\\\)*"|\n'), "'": re.compile(r"'|\n"), "#": re.compile(r"\n")}


class BadTime(ValueError):
    """A value that is not a date and time the tracker accepts; its message is the sentence to show."""


class SkippedTime(BadTime):
    """A local time the clocks went forward over (it never happened in that zone)."""


# --- zones ---------------------------------------------------------------------------------------------


def zone(timezone: str | ZoneInfo) -> ZoneInfo:
    """The zone of an IANA name (or the zone itself)."""
    return timezone if isinstance(timezone, ZoneInfo) else ZoneInfo(timezone)


def find_zone(name: str) -> ZoneInfo | None:
    """The zone of an IANA name such as Europe/London, or None when there is none by that name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, IsADirectoryError):
        return None


# --- reading -------------------------------------------------------------------------------------------


def local_moment(naive: datetime, timezone: str | ZoneInfo) -> datetime:
    """A naive local time read in `timezone`; SkippedTime for a time in a spring-forward gap.

    In an autumn overlap the first occurrence of the repeated time is taken."""
    here = zone(timezone)
    moment = naive.replace(tzinfo=here, fold=0)
    if moment.astimezone(UTC).astimezone(here).replace(tzinfo=None) != naive.replace(fold=0):
        raise SkippedTime(f"{naive:%H:%M on %d %B %Y} did not happen in {here.key}: the clocks went forward over it; "
                          "give the time as the clocks showed it")
    return moment


def parse_moment(value: str | datetime, timezone: str | ZoneInfo, *, date_alone: bool = False) -> datetime:
    """The one reader of dates and times typed in forms, files and query strings, as an aware moment.

    Accepts ISO 8601 (T or a space between date and time, seconds and fractions optional, an optional offset
    such as Z or +01:00) and the day-first form of UK spreadsheets (14/02/2026 17:00); a date alone (as
    midnight) only when `date_alone`. Without an offset the time is local to `timezone`: one the clocks
    skipped is refused (SkippedTime), and of one they repeated the first occurrence is taken. Years outside
    1900 to 9998 are refused. Every refusal is a BadTime whose message is one sentence."""
    if isinstance(value, datetime):
        moment, text = value, value.isoformat()
    else:
        text = value.strip()
        moment = _read(text, date_alone)
    if not EARLIEST.year <= moment.year < LATEST.year:
        raise _out_of_range(text)
    if moment.tzinfo is None:
        moment = local_moment(moment, timezone)
    try:
        in_range = EARLIEST <= moment.astimezone(UTC) < LATEST
    except OverflowError:
        in_range = False
    if not in_range:
        raise _out_of_range(text)
    return moment


def _read(text: str, date_alone: bool) -> datetime:
    """The naive or offset datetime `text` writes, by its syntax alone."""
    refusal = BadTime(f"{text!r} is not a date and time: write it as {EXAMPLES}")
    day_first = _DAY_FIRST.fullmatch(text)
    if day_first:
        parts = day_first.groupdict()
        if parts["hour"] is None and not date_alone:
            raise BadTime(f"{text!r} has no time of day: write it as {EXAMPLES}")
        try:
            return datetime(int(parts["year"]), int(parts["month"]), int(parts["day"]), int(parts["hour"] or 0),
                            int(parts["minute"] or 0), int(parts["second"] or 0),
                            int((parts["fraction"] or "0").ljust(6, "0")))
        except ValueError:
            raise refusal from None
    moment = None
    for candidate in (text, text.replace(" ", "+")):  # in a query string an offset's "+" may arrive as a space
        try:
            moment = datetime.fromisoformat(candidate)
            break
        except ValueError:
            continue
    if moment is None:
        raise refusal
    if not date_alone and _is_date(text):
        raise BadTime(f"{text!r} has no time of day: write it as {EXAMPLES}")
    return moment


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _out_of_range(text: str) -> BadTime:
    return BadTime(f"{text!r} is not between the years {EARLIEST.year} and {LATEST.year - 1}")


def toml_with_seconds(text: str) -> str:
    """TOML text whose unquoted dates and times written without seconds (2026-01-07T09:00) have them (:00).

    TOML 1.0 refuses such a time as a syntax error; strings and comments are left as they are."""
    out, position = [], 0
    while position < len(text):
        opening = _TOML_QUOTED.search(text, position)
        plain_end = opening.start() if opening else len(text)
        out.append(_TOML_MINUTES.sub(r"\1:00", text[position:plain_end]))
        if opening is None:
            break
        closing = _TOML_CLOSE[opening.group()].search(text, opening.end())
        quoted_end = closing.end() if closing else len(text)
        out.append(text[plain_end:quoted_end])
        position = quoted_end
    return "".join(out)


# --- writing -------------------------------------------------------------------------------------------


def to_local(moment: datetime, timezone: str | ZoneInfo) -> datetime:
    """A moment as the clocks of `timezone` showed it: naive, local."""
    return moment.astimezone(zone(timezone)).replace(tzinfo=None)


def local_iso(moment: datetime, timezone: str | ZoneInfo, separator: str = "T") -> str:
    """A moment as a form field shows it, local, to the minute: "2026-04-04T11:00" (or with a space)."""
    return to_local(moment, timezone).strftime(f"%Y-%m-%d{separator}%H:%M")


def iso_text(moment: datetime | None) -> str | None:
    """ISO 8601 with its offset, as the API and CSV files write a moment (UTC as stored); None stays None."""
    return moment.isoformat() if moment is not None else None


def utc_text(moment: datetime) -> str:
    """RFC 3339 in UTC with a Z, as Atom feeds write a moment: "2026-02-14T17:00:00Z"."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def day_text(at: datetime, timezone: str | ZoneInfo) -> str:
    """The local date, as a member writes it: "3 September 2026"."""
    local = at.astimezone(zone(timezone))
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


def moment_text(at: datetime, timezone: str | ZoneInfo) -> str:
    """The local time and date: "17:00 on 14 February 2026"."""
    local = at.astimezone(zone(timezone))
    return f"{local:%H:%M} on {day_text(at, timezone)}"


def recorded_value_text(value, timezone: str | ZoneInfo) -> str:
    """A value as an audit event recorded it, for a reader: a stored moment (ISO 8601 with an offset) becomes its
    local time and date ("17:00 on 14 February 2026"); anything else is shown as it is, blank as "blank"."""
    if value is None or value == "":
        return "blank"
    if isinstance(value, str) and len(value) >= 16 and value[4:5] == "-" and value[10:11] in ("T", " "):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return moment_text(moment, timezone)
    return str(value)


def short_moment(at: datetime, timezone: str | ZoneInfo, now: datetime) -> str:
    """"17:00 on 14 February", with the year only when it is not the year of `now` (both local)."""
    here = zone(timezone)
    local, today = at.astimezone(here), now.astimezone(here)
    text = f"{local:%H:%M} on {local.day} {MONTHS[local.month - 1]}"
    return text if local.year == today.year else f"{text} {local.year}"


def short_day(at: datetime, timezone: str | ZoneInfo) -> str:
    """"8 Jan 2026", local to the zone."""
    local = at.astimezone(zone(timezone))
    return f"{local.day} {MONTHS[local.month - 1][:3]} {local.year}"


def local_time(moment: datetime | None, timezone: str = DEFAULT_TIMEZONE, with_year: bool = True) -> str:
    """The pages' filter: "14:30 on 13 January 2026" (or without the year) in the zone; nothing for None."""
    if moment is None:
        return ""
    local = moment.astimezone(zone(timezone))
    text = f"{local:%H:%M} on {local.day} {MONTHS[local.month - 1]}"
    return f"{text} {local.year}" if with_year else text


def local_date(moment: datetime | None, timezone: str = DEFAULT_TIMEZONE) -> str:
    """The pages' filter: "13 January 2026" in the zone; nothing for None."""
    return day_text(moment, timezone) if moment is not None else ""


def short_date(moment: datetime | None, timezone: str = DEFAULT_TIMEZONE) -> str:
    """The pages' filter: "8 Jan 2026" in the zone; nothing for None."""
    return short_day(moment, timezone) if moment is not None else ""


def duration_text(seconds: float) -> str:
    """A positive span at minute resolution, two units at most: "2 days 3 hours", "45 minutes"."""
    minutes = int(seconds // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _count(days, "day") + (f" {_count(hours, 'hour')}" if hours else "")
    if hours:
        return _count(hours, "hour") + (f" {_count(minutes, 'minute')}" if minutes else "")
    if minutes:
        return _count(minutes, "minute")
    return "less than a minute"


def countdown(verb: str, at: datetime | None, now: datetime, timezone: str | ZoneInfo) -> str:
    """"closes in 2 days 3 hours, at 17:00 on 14 February" or, once past, "closed at 17:00 on 14 February"."""
    if at is None:
        return ""
    when = short_moment(at, timezone, now)
    if at > now:
        return f"{verb} in {duration_text((at - now).total_seconds())}, at {when}"
    past = {"closes": "closed", "opens": "opened", "is declared": "was declared"}.get(verb, verb)
    return f"{past} at {when}"


def _count(number: int, unit: str) -> str:
    return f"{number} {unit if number == 1 else unit + 's'}"
