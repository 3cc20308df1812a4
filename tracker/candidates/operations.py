"""People and candidacies: naming, declaring, withdrawing (each change flushed and audited, never committed)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from tracker.audit.operations import record
from tracker.candidates.models import Candidacy, Person
from tracker.elections.models import Contest
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.times import day_text, moment_text
from tracker.types import utcnow
from tracker.vocabulary import AuditAction, slugify


def clean_name(name: str) -> str:
    """A name as stored: trimmed, inner runs of spaces made single."""
    return " ".join(name.split())


def get_or_create_person(name: str) -> Person:
    """The person with this name, created (with a unique slug: sam-carter, sam-carter-2…) if new."""
    name = clean_name(name)
    if not name:
        raise DomainError([("name", "A name is required")])
    person = db.session.scalar(select(Person).where(Person.name == name))
    if person is not None:
        return person
    base = slugify(name)
    taken = set(db.session.scalars(select(Person.slug).where(Person.slug.like(f"{base}%"))))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    person = Person(name=name, slug=slug)
    db.session.add(person)
    record(AuditAction.PERSON_CREATE, person, after={"name": name, "slug": slug}, summary=f"{name} added")
    return person


def _state(candidacy: Candidacy) -> dict:
    return {
        "contest": candidacy.contest.slug,
        "name": candidacy.person.name,
        "woman": candidacy.woman,
        "withdrawn_at": candidacy.withdrawn_at.isoformat() if candidacy.withdrawn_at else None,
    } | _rule_state(candidacy)


def _rule_state(candidacy: Candidacy) -> dict:
    """The candidacy's facts for the rules beyond the basic routes, where set (so that others read as before)."""
    state = {}
    if candidacy.incumbent:
        state["incumbent"] = True
    if candidacy.body is not None:
        state["body"] = candidacy.body.code
    if candidacy.consented_at is not None:
        state["consented_at"] = candidacy.consented_at.isoformat()
    return state


def set_candidacy_rules(candidacy: Candidacy, *, incumbent: bool | None = None, body=None,
                        consented_at: datetime | None = None) -> bool:
    """Record that a candidate is the incumbent, which body is their own, and when they consented to nomination
    (None leaves a fact as it is); False when nothing changed."""
    wanted = {}
    if incumbent is not None and bool(candidacy.incumbent) is not incumbent:
        wanted["incumbent"] = incumbent
    if body is not None and candidacy.body_id != body.id:
        if body.election_id != candidacy.contest.election_id:
            raise DomainError([("body", f"{body.name} is not on the register of {candidacy.contest.election.title}")])
        wanted["body"] = body
    if consented_at is not None and candidacy.consented_at != consented_at:
        wanted["consented_at"] = consented_at
    if not wanted:
        return False
    before = _state(candidacy)
    for name, value in wanted.items():
        setattr(candidacy, name, value)
    db.session.flush()
    record(
        AuditAction.CANDIDACY_UPDATE, candidacy, before=before, after=_state(candidacy),
        summary=f"Details of {candidacy.person.name}'s candidacy for {candidacy.contest.title} corrected",
        **_where(candidacy),
    )
    return True


def _where(candidacy: Candidacy) -> dict:
    return {"election_id": candidacy.contest.election_id, "contest_id": candidacy.contest_id}


def declare_candidacy(contest: Contest, person: Person, woman: bool | None = None) -> Candidacy:
    """Enter a person as a candidate in a contest."""
    existing = db.session.scalar(
        select(Candidacy).where(Candidacy.contest_id == contest.id, Candidacy.person_id == person.id)
    )
    if existing is not None:
        raise DomainError([("name", f"{person.name} is already a candidate for {contest.title}")])
    candidacy = Candidacy(contest=contest, person=person, woman=woman)
    db.session.add(candidacy)
    record(
        AuditAction.CANDIDACY_CREATE, candidacy, after=_state(candidacy),
        summary=f"{person.name} is a candidate for {contest.title}", public=True, **_where(candidacy),
    )
    return candidacy


def add_candidate(contest: Contest, name: str, woman: bool | None = None) -> Candidacy:
    """Enter a candidate by name (the person is found, or added); a name already standing in the contest, however
    it is spaced or capitalised, is refused."""
    name = clean_name(name or "")
    if not name:
        raise DomainError([("name", "Give the candidate's name.")])
    if len(name) > 200:
        raise DomainError([("name", "A name has at most 200 characters.")])
    standing = db.session.scalars(
        select(Person.name).join(Candidacy, Candidacy.person_id == Person.id).where(Candidacy.contest_id == contest.id)
    ).all()
    same = next((other for other in standing if other.casefold() == name.casefold()), None)
    if same is not None:
        raise DomainError([("name", f"{same} is already a candidate for {contest.title}: nothing was added.")])
    person = db.session.scalar(select(Person).where(func.lower(Person.name) == name.lower())) or get_or_create_person(name)
    return declare_candidacy(contest, person, woman)


def update_candidacy(candidacy: Candidacy, *, woman: bool | None) -> Candidacy:
    """Record whether a candidate counts towards the contest's minimum of women."""
    if candidacy.woman is woman:
        return candidacy
    before = _state(candidacy)
    candidacy.woman = woman
    record(
        AuditAction.CANDIDACY_UPDATE, candidacy, before=before, after=_state(candidacy),
        summary=f"Details of {candidacy.person.name}'s candidacy for {candidacy.contest.title} corrected",
        **_where(candidacy),
    )
    return candidacy


def withdraw_candidacy(candidacy: Candidacy, withdrawn_at: datetime, *, now: datetime | None = None) -> Candidacy:
    """Record that a candidate left the contest at a moment: kept in the record, off the ballot from then on."""
    now = now or utcnow()
    name, contest = candidacy.person.name, candidacy.contest
    timezone = contest.election.timezone
    problems = []
    if withdrawn_at.tzinfo is None:
        problems.append(("withdrawn_at", "The time of the withdrawal must include its time zone"))
    elif withdrawn_at > now:
        problems.append(("withdrawn_at", f"A withdrawal cannot be dated in the future ({moment_text(withdrawn_at, timezone)})"))
    if candidacy.withdrawn_at is not None:
        problems.append(("withdrawn_at", f"{name} already withdrew from {contest.title} on {day_text(candidacy.withdrawn_at, timezone)}"))
    if problems:
        raise DomainError(problems)
    before = _state(candidacy)
    candidacy.withdrawn_at = withdrawn_at
    record(
        AuditAction.CANDIDACY_WITHDRAW, candidacy, before=before, after=_state(candidacy),
        summary=f"{name} withdrew from {contest.title} on {day_text(withdrawn_at, timezone)}", public=True,
        **_where(candidacy),
    )
    return candidacy


def reinstate_candidacy(candidacy: Candidacy) -> Candidacy:
    """Undo a withdrawal recorded in error: the candidate is back in the contest."""
    name, contest = candidacy.person.name, candidacy.contest
    if candidacy.withdrawn_at is None:
        raise DomainError([("withdrawn_at", f"{name} has not withdrawn from {contest.title}")])
    before = _state(candidacy)
    candidacy.withdrawn_at = None
    record(
        AuditAction.CANDIDACY_REINSTATE, candidacy, before=before, after=_state(candidacy),
        summary=f"{name} is again a candidate for {contest.title}", public=True, **_where(candidacy),
    )
    return candidacy


def undo_withdrawal(candidacy: Candidacy, reason: str) -> Candidacy:
    """Undo a withdrawal recorded in error, saying why: the candidate is back in the contest and its verdicts, and the
    audit trail keeps the withdrawal, its undoing and the reason."""
    name, contest = candidacy.person.name, candidacy.contest
    reason = " ".join((reason or "").split())
    problems = []
    if candidacy.withdrawn_at is None:
        problems.append(("withdrawn_at", f"{name} has not withdrawn from {contest.title}: there is nothing to undo."))
    if not reason:
        problems.append(("reason", "Give the reason the withdrawal is undone (for example, who recorded it in error)."))
    elif len(reason) > 500:
        problems.append(("reason", "The reason has at most 500 characters."))
    if problems:
        raise DomainError(problems)
    before = _state(candidacy)
    withdrew = day_text(candidacy.withdrawn_at, contest.election.timezone)
    candidacy.withdrawn_at = None
    record(
        AuditAction.CANDIDACY_REINSTATE, candidacy, before=before, after=_state(candidacy) | {"reason": reason},
        summary=f"The withdrawal of {name} from {contest.title} on {withdrew} was undone: {reason}", public=True,
        **_where(candidacy),
    )
    return candidacy
