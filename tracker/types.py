"""Column types shared by the models."""
from datetime import UTC, datetime

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
