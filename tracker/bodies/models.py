"""Nominating bodies: MPs, constituency parties and affiliates, registered per election."""
from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.vocabulary import BodyKind, sql_list


class NominatingBody(db.Model):
    __tablename__ = "nominating_body"
    __table_args__ = (
        UniqueConstraint("election_id", "code"),
        CheckConstraint(f"kind in {sql_list(BodyKind)}", name="kind_known"),
        CheckConstraint("members >= 0", name="members_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The election whose register this body is on: `share` thresholds are measured against it.
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(80))
    is_union: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Affiliated membership (affiliates only).
    members: Mapped[int] = mapped_column(Integer, default=0)
    #: The person an MP body is, so that their suspension reaches their nominations.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)

    election = relationship("Election")
    person = relationship("Person")
