"""Elections, their contests, the nomination stages and routes, and the admin acts that move a contest."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.elections.stamps import new_stamp
from tracker.extensions import db
from tracker.times import DEFAULT_TIMEZONE
from tracker.types import UTCDateTime, utcnow
from tracker.vocabulary import COUNTING_STATUSES

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
    #: Loaded with the election (one query for however many elections): every verdict's sentences use them.
    kinds: Mapped[list[ElectionKind]] = relationship(
        back_populates="election", order_by="ElectionKind.position", cascade="all, delete-orphan", lazy="selectin"
    )


class ElectionKind(db.Model):
    """A kind of nominating body an election declares beyond mp, clp and affiliate (or whose words it changes)."""

    __tablename__ = "election_kind"
    __table_args__ = (UniqueConstraint("election_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"), index=True)
    #: The kind's id in the definition file and the bodies CSV, e.g. "msp".
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(80))
    plural: Mapped[str] = mapped_column(String(80))
    #: Whether a body of this kind is one person (suspensions apply; self-nomination is known).
    person: Mapped[bool] = mapped_column(Boolean, default=False)
    #: What its bodies' `group` values are, in the plural, e.g. "local parties" (for `spread`).
    groups: Mapped[str | None] = mapped_column(String(80))

    election: Mapped[Election] = relationship(back_populates="kinds")


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
    #: Whether the incumbent (a candidacy marked so) meets every stage without nominations.
    incumbent_exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Whether a nomination from a candidate's own body counts.
    self_nomination: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Candidates who have not consented to nomination by then are off the ballot; None: no such rule.
    consent_by: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: A token that changes with every write that could change the contest's rules (tracker.elections.stamps):
    #: rules built from one stamp are kept and reused until it moves. None: nothing is kept.
    rules_stamp: Mapped[str | None] = mapped_column(String(32), default=new_stamp)

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
    #: The window as the definition first wrote it; amendments change it from the moment they were made.
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: False for a stage whose nominations are recorded and shown but never decide the ballot.
    gates: Mapped[bool] = mapped_column(Boolean, default=True)

    contest: Mapped[Contest] = relationship(back_populates="stages")
    routes: Mapped[list[Route]] = relationship(
        back_populates="stage", order_by="[Route.position, Route.part]", cascade="all, delete-orphan"
    )
    #: Loaded with the stages (one query for however many): the rules read the timetable in force at a moment.
    amendments: Mapped[list[StageAmendment]] = relationship(
        back_populates="stage", order_by="StageAmendment.position", cascade="all, delete-orphan", lazy="selectin"
    )


class StageAmendment(db.Model):
    """A change to a stage's window, and the moment it was made: before then the old window stands."""

    __tablename__ = "stage_amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime())
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)

    stage: Mapped[Stage] = relationship(back_populates="amendments")


class Route(db.Model):
    """One way of meeting a stage (or one part of a route whose parts must all hold); every condition set on it
    must hold."""

    __tablename__ = "route"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    #: Which part of an `all = [...]` route this row is (1, 2...); None for a route of one part.
    part: Mapped[int | None] = mapped_column(Integer)
    #: A kind id, or several pooled under one threshold, separated by commas ("mp,mep").
    kind: Mapped[str] = mapped_column(String(200))
    count: Mapped[int | None] = mapped_column(Integer)
    #: Exact decimal as written in the definition, e.g. "0.10": share of registered bodies, rounded up.
    share: Mapped[str | None] = mapped_column(String(20))
    #: Explicit base for `share` instead of the number of registered bodies.
    of: Mapped[int | None] = mapped_column(Integer)
    unions: Mapped[int | None] = mapped_column(Integer)
    #: Exact decimal: nominators' affiliated membership as a share of all affiliates'.
    membership_share: Mapped[str | None] = mapped_column(String(20))
    #: Nominators from at least this many distinct groups (the bodies' `group`).
    spread: Mapped[int | None] = mapped_column(Integer)

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
