"""Nominations: the one place every writer adds, corrects, withdraws, verifies or rejects one.

Each operation checks everything first and raises ``DomainError`` with every problem found, having written
nothing; otherwise it writes, flushes (never commits: the caller commits once) and records an audit event
in the same transaction.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import make_transient_to_detached

from tracker.audit.operations import current_actor, record
from tracker.ballot.judging import contest_halts, contest_rules, judge
from tracker.bodies.models import NominatingBody
from tracker.bodies.operations import body_label
from tracker.candidates.models import Candidacy, Person
from tracker.elections.models import Contest
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.rules.eligibility import ContestRules, ContestVerdict, StageRule
from tracker.rules.model import closed_text, stage_taking
from tracker.rules.stages import halt_in_force
from tracker.times import day_text, moment_text
from tracker.types import MAX_INTEGER, utcnow
from tracker.vocabulary import ACTIVE_STATUSES, AuditAction, NominationStatus

#: How many times a nomination is re-checked when another one took its slot at the same moment.
ATTEMPTS = 3


# --- Reusing a contest's verdict at a stage's close during a bulk import ----------------------------

#: (contest id, stage id) -> (stage close, kinds counted up to that stage, verdict as of that close),
#: while `reusing_verdicts` is active.
_verdicts: ContextVar[dict | None] = ContextVar("nomination_verdicts", default=None)


@contextmanager
def reusing_verdicts() -> Iterator[None]:
    """Within this block, judge "met the previous stage" once per stage, not once per nomination.

    For imports that add nominations in time order: a write dated at or before a stage's close, from a
    kind of body counted up to that stage, forgets the verdict kept for it.
    """
    token = _verdicts.set({})
    try:
        yield
    finally:
        _verdicts.reset(token)


def _forget_verdicts(contest_id: int, kind: str, *moments: datetime) -> None:
    cache = _verdicts.get()
    if cache:
        for key, (closes_at, kinds, _) in list(cache.items()):
            if key[0] == contest_id and kind in kinds and any(moment <= closes_at for moment in moments):
                del cache[key]


def _verdict_at_close(contest: Contest, rules: ContestRules, stage: StageRule) -> ContestVerdict:
    """The contest's verdict at `stage`'s close (one of `rules`' stages, by the timetable in force)."""
    cache = _verdicts.get()
    key = (contest.id, stage.id)
    if cache is not None and key in cache:
        return cache[key][2]
    verdict = judge(contest, stage.closes_at).verdict
    if cache is not None:
        stages = rules.stages[: rules.stages.index(stage) + 1]
        cache[key] = (stage.closes_at, set().union(*(s.kinds for s in stages)), verdict)
    return verdict


# --- The checks ----------------------------------------------------------------------------------


def stage_for(contest: Contest, kind: str, at: datetime, now: datetime | None = None) -> tuple[StageRule | None, str | None]:
    """The stage whose window contains `at` and which takes nominations from bodies of `kind`, or why none, by the
    timetable in force `now` (its close is the one in force then)."""
    return stage_taking(contest_rules(contest).at(now or utcnow()), kind, at)


def _previous_stage_missed(contest: Contest, rules: ContestRules, stage: StageRule, candidacy: Candidacy,
                           at: datetime) -> StageRule | None:
    """The first earlier stage of `rules` (by the timetable in force) the candidate did not meet at its close
    (None: met them all)."""
    position = rules.stages.index(stage)
    if position == 0:
        return None
    previous = rules.stages[position - 1]
    if at < previous.closes_at:  # overlapping windows: judged as of the nomination, so not yet met
        verdict = judge(contest, at).verdict
    else:  # at or after its close, the previous stage's figures are those at its close
        verdict = _verdict_at_close(contest, rules, previous)
    try:
        results = verdict.verdict(candidacy.person.slug).stages
    except KeyError:
        return rules.stages[0]
    return next(
        (earlier for earlier, result in zip(rules.stages[:position], results, strict=False)
         if not (result.met and result.final)),
        None,
    )


def _moment_problems(
    contest: Contest, candidacy: Candidacy, body: NominatingBody, at: datetime, now: datetime, enforce_deadline: bool
) -> list[tuple[str, str]]:
    """Whether a nomination from `body` for `candidacy` may be dated `at`, and logged `now`."""
    rules = contest_rules(contest).at(now)
    timezone = rules.timezone
    name = candidacy.person.name
    if at is None or at.tzinfo is None:
        return [("nominated_at", "Give the date and time of the nomination, with its time zone")]
    problems = []
    if at > now:
        problems.append(("nominated_at", f"A nomination cannot be dated in the future ({moment_text(at, timezone)})"))
    stage, refusal = stage_taking(rules, body.kind, at)
    if refusal:
        problems.append(("nominated_at", refusal))
    elif enforce_deadline and now > stage.closes_at:
        problems.append(("", closed_text(rules, body.kind, stage.closes_at)))
    if enforce_deadline and not contest.self_nomination and candidacy.body_id is not None and candidacy.body_id == body.id:
        problems.append(("body", f"{body_label(body)} is {name}'s own; a candidate's own nomination does not count "
                                 f"in {contest.title}"))
    if contest.consent_by is not None and at >= contest.consent_by and not (
            candidacy.consented_at is not None and candidacy.consented_at <= contest.consent_by):
        problems.append(("candidate", f"{name} did not consent to nomination by "
                                      f"{moment_text(contest.consent_by, timezone)}, so cannot be nominated"))
    if enforce_deadline:
        halt = halt_in_force(contest_halts(contest), now)
        if halt is not None:
            problems.append(("", f"{contest.title} is halted ({halt.reason}); nominations cannot be logged until it resumes"))
    if candidacy.withdrawn_at is not None and candidacy.withdrawn_at <= at:
        problems.append(("candidate", f"{name} withdrew on {day_text(candidacy.withdrawn_at, timezone)}, so cannot be nominated"))
    if stage is not None:
        missed = _previous_stage_missed(contest, rules, stage, candidacy, at)
        if missed is not None:
            problems.append(("candidate", f"{name} did not meet {missed.title}, so cannot be "
                                          f"nominated by {rules.noun(body.kind, 2)}"))
    return problems


def _votes_problems(votes_for, votes_total) -> list[tuple[str, str]]:
    problems = []
    for field, value, what in (("votes_for", votes_for, "votes for"), ("votes_total", votes_total, "votes cast")):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            problems.append((field, f"The {what} must be a whole number, 0 or more"))
        elif value is not None and value > MAX_INTEGER:
            problems.append((field, f"The {what} cannot be more than {MAX_INTEGER:,}"))
    if not problems and votes_for is not None and votes_total is not None and votes_for > votes_total:
        problems.append(("votes_for", "The votes for the candidate cannot be more than the votes cast"))
    return problems


@dataclass(frozen=True)
class Place:
    """One of a body's places in a contest, held by an active (submitted or verified) nomination."""

    nomination_id: int
    slot: int
    candidacy_id: int
    name: str  # the candidate's
    nominated_at: datetime


def places_held(contest: Contest, body: NominatingBody) -> list[Place]:
    """The body's places in the contest held by its active nominations, by slot (plain rows: asked on every
    nomination, so no nomination is loaded whole)."""
    return [Place(*row) for row in db.session.execute(_PLACES_HELD, {"contest": contest.id, "body": body.id})]


_nomination, _candidacy, _person = Nomination.__table__.c, Candidacy.__table__.c, Person.__table__.c
#: Built once (a statement built anew costs more than running it): places_held's query.
_PLACES_HELD = (
    select(_nomination.id, _nomination.slot, _nomination.candidacy_id, _person.name, _nomination.nominated_at)
    .join_from(Nomination.__table__, Candidacy.__table__, _nomination.candidacy_id == _candidacy.id)
    .join(Person.__table__, _candidacy.person_id == _person.id)
    .where(_nomination.contest_id == bindparam("contest"), _nomination.body_id == bindparam("body"),
           _nomination.status.in_(ACTIVE_STATUSES))
    .order_by(_nomination.slot)
)


def _place_problems(contest: Contest, candidacy: Candidacy, body: NominatingBody,
                    active: list[Place] | None = None) -> tuple[list, int | None]:
    """Whether the body has a place left for this candidate, and the lowest free slot (from `active`, the body's
    places held, when the caller has just read them)."""
    timezone = contest_rules(contest).timezone
    label = body_label(body)
    active = places_held(contest, body) if active is None else active
    limit = contest.max_nominations_per_body
    if limit == 1 and active:
        other = active[0]
        return [("body", f"{label} already nominated {other.name} on {day_text(other.nominated_at, timezone)}; "
                         "withdraw that nomination first")], None
    same = next((n for n in active if n.candidacy_id == candidacy.id), None)
    if same is not None:
        return [("candidate", f"{label} already nominated {candidacy.person.name} for {contest.title} "
                              f"on {day_text(same.nominated_at, timezone)}")], None
    free = sorted(set(range(1, limit + 1)) - {n.slot for n in active})
    if not free:
        return [("body", f"{label} has already made its {limit} nominations for {contest.title}; withdraw one first")], None
    return [], free[0]


def _add_problems(contest, candidacy, body, nominated_at, status, votes_for, votes_total, enforce_deadline, now,
                  active=None):
    """Every reason the nomination may not be added, and the slot it would take."""
    problems = []
    if body.election_id != contest.election_id:
        problems.append(("body", f"{body_label(body)} is not on the register of {contest.election.title}"))
    if candidacy.contest_id != contest.id:
        problems.append(("candidate", f"{candidacy.person.name} is not a candidate for {contest.title}"))
    if status not in tuple(NominationStatus):
        problems.append(("status", f"The status must be one of {', '.join(NominationStatus)}"))
    problems += _votes_problems(votes_for, votes_total)
    if any(field in ("body", "candidate") for field, _ in problems):
        return problems, None  # the rest would not make sense
    problems += _moment_problems(contest, candidacy, body, nominated_at, now, enforce_deadline)
    slot = None
    if status in ACTIVE_STATUSES:
        place, slot = _place_problems(contest, candidacy, body, active)
        problems += place
    return problems, slot


# --- The operations ------------------------------------------------------------------------------


def _insert_unless_taken(values: dict) -> Nomination | None:
    """Insert a nomination (its columns but the id; those not given are NULL) unless its slot, or an active nomination of the same
    candidate by the same body, was taken meanwhile: the unique constraints are the last word when two secretaries
    submit at once. Taken, nothing is written and the transaction goes on: INSERT … ON CONFLICT DO NOTHING, which
    needs no savepoint. One statement, compiled once (as text: the dialects' ON CONFLICT constructs are compiled
    anew each time); the row stored is then part of the session as if the ORM had inserted it."""
    values = {column.name: values.get(column.name) for column in _COLUMNS}  # a column not given is NULL
    found = db.session.execute(_INSERT, values).first()
    if found is None:
        return None
    nomination = Nomination(id=found.id, **values)
    make_transient_to_detached(nomination)
    db.session.add(nomination)
    return nomination


_COLUMNS = [column for column in Nomination.__table__.columns if column.name != "id"]
_INSERT = text(
    f"INSERT INTO {Nomination.__tablename__} ({', '.join(c.name for c in _COLUMNS)}) "
    f"VALUES ({', '.join(':' + c.name for c in _COLUMNS)}) ON CONFLICT DO NOTHING RETURNING id"
).bindparams(*(bindparam(c.name, type_=c.type) for c in _COLUMNS))


def _state(nomination: Nomination) -> dict:
    return {
        "contest": nomination.contest.slug,
        "candidate": nomination.candidacy.person.name,
        "body": nomination.body.code,
        "nominated_at": nomination.nominated_at.isoformat(),
        "status": nomination.status,
        "slot": nomination.slot,
        "votes_for": nomination.votes_for,
        "votes_total": nomination.votes_total,
        "meeting_rounds": nomination.meeting_rounds,
        "rejection_reason": nomination.rejection_reason,
    } | ({"withdrawn_at": nomination.withdrawn_at.isoformat()} if nomination.withdrawn_at else {})


def _record(action: AuditAction, nomination: Nomination, summary: str, before: dict | None = None) -> None:
    record(
        action, nomination, before=before, after=_state(nomination), summary=summary, public=True,
        election_id=nomination.contest.election_id, contest_id=nomination.contest_id,
    )


def _names(nomination: Nomination) -> tuple[str, str, str]:
    return body_label(nomination.body), nomination.candidacy.person.name, nomination.contest.title


def add_nomination(
    contest: Contest,
    candidacy: Candidacy,
    body: NominatingBody,
    nominated_at: datetime,
    *,
    status: str = NominationStatus.SUBMITTED,
    votes_for: int | None = None,
    votes_total: int | None = None,
    meeting_rounds: str | None = None,
    logged_by=None,
    enforce_deadline: bool = True,
    now: datetime | None = None,
    active: list[Place] | None = None,
) -> Nomination:
    """Record that a body nominated a candidate at a moment (a secretary's entry, or an admin's import).

    `active`: the body's places held in the contest (places_held), if the caller has just read them in this
    transaction (the form did); read again if another nomination took the slot meanwhile."""
    now = now or utcnow()
    actor_id, _ = current_actor()
    for attempt in range(ATTEMPTS):
        problems, slot = _add_problems(
            contest, candidacy, body, nominated_at, status, votes_for, votes_total, enforce_deadline, now,
            active if attempt == 0 else None,
        )
        if problems:
            raise DomainError(problems)
        decided = status != NominationStatus.SUBMITTED
        nomination = _insert_unless_taken(dict(
            contest_id=contest.id, candidacy_id=candidacy.id, body_id=body.id, slot=slot, status=status,
            nominated_at=nominated_at, logged_at=now, logged_by_id=logged_by.id if logged_by is not None else actor_id,
            votes_for=votes_for, votes_total=votes_total, meeting_rounds=meeting_rounds or None,
            decided_at=now if decided else None, decided_by_id=actor_id if decided else None,
        ))
        if nomination is not None:
            break
        # another nomination took the place meanwhile: look again
    else:
        raise DomainError([("body", f"{body_label(body)}'s nomination could not be recorded while others were being "
                                    "recorded at the same moment; please try again")])
    _forget_verdicts(contest.id, body.kind, nominated_at)
    label, name, title = _names(nomination)
    _record(AuditAction.NOMINATION_CREATE, nomination,
            f"{label} nominated {name} for {title} on {day_text(nominated_at, contest_rules(contest).timezone)}")
    return nomination


def correct_nomination(
    nomination: Nomination,
    *,
    nominated_at: datetime | None = None,
    votes_for: int | None = ...,
    votes_total: int | None = ...,
    meeting_rounds: str | None = ...,
    enforce_deadline: bool = True,
    now: datetime | None = None,
) -> Nomination:
    """Correct a nomination's date or meeting figures: a secretary's while submitted and open, an admin's while active.

    Arguments left out (``...``) are unchanged; with ``enforce_deadline=False`` (admin) a verified one may be corrected too.
    """
    now = now or utcnow()
    contest, body, candidacy = nomination.contest, nomination.body, nomination.candidacy
    label, name, title = _names(nomination)
    new_at = nominated_at or nomination.nominated_at
    new_for = nomination.votes_for if votes_for is ... else votes_for
    new_total = nomination.votes_total if votes_total is ... else votes_total
    new_rounds = nomination.meeting_rounds if meeting_rounds is ... else (meeting_rounds or None)
    problems = []
    allowed = (NominationStatus.SUBMITTED,) if enforce_deadline else ACTIVE_STATUSES
    if nomination.status not in allowed:
        problems.append(("", f"{label}'s nomination of {name} is {nomination.status}; only a submitted nomination can be corrected"))
    if enforce_deadline:
        stage, _ = stage_for(contest, body.kind, nomination.nominated_at, now)
        if stage is not None and now > stage.closes_at:
            problems.append(("", closed_text(contest_rules(contest), body.kind, stage.closes_at)))
    if new_at != nomination.nominated_at:
        problems += [p for p in _moment_problems(contest, candidacy, body, new_at, now, enforce_deadline) if p not in problems]
    problems += _votes_problems(new_for, new_total)
    if problems:
        raise DomainError(problems)
    changes = (new_at, new_for, new_total, new_rounds)
    if changes == (nomination.nominated_at, nomination.votes_for, nomination.votes_total, nomination.meeting_rounds):
        return nomination
    before = _state(nomination)
    old_at = nomination.nominated_at
    nomination.nominated_at, nomination.votes_for, nomination.votes_total, nomination.meeting_rounds = changes
    db.session.flush()
    _forget_verdicts(contest.id, body.kind, old_at, new_at)
    _record(AuditAction.NOMINATION_CORRECT, nomination, f"{label}'s nomination of {name} for {title} corrected", before)
    return nomination


def withdraw_nomination(nomination: Nomination, *, enforce_deadline: bool = True, now: datetime | None = None,
                        withdrawn_at: datetime | None = None) -> Nomination:
    """A body takes back its nomination (before the stage closes), freeing its place.

    A secretary's withdrawal is dated now: the nomination counted until then. An admin's (``enforce_deadline=False``)
    is dated `withdrawn_at` when given; without it the nomination never counted, as an old withdrawal did.
    """
    now = now or utcnow()
    contest, body = nomination.contest, nomination.body
    label, name, title = _names(nomination)
    problems = []
    if nomination.status not in ACTIVE_STATUSES:
        problems.append(("", f"{label}'s nomination of {name} is already {nomination.status}"))
    if enforce_deadline:
        stage, _ = stage_for(contest, body.kind, nomination.nominated_at, now)
        if stage is not None and now > stage.closes_at:
            closed = closed_text(contest_rules(contest), body.kind, stage.closes_at)
            problems.append(("", f"{closed}; the nomination can no longer be withdrawn"))
    if problems:
        raise DomainError(problems)
    if withdrawn_at is not None and withdrawn_at <= nomination.nominated_at:
        raise DomainError([("withdrawn_at", f"{label}'s nomination of {name} cannot be withdrawn before it was made")])
    before = _state(nomination)
    nomination.status, nomination.slot = NominationStatus.WITHDRAWN, None
    nomination.withdrawn_at = withdrawn_at or (now if enforce_deadline else None)
    db.session.flush()
    _forget_verdicts(contest.id, body.kind, nomination.nominated_at)
    _record(AuditAction.NOMINATION_WITHDRAW, nomination, f"{label} withdrew its nomination of {name} for {title}", before)
    return nomination


def _verify_problems(nomination: Nomination) -> list[tuple[str, str]]:
    if nomination.status == NominationStatus.SUBMITTED:
        return []
    label, name, _ = _names(nomination)
    return [("", f"{label}'s nomination of {name} is {nomination.status}; only a submitted nomination can be verified")]


def _reject_problems(nomination: Nomination) -> list[tuple[str, str]]:
    if nomination.status in ACTIVE_STATUSES:
        return []
    label, name, _ = _names(nomination)
    return [("", f"{label}'s nomination of {name} is already {nomination.status}")]


def _decide(
    nomination: Nomination, status: NominationStatus, now: datetime | None, reason: str | None = None
) -> Nomination:
    before = _state(nomination)
    nomination.status = status
    nomination.decided_at = now or utcnow()
    nomination.decided_by_id = current_actor()[0]
    if status == NominationStatus.REJECTED:
        nomination.slot, nomination.rejection_reason = None, reason
    db.session.flush()
    _forget_verdicts(nomination.contest_id, nomination.body.kind, nomination.nominated_at)
    label, name, title = _names(nomination)
    if status == NominationStatus.VERIFIED:
        action, summary = AuditAction.NOMINATION_VERIFY, f"{label}'s nomination of {name} for {title} verified"
    else:
        action, summary = AuditAction.NOMINATION_REJECT, f"{label}'s nomination of {name} for {title} rejected: {reason}"
    _record(action, nomination, summary, before)
    return nomination


def _clean_reason(reason: str | None) -> tuple[str, list[tuple[str, str]]]:
    reason = " ".join((reason or "").split())
    return reason, [] if reason else [("reason", "Give the reason for rejecting the nomination; the body will see it")]


def verify_nomination(nomination: Nomination, now: datetime | None = None) -> Nomination:
    """An admin confirms a submitted nomination."""
    problems = _verify_problems(nomination)
    if problems:
        raise DomainError(problems)
    return _decide(nomination, NominationStatus.VERIFIED, now)


def reject_nomination(nomination: Nomination, reason: str, now: datetime | None = None) -> Nomination:
    """An admin rejects a nomination, with a reason; it stops counting and frees the body's place."""
    reason, problems = _clean_reason(reason)
    problems += _reject_problems(nomination)
    if problems:
        raise DomainError(problems)
    return _decide(nomination, NominationStatus.REJECTED, now, reason)


def _many(ids: Iterable[int]) -> tuple[list[Nomination], list[tuple[str, str]]]:
    ids = list(dict.fromkeys(int(i) for i in ids))
    possible = [i for i in ids if 0 < i <= MAX_INTEGER]  # no larger id exists, and the database refuses it
    found = {n.id: n for n in db.session.scalars(select(Nomination).where(Nomination.id.in_(possible)))} if possible else {}
    problems = [("ids", f"There is no nomination number {i}") for i in ids if i not in found]
    if not ids:
        problems.append(("ids", "Choose at least one nomination"))
    return [found[i] for i in ids if i in found], problems


def verify_many(ids: Iterable[int], now: datetime | None = None) -> list[Nomination]:
    """Verify several nominations at once: all of them, or (with every problem reported) none."""
    nominations, problems = _many(ids)
    for nomination in nominations:
        problems += _verify_problems(nomination)
    if problems:
        raise DomainError(problems)
    return [_decide(nomination, NominationStatus.VERIFIED, now) for nomination in nominations]


def reject_many(ids: Iterable[int], reason: str, now: datetime | None = None) -> list[Nomination]:
    """Reject several nominations for one reason: all of them, or (with every problem reported) none."""
    nominations, problems = _many(ids)
    reason, reason_problems = _clean_reason(reason)
    problems += reason_problems
    for nomination in nominations:
        problems += _reject_problems(nomination)
    if problems:
        raise DomainError(problems)
    return [_decide(nomination, NominationStatus.REJECTED, now, reason) for nomination in nominations]
