"""Appeals (petitions and sign-up forms), their supporters' signatures, consents as append-only events, the
share ledger of every export, and erasures recorded without personal data."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.types import UTCDateTime, utcnow
from tracker.vocabulary import ConsentEventKind, SignatureStatus, sql_list


class Appeal(db.Model):
    """An organisation's public petition or sign-up form."""

    __tablename__ = "appeal"
    __table_args__ = (UniqueConstraint("organisation_id", "slug"), CheckConstraint("target IS NULL OR target > 0",
                                                                                   name="target_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    #: Whom it petitions ("the NEC"); empty for a sign-up form.
    petitioning: Mapped[str] = mapped_column(String(200), default="")
    #: Markdown, rendered safely.
    text: Mapped[str] = mapped_column(Text, default="")
    target: Mapped[int | None] = mapped_column(Integer)
    privacy_url: Mapped[str] = mapped_column(String(500), default="")
    #: Set when the organiser closed it by hand (None while open).
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: An optional closing date set in advance.
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The contest and suspension whose facts put dated notices on it.
    contest_id: Mapped[int | None] = mapped_column(ForeignKey("contest.id", ondelete="SET NULL"))
    suspension_id: Mapped[int | None] = mapped_column(ForeignKey("suspension.id", ondelete="SET NULL"))
    #: Close when the contest's ballot opens.
    close_when_ballot_opens: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    organisation = relationship("Organisation")
    contest = relationship("Contest")
    suspension = relationship("Suspension")
    consent_texts: Mapped[list[ConsentText]] = relationship(back_populates="appeal", order_by="ConsentText.id")


class ConsentText(db.Model):
    """One consent choice an appeal asks, in the organisation's exact words: never edited (a new wording is a new
    version), so that every consent event points at exactly what was agreed to."""

    __tablename__ = "consent_text"
    __table_args__ = (UniqueConstraint("appeal_id", "choice", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeal.id"), index=True)
    #: The choice's name in the form: the checkbox is `consent_<choice>`.
    choice: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    wording: Mapped[str] = mapped_column(Text)
    #: Who the data may go to, by name ("local and regional groups of the alliance").
    recipients: Mapped[str] = mapped_column(String(500))
    #: SHA-256 of choice, version, wording and recipients.
    hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    appeal: Mapped[Appeal] = relationship(back_populates="consent_texts")


class Supporter(db.Model):
    """One normalised email address; erased, the address is gone and the row stays for anonymous counts."""

    __tablename__ = "supporter"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lower-cased and trimmed; None once erased.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SupporterLink(db.Model):
    """An emailed "my data" link: only the token's SHA-256 is stored."""

    __tablename__ = "supporter_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    supporter_id: Mapped[int] = mapped_column(ForeignKey("supporter.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


#: A signature's status and its dates cannot disagree (the same text is in migration 0012).
SIGNATURE_STATUS_AGREES = (
    "(status = 'confirmed' AND confirmed_at IS NOT NULL AND withdrawn_at IS NULL)"
    " OR (status = 'withdrawn' AND withdrawn_at IS NOT NULL)"
    " OR (status IN ('pending', 'held') AND confirmed_at IS NULL AND withdrawn_at IS NULL)"
)


class Signature(db.Model):
    """A supporter's signature of an appeal: counted only once confirmed through the emailed link."""

    __tablename__ = "signature"
    __table_args__ = (
        UniqueConstraint("appeal_id", "supporter_id"),
        CheckConstraint(f"status in {sql_list(SignatureStatus)}", name="status_known"),
        CheckConstraint(SIGNATURE_STATUS_AGREES, name="status_agrees_with_dates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeal.id"), index=True)
    supporter_id: Mapped[int] = mapped_column(ForeignKey("supporter.id"), index=True)
    #: Kept as a column, for the counts' index, but bound to the dates by a check: confirmed only with
    #: `confirmed_at`, withdrawn only with `withdrawn_at`, and neither date on a pending or held one.
    status: Mapped[str] = mapped_column(String(16), index=True)
    #: The name as given; None once erased.
    name: Mapped[str | None] = mapped_column(String(200))
    #: The CLP given (optional); None once erased.
    body_id: Mapped[int | None] = mapped_column(ForeignKey("nominating_body.id", ondelete="SET NULL"))
    #: The CLP's region, kept after erasure for the anonymous counts by region.
    region: Mapped[str | None] = mapped_column(String(80))
    #: Why it is held rather than counted ("too many signatures from one address").
    held_reason: Mapped[str | None] = mapped_column(String(200))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: SHA-256 of the confirmation link's token; None once used.
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    confirm_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When the one "you have already signed" mail went to this address, so that it goes at most once.
    repeat_mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    appeal = relationship("Appeal")
    supporter = relationship("Supporter")
    body = relationship("NominatingBody")


class ConsentEvent(db.Model):
    """One dated consent choice (given, refused, withdrawn, erased): appended, never changed."""

    __tablename__ = "consent_event"
    __table_args__ = (CheckConstraint(f"kind in {sql_list(ConsentEventKind)}", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supporter_id: Mapped[int] = mapped_column(ForeignKey("supporter.id"), index=True)
    signature_id: Mapped[int] = mapped_column(ForeignKey("signature.id"), index=True)
    consent_text_id: Mapped[int] = mapped_column(ForeignKey("consent_text.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: How it was made: "signing form", "my data page", "erasure".
    how: Mapped[str] = mapped_column(String(40))

    consent_text = relationship("ConsentText")


class ShareExport(db.Model):
    """The share ledger: one row per export of an appeal's signers (who, when, why, which filter, to whom)."""

    __tablename__ = "share_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeal.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: Who exported, as shown (the account's email, or a command's label).
    actor_label: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    purpose: Mapped[str] = mapped_column(String(60))
    #: The purpose in the exporter's own words.
    note: Mapped[str] = mapped_column(Text, default="")
    #: The filter applied, in words.
    filter: Mapped[str] = mapped_column(String(300))
    recipients: Mapped[str] = mapped_column(String(500))
    count: Mapped[int] = mapped_column(Integer)

    appeal = relationship("Appeal")
    entries: Mapped[list[ShareExportEntry]] = relationship(back_populates="export", order_by="ShareExportEntry.id")


class ShareExportEntry(db.Model):
    """One supporter in one export, with the copy of their data that went out (removed by erasure)."""

    __tablename__ = "share_export_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[int] = mapped_column(ForeignKey("share_export.id"), index=True)
    supporter_id: Mapped[int] = mapped_column(ForeignKey("supporter.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    clp: Mapped[str | None] = mapped_column(String(200))

    export: Mapped[ShareExport] = relationship(back_populates="entries")


class Erasure(db.Model):
    """That a supporter was erased, without their data: a salted hash of the address lets a restore from an older
    backup find and erase them again."""

    __tablename__ = "erasure"

    id: Mapped[int] = mapped_column(primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    salt: Mapped[str] = mapped_column(String(32))
    #: SHA-256 of salt and the normalised address.
    email_hash: Mapped[str] = mapped_column(String(64))


class AppendOnly(RuntimeError):
    """A consent text or a consent event was about to be changed: both are records, only ever added."""


@event.listens_for(ConsentText, "before_update")
@event.listens_for(ConsentEvent, "before_update")
def _never_changed(mapper, connection, target) -> None:
    raise AppendOnly(f"A {type(target).__name__} is never changed: add a new one (a new version, a new event).")
