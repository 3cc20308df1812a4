"""Acts of the returning officer on results: freezing the ballot, declaring the result, storing a count.

Each operation checks, changes, flushes and records its audit event in the caller's transaction;
it never commits. A refusal is a DomainError whose sentences say what to do, and writes nothing.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from tracker.audit.operations import current_actor, record
from tracker.ballot.judging import judge
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy, Person
from tracker.counting import BltError, CountError, Election, as_sentence, count_as_asked, read_blt, to_dict
from tracker.counting.report import figure
from tracker.elections.models import Contest
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.results.figures import (
    DeclaredFigures,
    rounds_to_json,
    spelled_as_on_ballot,
    validate_result,
)
from tracker.results.models import BallotSnapshot, DeclaredResult, StoredCount
from tracker.results.services import latest_snapshot
from tracker.results.snapshots import ballot_changes, ballot_content, content_hash
from tracker.rules.names import nearest_name
from tracker.times import moment_text
from tracker.types import utcnow
from tracker.vocabulary import AuditAction

CHANGED_SINCE_LOADED = (
    "The ballot changed since you loaded this page: a nomination, suspension or withdrawal was recorded "
    "in between. Review the ballot below and freeze it again."
)


def declared_result(contest: Contest) -> DeclaredResult | None:
    return db.session.scalar(select(DeclaredResult).where(DeclaredResult.contest_id == contest.id))


def nominations_close_at(contest: Contest) -> datetime | None:
    """When the contest's last nomination stage closes (None for a contest with no stages)."""
    return max((stage.closes_at for stage in contest.stages), default=None)


def ballot_preview(contest: Contest, moment: datetime | None = None) -> tuple[dict, str]:
    """The ballot as it would be frozen now: its content and hash (the hash the freeze form carries)."""
    content = ballot_content(judge(contest, moment or utcnow()).verdict)
    return content, content_hash(content)


def freeze_ballot(contest: Contest, seen_hash: str | None) -> tuple[BallotSnapshot, bool]:
    """Freeze and publish the ballot the admin saw (`seen_hash`); return the snapshot and whether it is new.

    Refused before the last nomination stage closes, after the result is declared, when nobody is on
    the ballot, and when the ballot now differs from the preview the admin saw. Freezing a ballot
    identical to the latest snapshot is a no-op; a different one is a re-issue: a new snapshot,
    the old one untouched.
    """
    now = utcnow()
    zone = contest.election.timezone
    db.session.execute(select(Contest.id).where(Contest.id == contest.id).with_for_update())
    closes_at = nominations_close_at(contest)
    if closes_at is not None and now < closes_at:
        raise DomainError(
            f"Nominations for {contest.title} close at {moment_text(closes_at, zone)}; "
            "the ballot can be frozen only after that.",
            "contest",
        )
    if declared_result(contest) is not None:
        raise DomainError(
            f"The result for {contest.title} has been declared; its ballot can no longer be changed.", "contest"
        )
    verdict = judge(contest, now).verdict
    content = ballot_content(verdict)
    digest = content_hash(content)
    if (seen_hash or "").strip().lower() != digest:
        raise DomainError(CHANGED_SINCE_LOADED, "ballot_hash")
    if not content["on_ballot"]:
        raise DomainError(f"Nobody is on the ballot for {contest.title}, so there is nothing to publish.", "contest")
    previous = latest_snapshot(contest)
    if previous is not None and previous.content_hash == digest:
        return previous, False
    snapshot = BallotSnapshot(
        contest_id=contest.id, frozen_at=now, frozen_by_id=current_actor()[0], content=content, content_hash=digest
    )
    db.session.add(snapshot)
    db.session.flush()
    names = ", ".join(content["on_ballot"])
    if previous is None:
        action, summary = AuditAction.BALLOT_FREEZE, f"The ballot for {contest.title} was frozen and published: {names}."
    else:
        changes = ballot_changes(previous.content, verdict)
        why = " ".join(change.sentence for change in changes if change.kind != "detail")
        action, summary = AuditAction.BALLOT_REISSUE, f"The ballot for {contest.title} was re-issued: {names}. {why}".strip()
    record(
        action,
        snapshot,
        before={"content_hash": previous.content_hash, "on_ballot": previous.content["on_ballot"]} if previous else None,
        after={"content_hash": digest, "on_ballot": content["on_ballot"]},
        summary=summary,
        public=True,
        election_id=contest.election_id,
        contest_id=contest.id,
    )
    return snapshot, True


def declare_result(contest: Contest, figures: DeclaredFigures, declared_at: datetime | None = None) -> DeclaredResult:
    """Record (or correct) the official result of a contest, after checking every rule of a declaration.

    The result needs a frozen ballot, whose names are the only candidates; nothing is written unless
    every round passes `validate_result`. A second declaration corrects the first, keeping its time.
    """
    now = utcnow()
    zone = contest.election.timezone
    snapshot = latest_snapshot(contest)
    if snapshot is None:
        raise DomainError(
            f"The ballot for {contest.title} has not been frozen: freeze and publish it before recording the result.",
            "contest",
        )
    if contest.ballot_closes_at is not None and now < contest.ballot_closes_at:
        raise DomainError(
            f"Voting in {contest.title} closes at {moment_text(contest.ballot_closes_at, zone)}; "
            "the result can be recorded only after that.",
            "contest",
        )
    if declared_at is not None and declared_at > now:
        raise DomainError("The declaration cannot be dated in the future.", "declared_at")
    ballot = snapshot.content["on_ballot"]
    rounds = spelled_as_on_ballot(figures.rounds, ballot)
    figures = DeclaredFigures(
        valid_votes=figures.valid_votes,
        rounds=rounds,
        rejected_votes=figures.rejected_votes,
        electorate=figures.electorate,
        turnout=figures.turnout,
        problems=figures.problems,
    )
    problems = validate_result(figures, ballot, contest.seats)
    if problems:
        raise DomainError(problems)
    fields = {
        "electorate": figures.electorate,
        "turnout": figures.turnout,
        "valid_votes": figures.valid_votes,
        "rejected_votes": figures.rejected_votes or 0,
        "rounds": rounds_to_json(rounds),
    }
    result = declared_result(contest)
    before = None
    if result is None:
        result = DeclaredResult(contest_id=contest.id, declared_at=declared_at or now, recorded_by_id=current_actor()[0])
        db.session.add(result)
        action = AuditAction.RESULT_DECLARE
    else:
        before = {name: getattr(result, name) for name in fields} | {"declared_at": result.declared_at.isoformat()}
        if declared_at is not None:
            result.declared_at = declared_at
        result.recorded_by_id = current_actor()[0]
        action = AuditAction.RESULT_CORRECT
    for name, value in fields.items():
        setattr(result, name, value)
    db.session.flush()
    winners = [name for r in rounds for name in r.elected]
    verb = "declared" if before is None else "corrected"
    record(
        action,
        result,
        before=before,
        after=fields | {"declared_at": result.declared_at.isoformat()},
        summary=f"The result for {contest.title} was {verb}: elected {', '.join(winners)}.",
        public=True,
        election_id=contest.election_id,
        contest_id=contest.id,
    )
    return result


def read_ballots(blt: str) -> Election:
    """Read a BLT text; a malformed file is a DomainError that gives the line and what is wrong."""
    try:
        return read_blt(blt)
    except BltError as error:
        raise DomainError(f"Line {error.line} of the ballot file: {as_sentence(error.message)}", "blt") from None


def run_count(ballots: str | Election, method: str, seats: int | None = None, min_women: int | None = None,
              women: tuple[str, ...] = (), seed: int | None = None, also_women: tuple[str, ...] = ()):
    """Count a BLT text (or an election already read): the election, the result and the women's indexes.

    The count is tracker.counting.count_as_asked; its refusals become DomainErrors on the form's fields.
    """
    election = read_ballots(ballots) if isinstance(ballots, str) else ballots
    try:
        result, indexes = count_as_asked(election, method, seats, min_women, women, seed, also_women)
    except CountError as error:
        raise DomainError(str(error), error.parameter or "method") from None
    return election, result, indexes


def check_names_on_ballot(names, contest: Contest) -> None:
    """Refuse a contest's count unless its file names exactly the candidates on the contest's frozen ballot.

    Each name the ballot does not know is given with the ballot's nearest name, as a likely misspelling."""
    snapshot = latest_snapshot(contest)
    if snapshot is None:
        raise DomainError(
            f"The ballot for {contest.title} has not been frozen yet, so a count cannot be checked against it: "
            "freeze and publish the ballot first.",
            "contest",
        )
    ballot = list(snapshot.content["on_ballot"])
    problems = []
    for name in names:
        if name not in ballot:
            near = nearest_name(name, [known for known in ballot if known not in names])
            hint = f"; did you mean '{near}'?" if near else "."
            problems.append(("blt", f"'{name}' is not on the ballot for {contest.title}{hint}"))
    for name in ballot:
        if name not in names and nearest_name(name, [n for n in names if n not in ballot]) is None:
            problems.append(("blt", f"'{name}' is on the ballot for {contest.title} but not in the ballot file."))
    if problems:
        raise DomainError(problems)


def withdraw_count(stored: StoredCount, reason: str) -> StoredCount:
    """Withdraw a stored count, with the reason why: it is kept, but no longer offered as the contest's count."""
    reason = " ".join((reason or "").split())
    if stored.withdrawn_at is not None:
        raise DomainError(f"Count {stored.id} was already withdrawn.", "reason")
    if not reason:
        raise DomainError("Give the reason the count is withdrawn; it is shown with the count.", "reason")
    if len(reason) > 500:
        raise DomainError("The reason must be at most 500 characters.", "reason")
    if "\x00" in reason:
        raise DomainError("The reason must not contain a NUL character.", "reason")
    stored.withdrawn_at = utcnow()
    stored.withdrawn_reason = reason
    db.session.flush()
    contest = db.session.get(Contest, stored.contest_id) if stored.contest_id else None
    body = db.session.get(NominatingBody, stored.body_id) if stored.body_id else None
    record(
        AuditAction.COUNT_WITHDRAW,
        stored,
        before={"withdrawn_at": None},
        after={"withdrawn_at": stored.withdrawn_at.isoformat(), "withdrawn_reason": reason},
        summary=f"Count {stored.id} ({stored.title or 'untitled'}) was withdrawn: {reason}",
        public=contest is not None,
        election_id=contest.election_id if contest else body.election_id if body else None,
        contest_id=contest.id if contest else None,
    )
    return stored


def store_count(blt: str, method: str, *, seats: int | None = None, min_women: int | None = None,
                women: tuple[str, ...] = (), contest: Contest | None = None, body: NominatingBody | None = None,
                title: str = "") -> StoredCount:
    """Count an uploaded BLT file and keep the file and its report, for a contest or a body's meeting.

    For a contest, its seats and minimum of women apply unless others are given, and its candidates
    recorded as women are known to the count by name.
    """
    if "\x00" in title:
        raise DomainError("The title must not contain a NUL character.", "title")
    contest_women: tuple[str, ...] = ()
    if contest is not None:
        if seats is None:
            seats = contest.seats
        if min_women is None:
            min_women = contest.min_women
        contest_women = tuple(
            db.session.scalars(
                select(Person.name)
                .join(Candidacy, Candidacy.person_id == Person.id)
                .where(Candidacy.contest_id == contest.id, Candidacy.woman.is_(True))
            ).all()
        )
    election = read_ballots(blt)
    if contest is not None:
        check_names_on_ballot(election.candidates, contest)
    election, result, indexes = run_count(election, method, seats, min_women, women, also_women=contest_women)
    report = to_dict(result)
    for stage_dict, stage in zip(report["stages"], result.stages, strict=True):
        stage_dict["note"] = stage.note
    report |= {
        "title": title or result.title,
        "valid_votes": figure(result.valid_votes),
        "min_women": min_women or 0,
        "women": [election.candidates[i] for i in sorted(indexes)],
        "seed": result.seed,
        "notes": list(result.notes),
    }
    stored = StoredCount(
        contest_id=contest.id if contest else None,
        body_id=body.id if body else None,
        uploaded_by_id=current_actor()[0],
        method=method,
        seats=result.seats,
        title=(title or result.title or "")[:200],
        blt=blt,
        report=report,
    )
    db.session.add(stored)
    db.session.flush()
    for_what = f" for {contest.title}" if contest else f" for {body.name}" if body else ""
    record(
        AuditAction.COUNT_STORE,
        stored,
        after={"method": method, "seats": result.seats, "elected": list(result.elected), "title": stored.title},
        summary=f"A count{for_what} was run ({method}, {result.seats} seat{'s' if result.seats != 1 else ''}): "
                f"elected {', '.join(result.elected) or 'nobody'}.",
        election_id=contest.election_id if contest else body.election_id if body else None,
        contest_id=contest.id if contest else None,
    )
    return stored
