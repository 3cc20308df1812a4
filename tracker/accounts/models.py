"""User accounts, their roles and the bodies or organisation they act for."""
from __future__ import annotations

from datetime import datetime
from functools import cache

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Integer, String, Table, bindparam, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.extensions import db
from tracker.types import MAX_INTEGER, UTCDateTime, utcnow

ROLES = ("admin", "secretary", "organiser", "candidate")

user_body = Table(
    "user_body",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("body_id", ForeignKey("nominating_body.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, db.Model):
    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint("role in ('admin', 'secretary', 'organiser', 'candidate')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    #: The organisation an organiser publishes for.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    #: The person a candidate's account speaks for (across every contest they stand in).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Counts the times every session of this user was ended (logout, password change, disabling). A session
    #: carries the number it was opened with, and is honoured only while the user's number is still that one.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    bodies = relationship("NominatingBody", secondary=user_body, order_by="NominatingBody.code")
    organisation = relationship("Organisation")
    person = relationship("Person")

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:  # Flask-Login: what a session and a remember-me cookie store
        return f"{self.id}:{self.session_generation}"

    @classmethod
    def from_session_id(cls, value: str | None) -> User | None:
        """The user a session or remember-me cookie names ("id:generation"), while it is still honoured: the
        generation is the user's current one and the account is active. Anything else is nobody."""
        ident, _, generation = (value or "").partition(":")
        if not all(part.isascii() and part.isdigit() and len(part) <= 10 for part in (ident, generation)):
            return None
        # With the bodies it acts for, in the same query: every secretary's page and write asks for them.
        user = (db.session.execute(with_bodies(), {"id": int(ident)}).unique().scalar_one_or_none()
                if 0 < int(ident) <= MAX_INTEGER else None)
        if user is None or not user.active or user.session_generation != int(generation):
            return None
        return user

    def end_sessions(self) -> None:
        """Every session and remember-me cookie made for this user until now stops working."""
        self.session_generation = (self.session_generation or 0) + 1

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@cache
def with_bodies():
    """The query for a user (by id) with the bodies they act for, built once, when every model is known: the
    session's user is loaded on every request."""
    return select(User).options(joinedload(User.bodies)).where(User.id == bindparam("id"))


class PasswordLink(db.Model):
    """A one-time link to set an account's password, made by an admin for any account whatever its role (an
    invitation to a new account, or a reset). Only a hash of the link's token is kept; the link works once,
    until it expires, and a newer link for the same account replaces it."""

    __tablename__ = "password_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the token in the link, in hex; the token itself is shown once, to the admin who made it.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: When it stops working: its lifetime's end, or the moment a newer link for the account replaced it.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: When the password was set with it; from then on it no longer works.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User", foreign_keys=[user_id])
