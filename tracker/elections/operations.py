"""The returning officer's acts on a contest: halting and resuming it (flushed and audited, never committed)."""
from __future__ import annotations

from datetime import datetime

from tracker.audit.operations import record
from tracker.elections.models import Contest, ContestHalt
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.times import moment_text
from tracker.types import utcnow
from tracker.vocabulary import AuditAction


def current_halt(contest: Contest) -> ContestHalt | None:
    """The halt in force on a contest (not yet resumed), if any."""
    return next((halt for halt in reversed(contest.halts) if halt.resumed_at is None), None)


def halt_contest(contest: Contest, reason: str, now: datetime | None = None) -> ContestHalt:
    """Halt a contest, publicly and with a reason, until it is resumed."""
    now = now or utcnow()
    reason = " ".join((reason or "").split())
    problems = []
    if not reason:
        problems.append(("reason", "Give the reason for halting the contest; it is shown publicly"))
    halted = current_halt(contest)
    if halted is not None:
        since = moment_text(halted.halted_at, contest.election.timezone)
        problems.append(("reason", f"{contest.title} has been halted since {since}; resume it first"))
    if problems:
        raise DomainError(problems)
    halt = ContestHalt(contest=contest, halted_at=now, reason=reason)  # joins contest.halts
    db.session.add(halt)
    record(
        AuditAction.CONTEST_HALT, halt, after={"halted_at": now.isoformat(), "reason": reason},
        summary=f"{contest.title} halted: {reason}", public=True,
        election_id=contest.election_id, contest_id=contest.id,
    )
    return halt


def resume_contest(contest: Contest, now: datetime | None = None) -> ContestHalt:
    """Lift the halt in force on a contest."""
    now = now or utcnow()
    halt = current_halt(contest)
    if halt is None:
        raise DomainError([("", f"{contest.title} is not halted")])
    if now <= halt.halted_at:
        raise DomainError([("", f"{contest.title} cannot resume before it was halted")])
    before = {"halted_at": halt.halted_at.isoformat(), "resumed_at": None, "reason": halt.reason}
    halt.resumed_at = now
    record(
        AuditAction.CONTEST_RESUME, halt, before=before, after={**before, "resumed_at": now.isoformat()},
        summary=f"{contest.title} resumed", public=True,
        election_id=contest.election_id, contest_id=contest.id,
    )
    return halt
