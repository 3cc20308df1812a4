"""A pledge, its versions, and each candidate's invitation, signature or refusal, tied to the version asked."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.types import UTCDateTime, utcnow

pledge_contest = Table(
    "pledge_contest",
    db.metadata,
    Column("pledge_id", ForeignKey("pledge.id", ondelete="CASCADE"), primary_key=True),
    Column("contest_id", ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True),
)


class Pledge(db.Model):
    """A text candidates are asked to sign, such as a clean-campaign code; its words live in its versions."""

    __tablename__ = "pledge"
    __table_args__ = (UniqueConstraint("election_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    #: The organisation that published it (an organiser's pledge).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    #: The candidate who proposed it (a candidate's pledge is shown as "proposed by" them).
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    election = relationship("Election")
    organisation = relationship("Organisation")
    proposed_by = relationship("Person")
    contests = relationship("Contest", secondary=pledge_contest, order_by="Contest.id")
    versions: Mapped[list[PledgeVersion]] = relationship(
        back_populates="pledge", order_by="PledgeVersion.number", cascade="all, delete-orphan")

    @property
    def current(self) -> PledgeVersion:
        return self.versions[-1]


class PledgeVersion(db.Model):
    """One wording of a pledge; once anyone has signed it, it never changes (a new version is made instead)."""

    __tablename__ = "pledge_version"
    __table_args__ = (UniqueConstraint("pledge_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledge.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    #: Markdown.
    text: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    pledge: Mapped[Pledge] = relationship(back_populates="versions")


class PledgeInvitation(db.Model):
    """A candidate asked to sign one version."""

    __tablename__ = "pledge_invitation"
    __table_args__ = (UniqueConstraint("version_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledge.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("pledge_version.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    version = relationship("PledgeVersion")
    person = relationship("Person")


class PledgeSignature(db.Model):
    """A candidate's signature of one version: from their account, or recorded by an admin with its evidence."""

    __tablename__ = "pledge_signature"
    __table_args__ = (UniqueConstraint("version_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledge.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("pledge_version.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Where a signature given elsewhere can be seen (a URL or a note); empty when signed from the account.
    evidence: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    version = relationship("PledgeVersion")
    person = relationship("Person")


class PledgeDecline(db.Model):
    """A candidate's refusal to sign one version, with their optional statement."""

    __tablename__ = "pledge_decline"
    __table_args__ = (UniqueConstraint("version_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledge.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("pledge_version.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    declined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    statement: Mapped[str] = mapped_column(Text, default="")

    version = relationship("PledgeVersion")
    person = relationship("Person")
