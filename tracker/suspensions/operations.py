"""Recording suspensions, their end and outcome (each change flushed and audited, never committed)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from tracker.audit.operations import record
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy, Person
from tracker.elections.models import Contest, Election
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.suspensions.models import Suspension
from tracker.times import DEFAULT_TIMEZONE, day_text
from tracker.vocabulary import AuditAction, SuspensionOutcome

NONE_PUBLISHED = "none published"


def clean_reason(reason: str | None) -> str | None:
    """A published reason, or None when there is none ("", "none published")."""
    reason = " ".join((reason or "").split())
    return None if not reason or reason.casefold() == NONE_PUBLISHED else reason


def _timezone(person: Person) -> str:
    """The zone in which to date this person's suspension: that of an election they stand or sit in."""
    zone = db.session.scalar(
        select(Election.timezone)
        .join(Contest, Contest.election_id == Election.id)
        .join(Candidacy, Candidacy.contest_id == Contest.id)
        .where(Candidacy.person_id == person.id)
        .limit(1)
    ) or db.session.scalar(
        select(Election.timezone)
        .join(NominatingBody, NominatingBody.election_id == Election.id)
        .where(NominatingBody.person_id == person.id)
        .limit(1)
    )
    return zone or DEFAULT_TIMEZONE


def _where(person: Person) -> dict:
    """The election and contest a person's suspension belongs to, where that is a single one."""
    contests = db.session.execute(
        select(Contest.id, Contest.election_id)
        .join(Candidacy, Candidacy.contest_id == Contest.id)
        .where(Candidacy.person_id == person.id)
    ).all()
    elections = {election_id for _, election_id in contests}
    elections.update(db.session.scalars(select(NominatingBody.election_id).where(NominatingBody.person_id == person.id)))
    return {
        "election_id": next(iter(elections)) if len(elections) == 1 else None,
        "contest_id": contests[0][0] if len(contests) == 1 else None,
    }


def _state(suspension: Suspension) -> dict:
    return {
        "person": suspension.person.name,
        "starts_at": suspension.starts_at.isoformat(),
        "ends_at": suspension.ends_at.isoformat() if suspension.ends_at else None,
        "reason": suspension.reason,
        "outcome": suspension.outcome,
    }


def _overlap_problems(person: Person, starts_at: datetime, ends_at: datetime | None, ignore: Suspension | None) -> list:
    """A suspension may not overlap another of the same person."""
    problems = []
    timezone = _timezone(person)
    for other in db.session.scalars(select(Suspension).where(Suspension.person_id == person.id)):
        if other is ignore:
            continue
        if (other.ends_at is None or starts_at < other.ends_at) and (ends_at is None or other.starts_at < ends_at):
            since = day_text(other.starts_at, timezone)
            until = f" until {day_text(other.ends_at, timezone)}" if other.ends_at else ""
            problems.append(("starts_at", f"{person.name} is already recorded as suspended from {since}{until}"))
    return problems


def _time_problems(starts_at: datetime, ends_at: datetime | None) -> list:
    problems = []
    if starts_at.tzinfo is None:
        problems.append(("starts_at", "The start of the suspension must include its time zone"))
    if ends_at is not None and ends_at.tzinfo is None:
        problems.append(("ends_at", "The end of the suspension must include its time zone"))
    if not problems and ends_at is not None and ends_at <= starts_at:
        problems.append(("ends_at", "A suspension must end after it starts"))
    return problems


def add_suspension(
    person: Person, starts_at: datetime, ends_at: datetime | None = None, reason: str | None = None
) -> Suspension:
    """Record that a person is suspended from a moment (to an optional end), with its published reason."""
    reason = clean_reason(reason)
    problems = _time_problems(starts_at, ends_at)
    if not problems:
        problems = _overlap_problems(person, starts_at, ends_at, ignore=None)
    if problems:
        raise DomainError(problems)
    suspension = Suspension(person=person, starts_at=starts_at, ends_at=ends_at, reason=reason)
    db.session.add(suspension)
    since = day_text(starts_at, _timezone(person))
    record(
        AuditAction.SUSPENSION_CREATE, suspension, after=_state(suspension),
        summary=f"{person.name} suspended from {since} (reason: {reason or NONE_PUBLISHED})", public=True,
        **_where(person),
    )
    return suspension


def update_suspension(suspension: Suspension, *, ends_at: datetime | None = ..., reason: str | None = ...) -> Suspension:
    """Correct a suspension's recorded end or reason (as an import does); unchanged values write nothing."""
    new_ends_at = suspension.ends_at if ends_at is ... else ends_at
    new_reason = suspension.reason if reason is ... else clean_reason(reason)
    if new_ends_at == suspension.ends_at and new_reason == suspension.reason:
        return suspension
    problems = _time_problems(suspension.starts_at, new_ends_at)
    if not problems:
        problems = _overlap_problems(suspension.person, suspension.starts_at, new_ends_at, ignore=suspension)
    if problems:
        raise DomainError(problems)
    before = _state(suspension)
    suspension.ends_at, suspension.reason = new_ends_at, new_reason
    record(
        AuditAction.SUSPENSION_UPDATE, suspension, before=before, after=_state(suspension),
        summary=f"The record of {suspension.person.name}'s suspension was corrected", public=True,
        **_where(suspension.person),
    )
    return suspension


def end_suspension(suspension: Suspension, ends_at: datetime | None, outcome: str) -> Suspension:
    """Record how a suspension ended: lifted or overturned at a moment, or expelled (out for good, no end)."""
    person = suspension.person
    timezone = _timezone(person)
    problems = []
    if outcome not in tuple(SuspensionOutcome):
        problems.append(("outcome", f"The outcome must be one of {', '.join(SuspensionOutcome)}"))
    if suspension.outcome is not None:
        problems.append(("outcome", f"This suspension of {person.name} has already ended ({suspension.outcome})"))
    if outcome == SuspensionOutcome.EXPELLED:
        new_ends_at = None  # expelled: permanently out, so the suspension never ends
    else:
        new_ends_at = ends_at
        if ends_at is None:
            problems.append(("ends_at", "Say when the suspension ended"))
        else:
            problems += _time_problems(suspension.starts_at, ends_at)
            if not problems:
                problems += _overlap_problems(person, suspension.starts_at, ends_at, ignore=suspension)
    if problems:
        raise DomainError(problems)
    before = _state(suspension)
    suspension.ends_at, suspension.outcome = new_ends_at, outcome
    if outcome == SuspensionOutcome.EXPELLED:
        summary = f"{person.name} expelled"
    else:
        summary = f"{person.name}'s suspension {outcome} on {day_text(new_ends_at, timezone)}"
    record(
        AuditAction.suspension_ended(outcome), suspension, before=before, after=_state(suspension), summary=summary,
        public=True, **_where(person),
    )
    return suspension


def remove_suspension(suspension: Suspension) -> None:
    """Delete a suspension recorded in error (the audit trail keeps what it said)."""
    person = suspension.person
    before = _state(suspension)
    record(
        AuditAction.SUSPENSION_DELETE, suspension, before=before,
        summary=f"A suspension of {person.name} recorded in error was removed", public=True, **_where(person),
    )
    db.session.delete(suspension)
    db.session.flush()
