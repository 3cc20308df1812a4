"""Administrative suspensions of people, with their end and outcome."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.types import UTCDateTime, utcnow
from tracker.vocabulary import SuspensionOutcome, sql_list


class Suspension(db.Model):
    __tablename__ = "suspension"
    __table_args__ = (
        CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(f"outcome IS NULL OR outcome in {sql_list(SuspensionOutcome)}", name="outcome_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: None while the suspension is open-ended.
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: None means no reason was published.
    reason: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    person = relationship("Person")
