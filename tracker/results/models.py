"""Frozen ballots, declared results and stored counts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.types import UTCDateTime, utcnow


class BallotSnapshot(db.Model):
    """A published ballot: the names in order and each verdict, hashed; re-issued, never edited."""

    __tablename__ = "ballot_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    frozen_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: {"on_ballot": [...], "candidates": [{"name", "status", "reason"}, ...]}
    content: Mapped[dict] = mapped_column(JSON)
    #: SHA-256 of the canonical JSON of `content`.
    content_hash: Mapped[str] = mapped_column(String(64))

    contest = relationship("Contest")


class DeclaredResult(db.Model):
    """The official result as declared, round by round."""

    __tablename__ = "declared_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), unique=True)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    electorate: Mapped[int | None] = mapped_column(Integer)
    turnout: Mapped[int | None] = mapped_column(Integer)
    valid_votes: Mapped[int] = mapped_column(Integer)
    rejected_votes: Mapped[int] = mapped_column(Integer, default=0)
    #: [{"round": 1, "votes": {"<name>": "123"}, "non_transferable": "0", "elected": [...], "excluded": [...]}]
    rounds: Mapped[list] = mapped_column(JSON)

    contest = relationship("Contest")


class StoredCount(db.Model):
    """A count computed here from an uploaded BLT file, for a contest or a body's meeting."""

    __tablename__ = "stored_count"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int | None] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("nominating_body.id"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    method: Mapped[str] = mapped_column(String(20))
    seats: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), default="")
    blt: Mapped[str] = mapped_column(Text)
    #: The count's JSON report, as DESIGN.md gives it.
    report: Mapped[dict] = mapped_column(JSON)
    #: When an admin withdrew the count (a wrong file, the wrong contest); a withdrawn count is kept, not offered.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_reason: Mapped[str | None] = mapped_column(String(500))
