"""The append-only audit trail: who changed what, when, before and after, each event chained to the one before
by its hash (tracker/audit/chain.py)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.types import UTCDateTime, utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: Who acted, as shown: a user's email, or "cli" / "demo" for commands.
    actor_label: Mapped[str] = mapped_column(String(200))
    #: What was done, e.g. "nomination.create", "suspension.lift".
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    #: The election and contest the change concerns, as they were: plain ids, not foreign keys, because an
    #: event is never rewritten (a removed contest's events keep its id).
    election_id: Mapped[int | None] = mapped_column(Integer, index=True)
    contest_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: One public sentence describing the change, for feeds.
    summary: Mapped[str] = mapped_column(Text, default="")
    #: Whether members may see this change (feeds); private acts stay for admins only.
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    #: The hash of the event before this one in the chain (64 zeros for the first event).
    previous_hash: Mapped[str] = mapped_column(String(64))
    #: SHA-256 of this event's fields and previous_hash, set when the event is flushed.
    hash: Mapped[str] = mapped_column(String(64))

    actor = relationship("User")
