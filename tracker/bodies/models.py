"""Nominating bodies: MPs, constituency parties, affiliates and the kinds an election declares, registered per election."""
from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db


class NominatingBody(db.Model):
    __tablename__ = "nominating_body"
    __table_args__ = (
        UniqueConstraint("election_id", "code"),
        CheckConstraint("members >= 0", name="members_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The election whose register this body is on: `share` thresholds are measured against it.
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    #: mp, clp, affiliate or a kind the election declares (tracker.elections.models.ElectionKind).
    kind: Mapped[str] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(80))
    is_union: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Affiliated membership (affiliates only).
    members: Mapped[int] = mapped_column(Integer, default=0)
    #: The person an MP body (or one of another person kind) is, so that their suspension reaches their nominations.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    #: A group the body belongs to, e.g. a member's local party, for a route's `spread`.
    group: Mapped[str | None] = mapped_column("body_group", String(120))

    election = relationship("Election")
    person = relationship("Person")
