"""Column types shared by the models."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

#: The largest value an INTEGER column (ids, counts, votes) holds on PostgreSQL; larger input is refused, not sent.
MAX_INTEGER = 2**31 - 1


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime, stored as UTC on every database and read back aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given where an aware one is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current moment, aware, in UTC (a callable default, evaluated per row)."""
    return datetime.now(UTC)


def render_item(type_, obj, autogen_context):
    """Let Alembic write UTCDateTime columns as plain timezone-aware DateTime in migrations."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


class SkippedTime(ValueError):
    """A local time the clocks went forward over (it never happened in that zone)."""


def local_moment(naive: datetime, timezone: str | ZoneInfo) -> datetime:
    """A naive local time read in `timezone`; SkippedTime for a time in a spring-forward gap.

    In an autumn overlap the first occurrence of the repeated time is taken."""
    zone = timezone if isinstance(timezone, ZoneInfo) else ZoneInfo(timezone)
    moment = naive.replace(tzinfo=zone, fold=0)
    if moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive.replace(fold=0):
        raise SkippedTime(f"{naive:%H:%M on %d %B %Y} did not happen in {zone.key}: the clocks went forward over it; "
                          "give the time as the clocks showed it")
    return moment
