"""Elections, their contests, the nomination stages and routes, and the admin acts that move a contest."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.times import DEFAULT_TIMEZONE
from tracker.types import UTCDateTime, utcnow
from tracker.vocabulary import COUNTING_STATUSES, BodyKind, sql_list

#: How a contest's counting statuses are stored: comma-separated.
DEFAULT_COUNTING_STATUSES = ",".join(COUNTING_STATUSES)


class Election(db.Model):
    __tablename__ = "election"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    #: IANA zone in which the timetable is written and shown: DEFAULT_TIMEZONE unless the definition names another.
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    contests: Mapped[list[Contest]] = relationship(
        back_populates="election", order_by="Contest.position", cascade="all, delete-orphan"
    )


class Contest(db.Model):
    __tablename__ = "contest"
    __table_args__ = (
        UniqueConstraint("election_id", "slug"),
        CheckConstraint("seats >= 1", name="seats_positive"),
        CheckConstraint("max_nominations_per_body >= 1", name="max_nominations_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    #: Order of the contest within its election, as written in the definition file.
    position: Mapped[int] = mapped_column(Integer, default=0)
    seats: Mapped[int] = mapped_column(Integer, default=1)
    #: How many candidates one body may nominate in this contest (1 for a single-seat contest).
    max_nominations_per_body: Mapped[int] = mapped_column(Integer, default=1)
    #: Seats that must go to women (NEC sections); None when the contest has no such rule.
    min_women: Mapped[int | None] = mapped_column(Integer)
    #: Comma-separated nomination statuses that count towards thresholds.
    counting_statuses: Mapped[str] = mapped_column(String(64), default=DEFAULT_COUNTING_STATUSES)
    #: Whether a nomination from an MP stops counting while that MP is suspended.
    discount_suspended_mps: Mapped[bool] = mapped_column(Boolean, default=True)
    ballot_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ballot_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    result_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    election: Mapped[Election] = relationship(back_populates="contests")
    stages: Mapped[list[Stage]] = relationship(
        back_populates="contest", order_by="Stage.position", cascade="all, delete-orphan"
    )
    halts: Mapped[list[ContestHalt]] = relationship(
        back_populates="contest", order_by="ContestHalt.halted_at", cascade="all, delete-orphan"
    )

    @property
    def counting_status_set(self) -> frozenset[str]:
        return frozenset(s.strip() for s in self.counting_statuses.split(",") if s.strip())


class Stage(db.Model):
    """A nomination stage: a window and the routes by which a candidate meets it."""

    __tablename__ = "stage"
    __table_args__ = (
        UniqueConstraint("contest_id", "key"),
        CheckConstraint("opens_at < closes_at", name="window_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    #: The stage's id in the definition file and URLs, e.g. "plp".
    key: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())

    contest: Mapped[Contest] = relationship(back_populates="stages")
    routes: Mapped[list[Route]] = relationship(
        back_populates="stage", order_by="Route.position", cascade="all, delete-orphan"
    )


class Route(db.Model):
    """One way of meeting a stage; every condition set on it must hold."""

    __tablename__ = "route"
    __table_args__ = (CheckConstraint(f"kind in {sql_list(BodyKind)}", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    count: Mapped[int | None] = mapped_column(Integer)
    #: Exact decimal as written in the definition, e.g. "0.10": share of registered bodies, rounded up.
    share: Mapped[str | None] = mapped_column(String(20))
    #: Explicit base for `share` instead of the number of registered bodies.
    of: Mapped[int | None] = mapped_column(Integer)
    unions: Mapped[int | None] = mapped_column(Integer)
    #: Exact decimal: nominators' affiliated membership as a share of all affiliates'.
    membership_share: Mapped[str | None] = mapped_column(String(20))

    stage: Mapped[Stage] = relationship(back_populates="routes")


class ContestHalt(db.Model):
    """An admin's halt of a contest, shown publicly with its reason, until resumed."""

    __tablename__ = "contest_halt"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    halted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)

    contest: Mapped[Contest] = relationship(back_populates="halts")
