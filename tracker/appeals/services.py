"""Reading appeals: whether one is open, its counts (small groups suppressed), the dated notices its facts put
on it, the export purposes it offers, its signers (for its organiser only) and a supporter's own data."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from tracker.appeals.models import (
    Appeal,
    ConsentEvent,
    ConsentText,
    ShareExport,
    ShareExportEntry,
    Signature,
    Supporter,
)
from tracker.bodies.models import NominatingBody
from tracker.elections.models import Contest, Election
from tracker.extensions import db
from tracker.slates.models import Organisation
from tracker.times import DEFAULT_TIMEZONE, day_text, local_time
from tracker.vocabulary import BodyKind, ConsentEventKind, SignatureStatus, SuspensionOutcome

#: Groups smaller than this are shown as "fewer than 10", so that no small group points at a person.
SMALLEST_SHOWN = 10
FEWER = "fewer than 10"


def find_organisation(slug: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.slug == slug))


def find_appeal(organisation: str, slug: str) -> Appeal | None:
    return db.session.scalar(select(Appeal).join(Organisation).where(Organisation.slug == organisation,
                                                                     Appeal.slug == slug))


def appeals_of(organisation: Organisation | None = None) -> list[Appeal]:
    query = select(Appeal).order_by(Appeal.published_at.desc(), Appeal.id.desc())
    if organisation is not None:
        query = query.where(Appeal.organisation_id == organisation.id)
    return list(db.session.scalars(query))


def timezone_of(appeal: Appeal) -> str:
    return appeal.contest.election.timezone if appeal.contest is not None else DEFAULT_TIMEZONE


# --- open or closed --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppealState:
    open: bool
    #: Why it is closed, and since when ("closed when the ballot opened at 09:00 on 24 February 2026").
    reason: str = ""
    closed_at: datetime | None = None

    @property
    def status(self) -> str:
        return "open" if self.open else "closed"


def appeal_state(appeal: Appeal, now: datetime) -> AppealState:
    """Open or closed at `now`, from its closing by hand, its closing date, and its contest's ballot."""
    zone = timezone_of(appeal)
    moments = []
    if appeal.closed_at is not None and appeal.closed_at <= now:
        moments.append((appeal.closed_at, f"closed by {appeal.organisation.name} at {local_time(appeal.closed_at, zone)}"))
    if appeal.closes_at is not None and appeal.closes_at <= now:
        moments.append((appeal.closes_at, f"it closed at {local_time(appeal.closes_at, zone)}"))
    if appeal.close_when_ballot_opens and appeal.contest is not None:
        opens = appeal.contest.ballot_opens_at
        if opens is not None and opens <= now:
            moments.append((opens, f"it closed when the ballot opened at {local_time(opens, zone)}"))
    if not moments:
        return AppealState(True)
    at, reason = min(moments)
    return AppealState(False, reason, at)


# --- consents ----------------------------------------------------------------------------------------------------


def current_consents(appeal: Appeal) -> list[ConsentText]:
    """The consent choices the appeal asks now: the latest version of each."""
    latest: dict[str, ConsentText] = {}
    for text in appeal.consent_texts:
        if text.choice not in latest or text.version > latest[text.choice].version:
            latest[text.choice] = text
    return sorted(latest.values(), key=lambda t: t.id)


def consent_states(signature_ids: list[int]) -> dict[int, dict[str, str]]:
    """For each signature, each choice's latest event kind (given, refused, withdrawn, erased)."""
    states: dict[int, dict[str, str]] = {}
    if not signature_ids:
        return states
    rows = db.session.execute(
        select(ConsentEvent.signature_id, ConsentText.choice, ConsentEvent.kind)
        .join(ConsentText, ConsentText.id == ConsentEvent.consent_text_id)
        .where(ConsentEvent.signature_id.in_(signature_ids)).order_by(ConsentEvent.at, ConsentEvent.id))
    for signature_id, choice, kind in rows:
        states.setdefault(signature_id, {})[choice] = kind
    return states


def consents_asked(signature: Signature) -> list[ConsentText]:
    ids = db.session.scalars(select(ConsentEvent.consent_text_id).where(ConsentEvent.signature_id == signature.id)
                             .distinct()).all()
    return list(db.session.scalars(select(ConsentText).where(ConsentText.id.in_(ids)).order_by(ConsentText.id)))


def consents_given(signature: Signature) -> list[ConsentText]:
    """The consent texts whose latest event for this signature is `given`."""
    latest: dict[int, str] = {}
    for text_id, kind in db.session.execute(
            select(ConsentEvent.consent_text_id, ConsentEvent.kind).where(ConsentEvent.signature_id == signature.id)
            .order_by(ConsentEvent.at, ConsentEvent.id)):
        latest[text_id] = kind
    given = [text_id for text_id, kind in latest.items() if kind == ConsentEventKind.GIVEN]
    return list(db.session.scalars(select(ConsentText).where(ConsentText.id.in_(given)).order_by(ConsentText.id)))


# --- CLPs ----------------------------------------------------------------------------------------------------------


def clp_election(appeal: Appeal) -> Election | None:
    """The election whose register of CLPs the form offers: the contest's, else the latest defined."""
    if appeal.contest is not None:
        return appeal.contest.election
    return db.session.scalar(select(Election).order_by(Election.id.desc()).limit(1))


def clp_choices(appeal: Appeal) -> list[tuple[str, str]]:
    """(code, name) of each CLP the signing form offers, by name."""
    election = clp_election(appeal)
    if election is None:
        return []
    return [tuple(row) for row in db.session.execute(select(NominatingBody.code, NominatingBody.name).where(
        NominatingBody.election_id == election.id, NominatingBody.kind == BodyKind.CLP).order_by(NominatingBody.name))]


def find_clp(appeal: Appeal, code: str) -> NominatingBody | None:
    election = clp_election(appeal)
    if election is None:
        return None
    return db.session.scalar(select(NominatingBody).where(
        NominatingBody.election_id == election.id, NominatingBody.kind == BodyKind.CLP, NominatingBody.code == code))


# --- counts --------------------------------------------------------------------------------------------------------


def suppressed(counts: dict[str, int]) -> dict[str, int | str]:
    """Counts by group, each under SMALLEST_SHOWN given as "fewer than 10"."""
    return {group: (n if n >= SMALLEST_SHOWN else FEWER) for group, n in sorted(counts.items())}


@dataclass
class Counts:
    confirmed: int
    by_region: dict[str, int | str]
    by_clp: dict[str, int | str]
    threshold_reached_at: datetime | None
    #: For the organiser's page (and admins'): the signatures not counted, by status.
    pending: int = 0
    held: int = 0
    withdrawn: int = 0


NO_REGION = "No CLP given"


def counts(appeal: Appeal) -> Counts:
    """The confirmed count, by region and by CLP (small groups suppressed), and when the target was reached."""
    by_status = dict(db.session.execute(select(Signature.status, func.count()).where(Signature.appeal_id == appeal.id)
                                        .group_by(Signature.status)).all())
    counted = (Signature.appeal_id == appeal.id, Signature.status == SignatureStatus.CONFIRMED)
    regions = {(region or NO_REGION): n for region, n in db.session.execute(
        select(Signature.region, func.count()).where(*counted).group_by(Signature.region))}
    by_clp = {(name or NO_REGION): n for name, n in db.session.execute(
        select(NominatingBody.name, func.count()).select_from(Signature)
        .outerjoin(NominatingBody, NominatingBody.id == Signature.body_id).where(*counted)
        .group_by(NominatingBody.name))}
    reached = None
    if appeal.target:
        reached = db.session.scalar(select(Signature.confirmed_at).where(*counted).order_by(
            Signature.confirmed_at, Signature.id).offset(appeal.target - 1).limit(1))
    return Counts(confirmed=by_status.get(SignatureStatus.CONFIRMED, 0), by_region=suppressed(regions),
                  by_clp=suppressed(by_clp), threshold_reached_at=reached,
                  pending=by_status.get(SignatureStatus.PENDING, 0), held=by_status.get(SignatureStatus.HELD, 0),
                  withdrawn=by_status.get(SignatureStatus.WITHDRAWN, 0))


def confirmed_counts() -> dict[int, int]:
    """Every appeal's confirmed count, for listings."""
    return dict(db.session.execute(select(Signature.appeal_id, func.count()).where(
        Signature.status == SignatureStatus.CONFIRMED).group_by(Signature.appeal_id)).all())


# --- notices -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    at: datetime
    text: str


OUTCOME_WORDS = {SuspensionOutcome.LIFTED: "lifted", SuspensionOutcome.OVERTURNED: "overturned",
                 SuspensionOutcome.EXPELLED: "ended in expulsion"}


def notices(appeal: Appeal, now: datetime) -> list[Notice]:
    """Dated notices computed from the facts the appeal concerns (never from its signers), newest first."""
    zone = timezone_of(appeal)
    found: list[Notice] = []
    suspension = appeal.suspension
    if suspension is not None:
        name = suspension.person.name
        if suspension.starts_at <= now:
            found.append(Notice(suspension.starts_at, f"{name} was suspended on {day_text(suspension.starts_at, zone)}"))
        if suspension.ends_at is not None and suspension.ends_at <= now:
            how = OUTCOME_WORDS.get(suspension.outcome, "ended") if suspension.outcome else "ended"
            found.append(Notice(suspension.ends_at, f"{name}'s suspension {'was ' if how in ('lifted', 'overturned') else ''}"
                                                    f"{how} on {day_text(suspension.ends_at, zone)}"))
    contest: Contest | None = appeal.contest
    if contest is not None:
        for halt in contest.halts:
            if halt.halted_at <= now:
                found.append(Notice(halt.halted_at, f"{contest.title} was halted on {day_text(halt.halted_at, zone)}"))
            if halt.resumed_at is not None and halt.resumed_at <= now:
                found.append(Notice(halt.resumed_at,
                                    f"{contest.title} resumed on {day_text(halt.resumed_at, zone)}"))
        opens = contest.ballot_opens_at
        if opens is not None and opens <= now:
            found.append(Notice(opens, f"Ballot opened on {day_text(opens, zone)}"))
        closes = contest.ballot_closes_at
        if closes is not None and closes <= now:
            found.append(Notice(closes, f"Ballot closed on {day_text(closes, zone)}"))
    return sorted(found, key=lambda n: n.at, reverse=True)


def next_change(appeal: Appeal, now: datetime) -> list[datetime]:
    """Moments after `now` at which the page changes with nothing written (a notice appears, the appeal closes)."""
    moments = [appeal.closes_at]
    if appeal.suspension is not None:
        moments += [appeal.suspension.starts_at, appeal.suspension.ends_at]
    if appeal.contest is not None:
        moments += [appeal.contest.ballot_opens_at, appeal.contest.ballot_closes_at]
    return [m for m in moments if m is not None and m > now]


# --- exports -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Purpose:
    label: str
    filter: str
    recipients: str
    #: The consent choice every exported signer must have given (and not withdrawn); None for the organisation's
    #: own use.
    consent: str | None = None


OWN_USE = "own_use"


def export_purposes(appeal: Appeal) -> dict[str, Purpose]:
    """What an export may be for: the organisation's own use, or sharing under one of the consents asked."""
    purposes = {OWN_USE: Purpose(f"for {appeal.organisation.name}'s own use, not shared",
                                 "every confirmed signer who has not withdrawn", appeal.organisation.name)}
    for text in current_consents(appeal):
        label = "for local groups" if text.choice == "local_groups" else f"to share under the consent “{text.choice}”"
        purposes[f"share_{text.choice}"] = Purpose(
            f"{label}: {text.recipients}",
            f"confirmed signers who have not withdrawn and whose consent “{text.choice}” is given and not withdrawn",
            text.recipients, text.choice)
    return purposes


@dataclass
class SignerRow:
    signature_id: int
    supporter_id: int
    name: str | None
    email: str | None
    clp_code: str | None
    clp_name: str | None
    region: str | None
    status: str
    signed_at: datetime
    confirmed_at: datetime | None
    held_reason: str | None
    consents: dict[str, bool] = field(default_factory=dict)


def signer_rows(appeal: Appeal, *, consent_needed: str | None = None, every_status: bool = False) -> list[SignerRow]:
    """The appeal's signers for its organiser: confirmed and not withdrawn (or every one, for the signers page);
    with `consent_needed`, only those whose latest event for that choice is `given`."""
    query = (select(Signature, Supporter.email, NominatingBody.code, NominatingBody.name)
             .join(Supporter, Supporter.id == Signature.supporter_id)
             .outerjoin(NominatingBody, NominatingBody.id == Signature.body_id)
             .where(Signature.appeal_id == appeal.id).order_by(Signature.signed_at, Signature.id))
    if not every_status:
        query = query.where(Signature.status == SignatureStatus.CONFIRMED)
    found = db.session.execute(query).all()
    states = consent_states([signature.id for signature, *_ in found])
    rows = []
    for signature, email, code, clp_name in found:
        consents = {choice: kind == ConsentEventKind.GIVEN for choice, kind in states.get(signature.id, {}).items()}
        if consent_needed is not None and not consents.get(consent_needed):
            continue
        rows.append(SignerRow(signature.id, signature.supporter_id, signature.name, email, code, clp_name,
                              signature.region, signature.status, signature.signed_at, signature.confirmed_at,
                              signature.held_reason, consents))
    return rows


def ledger(appeal: Appeal) -> list[ShareExport]:
    return list(db.session.scalars(select(ShareExport).where(ShareExport.appeal_id == appeal.id)
                                   .order_by(ShareExport.at.desc(), ShareExport.id.desc())))


# --- a supporter's own data ----------------------------------------------------------------------------------------


@dataclass
class HeldAboutYou:
    supporter: Supporter
    signatures: list[Signature]
    events: dict[int, list[ConsentEvent]]
    given: dict[int, list[ConsentText]]
    exports: list[ShareExport]


def held_about(supporter: Supporter) -> HeldAboutYou:
    """Everything held about a supporter: signatures, every consent event, every export that included them."""
    signatures = list(db.session.scalars(select(Signature).where(Signature.supporter_id == supporter.id)
                                         .order_by(Signature.signed_at)))
    events: dict[int, list[ConsentEvent]] = {}
    for event in db.session.scalars(select(ConsentEvent).where(ConsentEvent.supporter_id == supporter.id)
                                    .order_by(ConsentEvent.at, ConsentEvent.id)):
        events.setdefault(event.signature_id, []).append(event)
    exports = list(db.session.scalars(select(ShareExport).join(ShareExportEntry).where(
        ShareExportEntry.supporter_id == supporter.id).order_by(ShareExport.at).distinct()))
    return HeldAboutYou(supporter, signatures, events, {s.id: consents_given(s) for s in signatures}, exports)
