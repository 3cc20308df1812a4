"""Nominations: one body supporting one candidate in one contest."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.types import UTCDateTime, utcnow
from tracker.vocabulary import ACTIVE_STATUSES, NominationStatus, sql_list


class Nomination(db.Model):
    __tablename__ = "nomination"
    __table_args__ = (
        #: A body's active nominations in a contest occupy numbered slots 1..max_nominations_per_body;
        #: this constraint is what makes two simultaneous submissions produce one nomination.
        UniqueConstraint("contest_id", "body_id", "slot"),
        CheckConstraint(f"status in {sql_list(NominationStatus)}", name="status_known"),
        CheckConstraint(
            f"(slot IS NULL) = (status in {sql_list(s for s in NominationStatus if s not in ACTIVE_STATUSES)})",
            name="slot_iff_active",
        ),
        #: A body supports a candidate at most once at a time.
        Index(
            "uq_nomination_active_body_candidate", "contest_id", "body_id", "candidacy_id", unique=True,
            sqlite_where=text("slot IS NOT NULL"), postgresql_where=text("slot IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    candidacy_id: Mapped[int] = mapped_column(ForeignKey("candidacy.id", ondelete="CASCADE"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("nominating_body.id"), index=True)
    #: Which of the body's allowed nominations this is; None once rejected or withdrawn.
    slot: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=NominationStatus.SUBMITTED.value)
    #: When the body made the nomination (the meeting), which is what the rules count by.
    nominated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: When it was typed in; the audit trail keeps every later change.
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_total: Mapped[int | None] = mapped_column(Integer)
    #: Free text of the meeting's rounds, as the secretary recorded them.
    meeting_rounds: Mapped[str | None] = mapped_column(Text)
    #: When the body withdrew it, where known: it counted until then (without it, a withdrawn one never counted).
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    contest = relationship("Contest")
    candidacy = relationship("Candidacy")
    body = relationship("NominatingBody")
    logged_by = relationship("User", foreign_keys=[logged_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
