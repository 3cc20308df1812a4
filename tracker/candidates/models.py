"""People and their candidacies in contests (pledges: tracker.pledges; their voice: tracker.voices)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.types import UTCDateTime, utcnow


class Person(db.Model):
    """Someone who stands, nominates as an MP, or is suspended."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    candidacies: Mapped[list[Candidacy]] = relationship(back_populates="person")


class Candidacy(db.Model):
    """A person standing in one contest; withdrawal keeps the record and takes them off the ballot."""

    __tablename__ = "candidacy"
    __table_args__ = (UniqueConstraint("contest_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    #: Whether the candidate counts towards a contest's minimum of women; None when not given.
    woman: Mapped[bool | None] = mapped_column(Boolean)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The sitting office-holder (exempt from nominations where the contest says so).
    incumbent: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The candidate's own nominating body, whose nomination of them does not count where the contest says so.
    body_id: Mapped[int | None] = mapped_column(ForeignKey("nominating_body.id"), index=True)
    #: When the candidate consented to nomination (contests with a consent deadline).
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    contest = relationship("Contest")
    body = relationship("NominatingBody")
    person: Mapped[Person] = relationship(back_populates="candidacies")

