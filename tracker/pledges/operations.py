"""Writing pledges: publishing, revising (a new version once signed), inviting, signing, declining and recording
a signature given elsewhere. Each act is flushed and audited, publicly, in every contest the pledge concerns."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from tracker import types as clock
from tracker.accounts.permissions import is_admin, is_candidate, is_organiser_of
from tracker.audit.operations import record
from tracker.candidates.models import Candidacy, Person
from tracker.elections.models import Contest, Election
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.pledges import services
from tracker.pledges.models import Pledge, PledgeDecline, PledgeInvitation, PledgeSignature, PledgeVersion
from tracker.vocabulary import SLUG, SLUG_RULE, AuditAction, PledgeState, slugify

MAX_TITLE = 200
MAX_TEXT = 20_000
MAX_STATEMENT = 2_000
MAX_EVIDENCE = 1_000


def can_manage(pledge: Pledge, user) -> bool:
    """An admin, an organiser of the publishing organisation, or the candidate who proposed it."""
    if is_admin(user):
        return True
    if pledge.organisation is not None and is_organiser_of(pledge.organisation, user):
        return True
    return pledge.proposed_by is not None and is_candidate(pledge.proposed_by, user)


def can_publish(user) -> bool:
    return bool(user and user.is_authenticated and (is_admin(user) or is_candidate(None, user)
                                                     or (user.role == "organiser" and user.organisation_id)))


def _audit(action: AuditAction, obj, pledge: Pledge, summary: str, contests=None, **details) -> None:
    """One public event in each contest concerned, so that every contest's feed shows the act."""
    for contest in contests if contests is not None else pledge.contests:
        record(action, obj, after={"pledge": pledge.slug, **details}, summary=summary, public=True,
               election_id=pledge.election_id, contest_id=contest.id)


def _text_problems(title: str, text: str) -> list[tuple[str, str]]:
    problems = []
    if not title:
        problems.append(("title", "A pledge needs a title."))
    elif len(title) > MAX_TITLE:
        problems.append(("title", f"The title must be at most {MAX_TITLE} characters."))
    if not text:
        problems.append(("text", "A pledge needs its text."))
    elif len(text) > MAX_TEXT:
        problems.append(("text", f"The text must be at most {MAX_TEXT:,} characters."))
    return problems


def publish_pledge(election: Election, title: str, text: str, contests: list[Contest], by, slug: str = "",
                   proposed_by: Person | None = None) -> Pledge:
    """Publish a pledge as version 1: by an admin, an organiser (for their organisation) or a candidate (proposed by
    them). `by=None` is the command line (the demo), acting as an admin, naming the proposer if any."""
    title, text, slug = (title or "").strip(), (text or "").strip(), (slug or "").strip() or slugify(title or "", "pledge")
    problems = _text_problems(title, text)
    if by is not None and not can_publish(by):
        problems.append(("", "Only an admin, an organiser or a candidate may publish a pledge."))
    if not contests:
        problems.append(("contests", "Choose at least one contest the pledge concerns."))
    elif any(c.election_id != election.id for c in contests):
        problems.append(("contests", f"Every contest must belong to {election.title}."))
    if not SLUG.match(slug) or len(slug) > 80 or slug == "new":
        problems.append(("slug", f"The pledge's address must be {SLUG_RULE} (at most 80), and not 'new'."))
    elif services.pledge_by_slug(election, slug) is not None:
        problems.append(("slug", f"{election.title} already has a pledge at {slug!r}."))
    if problems:
        raise DomainError(problems)
    if by is not None:
        proposed_by = by.person if by.role == "candidate" else None
    pledge = Pledge(election_id=election.id, slug=slug, title=title, contests=list(contests),
                    published_by_id=by.id if by is not None else None,
                    organisation_id=by.organisation_id if by is not None and by.role == "organiser" else None,
                    proposed_by=proposed_by, published_at=clock.utcnow())
    pledge.versions.append(PledgeVersion(number=1, text=text, published_at=pledge.published_at))
    db.session.add(pledge)
    db.session.flush()
    who = pledge.proposed_by.name if pledge.proposed_by else pledge.organisation.name if pledge.organisation else None
    _audit(AuditAction.PLEDGE_PUBLISH, pledge, pledge,
           f"Pledge published: {title}" + (f" (proposed by {who})" if who else ""), title=title, version=1)
    return pledge


def _signed(version: PledgeVersion) -> bool:
    return db.session.scalar(select(PledgeSignature.id).where(PledgeSignature.version_id == version.id).limit(1)) is not None


def revise_pledge(pledge: Pledge, text: str, *, in_place: bool, version: int | None = None) -> PledgeVersion:
    """Change a pledge's text. Before anyone has signed the current version it may be corrected in place; once
    signed, the change is a new version, its signers (and those asked and not yet answering) are asked to sign it,
    and every signature stays with the version signed."""
    text = (text or "").strip()
    current = pledge.current
    problems = _text_problems(pledge.title, text)
    if version is not None and version != current.number:
        problems.append(("", f"Version {version} is not the current version ({current.number}): "
                                    "only the current text can be changed."))
    elif text == current.text:
        problems.append(("text", f"The text is the same as version {current.number}'s."))
    if in_place and _signed(current):
        problems.append(("text", f"Version {current.number} has been signed, so its text cannot be changed in place: "
                                 "publish the change as a new version."))
    if problems:
        raise DomainError(problems)
    if in_place:
        before = current.text
        current.text = text
        _audit(AuditAction.PLEDGE_EDIT, current, pledge, f"{pledge.title}: version {current.number} corrected "
               "before anyone signed", version=current.number, before=before)
        return current
    new = PledgeVersion(number=current.number + 1, text=text, published_at=clock.utcnow())
    pledge.versions.append(new)
    db.session.flush()
    _audit(AuditAction.PLEDGE_NEW_VERSION, new, pledge, f"{pledge.title}: version {new.number} published",
           version=new.number)
    for row in services.standings([pledge])[pledge.id]:
        if row.state in (PledgeState.SIGNED, PledgeState.INVITED) and row.person.id not in _invited_to(new):
            _invite(pledge, row.person)
    return new


def _invited_to(version: PledgeVersion) -> set[int]:
    return set(db.session.scalars(select(PledgeInvitation.person_id).where(PledgeInvitation.version_id == version.id)))


def _candidacies(pledge: Pledge, person: Person) -> list[Candidacy]:
    ids = {c.id for c in pledge.contests}
    return [c for c in person.candidacies if c.contest_id in ids]


def _invite(pledge: Pledge, person: Person) -> PledgeInvitation:
    invitation = PledgeInvitation(pledge_id=pledge.id, version_id=pledge.current.id, person_id=person.id,
                                  invited_at=clock.utcnow())
    db.session.add(invitation)
    db.session.flush()
    _audit(AuditAction.PLEDGE_INVITE, invitation, pledge,
           f"{person.name} asked to sign {pledge.title} (version {pledge.current.number})",
           [c.contest for c in _candidacies(pledge, person)], person=person.name, version=pledge.current.number)
    return invitation


def invite(pledge: Pledge, people: list[Person]) -> list[PledgeInvitation]:
    """Ask these candidates to sign the current version; those already asked or who answered it are skipped."""
    problems = [("candidates", f"{p.name} does not stand in a contest this pledge concerns.")
                for p in people if not _candidacies(pledge, p)]
    if not people:
        problems.append(("candidates", "Choose at least one candidate to invite."))
    if problems:
        raise DomainError(problems)
    rows = {row.person.id: row for row in services.standings([pledge], people)[pledge.id]}
    asked = _invited_to(pledge.current)
    made = []
    for person in people:
        row = rows.get(person.id)
        answered = row is not None and row.version == pledge.current.number
        if person.id not in asked and not answered:
            made.append(_invite(pledge, person))
            asked.add(person.id)
    return made


def _answer_problems(pledge: Pledge, person: Person) -> list[tuple[str, str]]:
    if not _candidacies(pledge, person):
        names = ", ".join(c.title for c in pledge.contests)
        return [("", f"{person.name} is not a candidate in {names}, which this pledge concerns.")]
    current = pledge.current
    if db.session.scalar(select(PledgeSignature.id).where(PledgeSignature.version_id == current.id,
                                                           PledgeSignature.person_id == person.id)):
        return [("", f"{person.name} has already signed version {current.number} of {pledge.title}.")]
    if db.session.scalar(select(PledgeDecline.id).where(PledgeDecline.version_id == current.id,
                                                         PledgeDecline.person_id == person.id)):
        return [("", f"{person.name} has already declined version {current.number} of {pledge.title}.")]
    return []


def sign(pledge: Pledge, person: Person, *, evidence: str = "", signed_at: datetime | None = None,
         recorded_by=None) -> PledgeSignature:
    """The candidate signs the current version (from their account), or an admin records a signature given
    elsewhere, with its evidence (a URL or a note)."""
    evidence = (evidence or "").strip()
    problems = _answer_problems(pledge, person)
    if recorded_by is not None and not evidence:
        problems.append(("evidence", "Say where the signature was given: a URL or a note."))
    if len(evidence) > MAX_EVIDENCE:
        problems.append(("evidence", f"The evidence must be at most {MAX_EVIDENCE} characters."))
    now = clock.utcnow()
    if signed_at is not None and signed_at > now:
        problems.append(("signed_at", "A signature cannot be dated in the future."))
    if problems:
        raise DomainError(problems)
    signature = PledgeSignature(pledge_id=pledge.id, version_id=pledge.current.id, person_id=person.id,
                                signed_at=signed_at or now, evidence=evidence,
                                recorded_by_id=recorded_by.id if recorded_by is not None else None)
    db.session.add(signature)
    db.session.flush()
    action = AuditAction.PLEDGE_RECORD_SIGNATURE if recorded_by is not None else AuditAction.PLEDGE_SIGN
    summary = f"{person.name} signed {pledge.title} (version {pledge.current.number})"
    _audit(action, signature, pledge, summary + (f"; evidence: {evidence}" if evidence else ""),
           [c.contest for c in _candidacies(pledge, person)], person=person.name, version=pledge.current.number,
           evidence=evidence)
    return signature


def decline(pledge: Pledge, person: Person, statement: str = "") -> PledgeDecline:
    """The candidate declines the current version, with an optional statement."""
    statement = (statement or "").strip()
    problems = _answer_problems(pledge, person)
    if len(statement) > MAX_STATEMENT:
        problems.append(("statement", f"The statement must be at most {MAX_STATEMENT:,} characters."))
    if problems:
        raise DomainError(problems)
    refusal = PledgeDecline(pledge_id=pledge.id, version_id=pledge.current.id, person_id=person.id,
                            declined_at=clock.utcnow(), statement=statement)
    db.session.add(refusal)
    db.session.flush()
    _audit(AuditAction.PLEDGE_DECLINE, refusal, pledge,
           f"{person.name} declined to sign {pledge.title} (version {pledge.current.number})",
           [c.contest for c in _candidacies(pledge, person)], person=person.name, version=pledge.current.number)
    return refusal
