"""Every write about appeals: publishing and closing them, signing, confirming, withdrawing, consent events,
exports recorded in the share ledger, erasure, and purging what was never confirmed."""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from tracker.appeals import services
from tracker.appeals.models import (
    Appeal,
    ConsentEvent,
    ConsentText,
    Erasure,
    ShareExport,
    ShareExportEntry,
    Signature,
    Supporter,
    SupporterLink,
)
from tracker.audit.operations import current_actor, record
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.mail import send_mail
from tracker.mail.links import absolute_url, hash_token, new_token
from tracker.types import utcnow
from tracker.vocabulary import SLUG, SLUG_RULE, AuditAction, ConsentEventKind, SignatureStatus

#: How long a confirmation link works, and after how long an unconfirmed signature is purged.
CONFIRM_DAYS = 7
#: How long a "my data" link works.
MY_DATA_DAYS = 30
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
CHOICE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def normalise_email(text: str | None) -> str | None:
    """The address as stored and compared: trimmed, lower-cased; None when it is not an email address."""
    address = (text or "").strip().lower()
    return address if len(address) <= 254 and EMAIL.match(address) else None


def consent_hash(choice: str, version: int, wording: str, recipients: str) -> str:
    """The fingerprint of a consent text: what exactly was agreed to."""
    joined = "\x1f".join([choice, str(version), wording, recipients])
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


# --- organisers' acts ------------------------------------------------------------------------------------------


def publish_appeal(organisation, *, slug: str, title: str, petitioning: str = "", text: str = "",
                   target: int | None = None, privacy_url: str = "", closes_at: datetime | None = None,
                   contest=None, suspension=None, close_when_ballot_opens: bool = False,
                   consents: list[tuple[str, str, str]] = ()) -> Appeal:
    """Publish an appeal with the consent choices it asks, each (choice, wording, named recipients)."""
    problems = []
    slug = (slug or "").strip()
    if not SLUG.match(slug):
        problems.append(("slug", f"The slug must be {SLUG_RULE}."))
    elif db.session.scalar(select(Appeal.id).where(Appeal.organisation_id == organisation.id, Appeal.slug == slug)):
        problems.append(("slug", f"{organisation.name} already has an appeal {slug!r}."))
    if not (title or "").strip():
        problems.append(("title", "Give the appeal a title."))
    if target is not None and target < 1:
        problems.append(("target", "The target must be at least 1 signature, or left empty."))
    if privacy_url and not re.match(r"^https?://\S+$", privacy_url):
        problems.append(("privacy_url", "The privacy notice must be a web address starting http:// or https://."))
    if close_when_ballot_opens and contest is None:
        problems.append(("close_when_ballot_opens", "Choose the contest whose ballot closes the appeal."))
    seen = set()
    for choice, wording, recipients in consents:
        if not CHOICE.match(choice or ""):
            problems.append(("consents", f"The consent choice {choice!r} must be a short name of lower-case "
                                         "letters, digits and underscores, starting with a letter."))
        elif choice in seen:
            problems.append(("consents", f"The consent choice {choice!r} is asked twice."))
        seen.add(choice)
        if not (wording or "").strip() or not (recipients or "").strip():
            problems.append(("consents", f"The consent choice {choice!r} needs its exact wording and the named "
                                         "recipients of the data."))
    if problems:
        raise DomainError(problems)
    appeal = Appeal(organisation_id=organisation.id, slug=slug, title=title.strip(), petitioning=petitioning.strip(),
                    text=text, target=target, privacy_url=privacy_url, closes_at=closes_at,
                    contest_id=contest.id if contest else None, suspension_id=suspension.id if suspension else None,
                    close_when_ballot_opens=close_when_ballot_opens, published_at=utcnow(),
                    published_by_id=current_actor()[0])
    db.session.add(appeal)
    for choice, wording, recipients in consents:
        db.session.add(ConsentText(appeal=appeal, choice=choice, version=1, wording=wording.strip(),
                                   recipients=recipients.strip(),
                                   hash=consent_hash(choice, 1, wording.strip(), recipients.strip())))
    db.session.flush()
    record(AuditAction.APPEAL_PUBLISH, appeal, after={"organisation": organisation.slug, "slug": slug,
                                                      "title": appeal.title, "target": target,
                                                      "consents": sorted(seen)},
           summary=f"{organisation.name} published the appeal “{appeal.title}”", public=True,
           contest_id=appeal.contest_id)
    return appeal


def close_appeal(appeal: Appeal, now: datetime | None = None) -> None:
    """Close an appeal by hand: no more signatures or confirmations."""
    if appeal.closed_at is not None:
        raise DomainError("This appeal is already closed.")
    appeal.closed_at = now or utcnow()
    record(AuditAction.APPEAL_CLOSE, appeal, after={"closed_at": appeal.closed_at.isoformat()},
           summary=f"The appeal “{appeal.title}” was closed", public=True, contest_id=appeal.contest_id)


def reopen_appeal(appeal: Appeal) -> None:
    if appeal.closed_at is None:
        raise DomainError("This appeal is open.")
    before = appeal.closed_at.isoformat()
    appeal.closed_at = None
    record(AuditAction.APPEAL_REOPEN, appeal, before={"closed_at": before},
           summary=f"The appeal “{appeal.title}” was reopened", public=True, contest_id=appeal.contest_id)


def release_held(appeal: Appeal, now: datetime | None = None) -> int:
    """Send the held signatures their confirmation links: they count once confirmed, like any other."""
    now = now or utcnow()
    held = db.session.scalars(select(Signature).where(Signature.appeal_id == appeal.id,
                                                      Signature.status == SignatureStatus.HELD)).all()
    for signature in held:
        signature.status, signature.held_reason = SignatureStatus.PENDING, None
        signature.signed_at = now
        _mail_confirmation(signature, now)
    record(AuditAction.APPEAL_RELEASE_HELD, appeal, after={"released": len(held)},
           summary=f"{len(held)} held signatures of “{appeal.title}” were sent their confirmation links")
    return len(held)


# --- signing and confirming ----------------------------------------------------------------------------------


def sign(appeal: Appeal, *, name: str, email: str, body_code: str = "", ticked: set[str] = frozenset(),
         held_reason: str | None = None, now: datetime | None = None) -> None:
    """Sign an appeal. The outcome is never told to the signer (the page is the same whatever happened): a new
    signature waits for its confirmation link (or is held, over a limit); a repeat sends at most one "you have
    already signed" mail. Refused, with nothing written, for a closed appeal or a bad name, address, CLP or box."""
    now = now or utcnow()
    problems = []
    state = services.appeal_state(appeal, now)
    if not state.open:
        problems.append(("", f"This appeal is closed: {state.reason}. No more signatures are taken."))
    name = " ".join((name or "").split())
    if not name:
        problems.append(("name", "Enter your name."))
    elif len(name) > 200:
        problems.append(("name", "Your name must be at most 200 characters."))
    address = normalise_email(email)
    if address is None:
        problems.append(("email", "Enter an email address like name@example.org."))
    body = None
    if (body_code or "").strip():
        body = services.find_clp(appeal, body_code.strip())
        if body is None:
            problems.append(("body", f"There is no CLP with the code {body_code.strip()[:40]!r}. Choose yours from "
                                     "the list, or leave it empty."))
    asked = {text.choice: text for text in services.current_consents(appeal)}
    unknown = sorted(set(ticked) - set(asked))
    if unknown:
        problems.append(("", "This appeal does not ask for consent to " + ", ".join(repr(u) for u in unknown) + "."))
    if problems:
        raise DomainError(problems)
    supporter = _supporter(address, now)
    signature = db.session.scalar(select(Signature).where(Signature.appeal_id == appeal.id,
                                                          Signature.supporter_id == supporter.id))
    if signature is not None and signature.status != SignatureStatus.WITHDRAWN:
        _repeat(signature, now)
        return
    if signature is None:
        signature = Signature(appeal_id=appeal.id, supporter_id=supporter.id)
        try:
            with db.session.begin_nested():
                db.session.add(signature)
                _fill(signature, name, body, held_reason, now)
        except IntegrityError:  # the same address signed at this very moment in another request
            signature = db.session.scalar(select(Signature).where(Signature.appeal_id == appeal.id,
                                                                  Signature.supporter_id == supporter.id))
            _repeat(signature, now)
            return
    else:  # signing again after withdrawing: a new signature in the same place
        _fill(signature, name, body, held_reason, now)
        signature.confirmed_at = signature.withdrawn_at = None
        signature.repeat_mailed_at = None
    for choice, text in asked.items():
        kind = ConsentEventKind.GIVEN if choice in ticked else ConsentEventKind.REFUSED
        db.session.add(ConsentEvent(supporter_id=supporter.id, signature_id=signature.id, consent_text_id=text.id,
                                    kind=kind, at=now, how="signing form"))
    if signature.status == SignatureStatus.PENDING:
        _mail_confirmation(signature, now)


def _fill(signature: Signature, name: str, body, held_reason: str | None, now: datetime) -> None:
    signature.name, signature.body_id = name, body.id if body else None
    signature.region = body.region if body else None
    signature.status = SignatureStatus.HELD if held_reason else SignatureStatus.PENDING
    signature.held_reason = held_reason
    signature.signed_at = now
    db.session.flush()


def _supporter(address: str, now: datetime) -> Supporter:
    """The supporter with this address, made if new (safely, when two requests make it at once)."""
    found = db.session.scalar(select(Supporter).where(Supporter.email == address))
    if found is not None:
        return found
    supporter = Supporter(email=address, created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(supporter)
            db.session.flush()
        return supporter
    except IntegrityError:
        return db.session.scalar(select(Supporter).where(Supporter.email == address))


def _repeat(signature: Signature, now: datetime) -> None:
    """A repeat signing: one "you have already signed" mail at most (with a fresh link while unconfirmed)."""
    if signature.repeat_mailed_at is not None or signature.status == SignatureStatus.HELD:
        return
    claimed = db.session.execute(update(Signature).where(Signature.id == signature.id,
                                                         Signature.repeat_mailed_at.is_(None))
                                 .values(repeat_mailed_at=now)).rowcount
    if not claimed:
        return
    db.session.refresh(signature)
    appeal, address = signature.appeal, signature.supporter.email
    lines = [f"Someone, probably you, signed “{appeal.title}” again with this address.", ""]
    if signature.status == SignatureStatus.PENDING:
        token, signature.confirm_token_hash = _confirm_token()
        signature.confirm_expires_at = now + timedelta(days=CONFIRM_DAYS)
        lines += ["Your signature is not confirmed yet. Confirm it here:", absolute_url("appeals.confirm", token=token),
                  ""]
    else:
        lines += ["Your signature is already counted; nothing more is needed.", ""]
    lines += _my_data_lines(signature.supporter, now)
    send_mail(address, f"You have already signed: {appeal.title}", "\n".join(lines))


def _confirm_token() -> tuple[str, str]:
    return new_token()


def _mail_confirmation(signature: Signature, now: datetime) -> None:
    token, signature.confirm_token_hash = _confirm_token()
    signature.confirm_expires_at = now + timedelta(days=CONFIRM_DAYS)
    appeal = signature.appeal or db.session.get(Appeal, signature.appeal_id)
    supporter = signature.supporter or db.session.get(Supporter, signature.supporter_id)
    lines = [f"Thank you for signing “{appeal.title}”.", "",
             "Your signature counts only once you confirm it. Open this link and press the button:",
             absolute_url("appeals.confirm", token=token), "",
             f"The link works for {CONFIRM_DAYS} days. If you did not sign, ignore this mail: an unconfirmed "
             f"signature is deleted after {CONFIRM_DAYS} days.", ""]
    lines += _my_data_lines(supporter, now)
    send_mail(supporter.email, f"Confirm your signature: {appeal.title}", "\n".join(lines))


def _my_data_lines(supporter: Supporter, now: datetime) -> list[str]:
    return ["To see what is held about you, withdraw a consent or erase your data:", my_data_link(supporter, now)]


def my_data_link(supporter: Supporter, now: datetime | None = None) -> str:
    """A new "my data" link for the supporter (only its token's hash is stored)."""
    now = now or utcnow()
    token, stored = new_token()
    db.session.add(SupporterLink(supporter_id=supporter.id, token_hash=stored, created_at=now,
                                 expires_at=now + timedelta(days=MY_DATA_DAYS)))
    return absolute_url("appeals.my_data", token=token)


def mail_my_data_link(email: str, now: datetime | None = None) -> None:
    """Send a "my data" link to an address we hold; for one we do not, nothing (the page says the same)."""
    address = normalise_email(email)
    if address is None:
        raise DomainError([("email", "Enter an email address like name@example.org.")])
    supporter = db.session.scalar(select(Supporter).where(Supporter.email == address))
    if supporter is not None:
        send_mail(address, "Your data held by the Nominations Tracker",
                  "\n".join(["You asked for a link to the data held about you.", ""]
                            + _my_data_lines(supporter, now or utcnow())))


def confirm(token: str, now: datetime | None = None) -> Signature:
    """Confirm the signature a link names: it counts from now. Refused for an unknown, expired or used link."""
    now = now or utcnow()
    signature = signature_for_token(token)
    if signature is None:
        raise DomainError("This confirmation link is not valid: it may have been mistyped, or the signature was "
                          "deleted unconfirmed after 7 days. Sign again to get a new link.")
    if signature.status == SignatureStatus.CONFIRMED:
        raise DomainError("This link was already used: your signature is confirmed and counted.")
    if signature.status != SignatureStatus.PENDING:
        raise DomainError("This signature was withdrawn; sign again to add it back.")
    if signature.confirm_expires_at is not None and signature.confirm_expires_at < now:
        raise DomainError("This confirmation link has expired. Sign again to get a new one.")
    state = services.appeal_state(signature.appeal, now)
    if not state.open:
        raise DomainError(f"This appeal is closed: {state.reason}. The signature can no longer be confirmed.")
    done = db.session.execute(update(Signature).where(Signature.id == signature.id,
                                                      Signature.status == SignatureStatus.PENDING)
                              .values(status=SignatureStatus.CONFIRMED, confirmed_at=now)).rowcount
    if not done:  # confirmed a moment ago by another press of the button
        raise DomainError("This link was already used: your signature is confirmed and counted.")
    db.session.refresh(signature)
    return signature


def signature_for_token(token: str) -> Signature | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Signature).where(Signature.confirm_token_hash == hash_token(token)))


# --- the supporter's own acts ----------------------------------------------------------------------------------


def supporter_for_link(token: str, now: datetime | None = None) -> Supporter | None:
    """The supporter a "my data" link names while it works (None for an unknown or expired one)."""
    if not token or len(token) > 100:
        return None
    link = db.session.scalar(select(SupporterLink).where(SupporterLink.token_hash == hash_token(token)))
    if link is None or link.expires_at < (now or utcnow()):
        return None
    supporter = db.session.get(Supporter, link.supporter_id)
    return supporter if supporter is not None and supporter.erased_at is None else None


def _own_signature(supporter: Supporter, signature_id: int) -> Signature:
    signature = db.session.get(Signature, signature_id)
    if signature is None or signature.supporter_id != supporter.id:
        raise DomainError("That is not one of your signatures.")
    return signature


def withdraw_signature(supporter: Supporter, signature_id: int, now: datetime | None = None) -> Signature:
    """Take a signature back: it stops counting, and its consents are withdrawn with it."""
    now = now or utcnow()
    signature = _own_signature(supporter, signature_id)
    if signature.status == SignatureStatus.WITHDRAWN:
        raise DomainError("This signature is already withdrawn.")
    signature.status, signature.withdrawn_at = SignatureStatus.WITHDRAWN, now
    for text in services.consents_given(signature):
        db.session.add(ConsentEvent(supporter_id=supporter.id, signature_id=signature.id, consent_text_id=text.id,
                                    kind=ConsentEventKind.WITHDRAWN, at=now, how="signature withdrawn"))
    return signature


def withdraw_consent(supporter: Supporter, signature_id: int, choice: str, now: datetime | None = None) -> None:
    """Withdraw one consent: a new event; the one that gave it stays as the record of what was agreed."""
    signature = _own_signature(supporter, signature_id)
    given = {text.choice: text for text in services.consents_given(signature)}
    if choice not in given:
        raise DomainError("You have not given that consent for this appeal, or already withdrew it.")
    db.session.add(ConsentEvent(supporter_id=supporter.id, signature_id=signature.id,
                                consent_text_id=given[choice].id, kind=ConsentEventKind.WITHDRAWN,
                                at=now or utcnow(), how="my data page"))


def erase(supporter: Supporter, now: datetime | None = None) -> Erasure:
    """Erase a supporter: name, address and CLP go from every table, the share ledger's copies included; the
    counts stay (a confirmed signature still counts, anonymously, in its region). The erasure is recorded with a
    salted hash of the address only, so that a restore from an older backup can erase them again."""
    now = now or utcnow()
    address = supporter.email
    signatures = db.session.scalars(select(Signature).where(Signature.supporter_id == supporter.id)).all()
    for signature in signatures:
        for text in services.consents_asked(signature):
            db.session.add(ConsentEvent(supporter_id=supporter.id, signature_id=signature.id,
                                        consent_text_id=text.id, kind=ConsentEventKind.ERASED, at=now, how="erasure"))
        signature.name = signature.body_id = signature.confirm_token_hash = None
        signature.held_reason = None
    db.session.execute(update(ShareExportEntry).where(ShareExportEntry.supporter_id == supporter.id)
                       .values(name=None, email=None, clp=None))
    db.session.execute(delete(SupporterLink).where(SupporterLink.supporter_id == supporter.id))
    supporter.email, supporter.erased_at = None, now
    salt = secrets.token_hex(16)
    erasure = Erasure(erased_at=now, salt=salt, email_hash=erasure_hash(salt, address or ""))
    db.session.add(erasure)
    db.session.flush()
    record(AuditAction.SUPPORTER_ERASE, supporter, after={"erasure": erasure.id},
           summary="A supporter erased their data")
    return erasure


def erasure_hash(salt: str, address: str) -> str:
    return hashlib.sha256(f"{salt}:{address}".encode()).hexdigest()


def replay_erasures(records: list[dict] | None = None) -> int:
    """Erase again every supporter an erasure names (after a restore from an older backup): the erasures in
    `records` (as `erasures_json` writes them) or those in this database. How many were erased."""
    if records is None:
        records = erasures_json()
    known = db.session.scalars(select(Supporter).where(Supporter.email.is_not(None))).all()
    erased = 0
    for supporter in known:
        if any(erasure_hash(r["salt"], supporter.email) == r["email_hash"] for r in records):
            erase(supporter)
            erased += 1
    return erased


def erasures_json() -> list[dict]:
    """Every erasure, without personal data: what `replay_erasures` needs."""
    return [{"erased_at": e.erased_at.isoformat(), "salt": e.salt, "email_hash": e.email_hash}
            for e in db.session.scalars(select(Erasure).order_by(Erasure.id))]


# --- exports and the share ledger ------------------------------------------------------------------------------


def export_signers(appeal: Appeal, purpose: str, note: str = "", now: datetime | None = None
                   ) -> tuple[list[str], list[list]]:
    """The signers for an export, and its entry in the share ledger (who, when, why, filter, how many, to whom)."""
    now = now or utcnow()
    chosen = services.export_purposes(appeal).get(purpose)
    if chosen is None:
        raise DomainError([("purpose", "Choose what the export is for.")])
    rows = services.signer_rows(appeal, consent_needed=chosen.consent)
    actor_id, actor_label = current_actor()
    export = ShareExport(appeal_id=appeal.id, user_id=actor_id, actor_label=actor_label, at=now, purpose=purpose,
                         note=(note or "").strip()[:2000], filter=chosen.filter, recipients=chosen.recipients,
                         count=len(rows))
    db.session.add(export)
    db.session.flush()
    for row in rows:
        db.session.add(ShareExportEntry(export_id=export.id, supporter_id=row.supporter_id, name=row.name,
                                        email=row.email, clp=row.clp_name))
    record(AuditAction.APPEAL_EXPORT, export, after={"appeal": appeal.slug, "purpose": purpose, "filter": chosen.filter,
                                                     "recipients": chosen.recipients, "count": len(rows)},
           summary=f"{len(rows)} signers of “{appeal.title}” exported ({chosen.label})")
    consents = [text.choice for text in services.current_consents(appeal)]
    header = ["name", "email", "clp", "region", "confirmed_at", *[f"consent_{c}" for c in consents]]
    body = [[row.name, row.email, row.clp_code, row.region, row.confirmed_at,
             *[row.consents.get(c, False) for c in consents]] for row in rows]
    return header, body


# --- housekeeping ----------------------------------------------------------------------------------------------


def purge_unconfirmed(now: datetime | None = None, days: int = CONFIRM_DAYS) -> int:
    """Delete signatures never confirmed (pending or held) that are older than `days`, with their consent
    events, and supporters left with nothing. How many signatures went."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    stale = select(Signature.id).where(Signature.status.in_([SignatureStatus.PENDING, SignatureStatus.HELD]),
                                       Signature.confirmed_at.is_(None), Signature.signed_at < cutoff)
    ids = list(db.session.scalars(stale))
    if not ids:
        return 0
    db.session.execute(delete(ConsentEvent).where(ConsentEvent.signature_id.in_(ids)))
    db.session.execute(delete(Signature).where(Signature.id.in_(ids)))
    orphans = select(Supporter.id).where(
        ~Supporter.id.in_(select(Signature.supporter_id)),
        ~Supporter.id.in_(select(ShareExportEntry.supporter_id)),
        ~Supporter.id.in_(select(ConsentEvent.supporter_id)))
    orphan_ids = list(db.session.scalars(orphans))
    if orphan_ids:
        db.session.execute(delete(SupporterLink).where(SupporterLink.supporter_id.in_(orphan_ids)))
        db.session.execute(delete(Supporter).where(Supporter.id.in_(orphan_ids)))
    return len(ids)
