"""Organisations and their slates: a private draft and immutable published versions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.types import UTCDateTime, utcnow


class Organisation(db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class Slate(db.Model):
    """An organisation's recommendations for one election."""

    __tablename__ = "slate"
    __table_args__ = (UniqueConstraint("organisation_id", "election_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    #: The private draft: {"<contest slug>": [{"name": ..., "otherwise": [...]}, ...]}.
    draft: Mapped[dict] = mapped_column(JSON, default=dict)
    draft_updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation = relationship("Organisation")
    election = relationship("Election")
    versions: Mapped[list[SlateVersion]] = relationship(
        back_populates="slate", order_by="SlateVersion.number", cascade="all, delete-orphan"
    )


class SlateVersion(db.Model):
    """A published version: never edited; a change is published as the next number."""

    __tablename__ = "slate_version"
    __table_args__ = (UniqueConstraint("slate_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slate_id: Mapped[int] = mapped_column(ForeignKey("slate.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    #: Same shape as Slate.draft, frozen at publication.
    content: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    slate: Mapped[Slate] = relationship(back_populates="versions")
