"""Writes to elections and contests: defining them from their definition, and the returning officer's acts
(halting, resuming). Each flushes and records its audit event; none commits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from tracker.audit.operations import record
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy
from tracker.elections.definition import ContestSpec, ElectionSpec, KindSpec
from tracker.elections.models import Contest, ContestHalt, Election, ElectionKind, Route, Stage, StageAmendment
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.nominations.models import Nomination
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


# --- Defining elections and contests ------------------------------------------------------------


@dataclass
class Defined:
    """What defining an election did: the election, and "created", "updated", "unchanged" or "removed" for it and
    for each of its contests."""

    election: Election
    outcomes: list[str]


def define_election(spec: ElectionSpec) -> Defined:
    """Create or update an election and its contests as its definition says; every refusal is raised at once, as
    one DomainError, after every contest has been looked at (the caller rolls back)."""
    outcomes, problems = [], []
    election = db.session.scalar(select(Election).where(Election.slug == spec.slug))
    if election is None:
        election = Election(slug=spec.slug, title=spec.title, timezone=spec.timezone)
        db.session.add(election)
        db.session.flush()
        record(AuditAction.ELECTION_CREATE, election, summary=f"{spec.title} defined", election_id=election.id,
               after={"slug": spec.slug, "title": spec.title, "timezone": spec.timezone})
        outcomes.append("created")
    elif (election.title, election.timezone) != (spec.title, spec.timezone):
        before = {"title": election.title, "timezone": election.timezone}
        election.title, election.timezone = spec.title, spec.timezone
        record(AuditAction.ELECTION_UPDATE, election, before=before, summary=f"{spec.title} redefined",
               after={"title": spec.title, "timezone": spec.timezone}, election_id=election.id)
        outcomes.append("updated")
    else:
        outcomes.append("unchanged")
    try:
        if _define_kinds(election, spec.kinds) and outcomes[0] == "unchanged":
            outcomes[0] = "updated"
    except DomainError as error:
        problems += error.problems
    existing = {contest.slug: contest for contest in election.contests}
    for position, contest_spec in enumerate(spec.contests):
        contest = existing.pop(contest_spec.slug, None)
        try:
            if contest is None:
                create_contest(election, contest_spec, position)
                outcomes.append("created")
            else:
                outcomes.append("updated" if update_contest(contest, contest_spec, position) else "unchanged")
        except DomainError as error:
            problems += error.problems
    for contest in existing.values():
        try:
            remove_contest(contest)
            outcomes.append("removed")
        except DomainError as error:
            problems += error.problems
    if problems:
        raise DomainError(problems)
    return Defined(election, outcomes)


def _kind_state(kinds) -> list:
    return [(k.key, k.title, k.plural, bool(k.person), k.groups) for k in kinds]


def _define_kinds(election: Election, kinds: list[KindSpec]) -> bool:
    """Bring the election's declared kinds in line with its definition; False when they already were. A kind that
    bodies are registered as cannot go."""
    if _kind_state(election.kinds) == _kind_state(kinds):
        return False
    dropped = {k.key for k in election.kinds} - {k.key for k in kinds}
    if dropped and election.id is not None:
        used = sorted(set(db.session.scalars(
            select(NominatingBody.kind).where(NominatingBody.election_id == election.id, NominatingBody.kind.in_(dropped))
        )))
        if used:
            raise DomainError(f"{', '.join(used)} is no longer declared, but bodies of that kind are registered in "
                              f"{election.title}; put the [[kind]] back in the file", "kind")
    before = _kind_state(election.kinds)
    election.kinds = []
    db.session.flush()
    election.kinds = [ElectionKind(key=k.key, position=i, title=k.title, plural=k.plural, person=k.person, groups=k.groups)
                      for i, k in enumerate(kinds)]
    db.session.flush()
    record(AuditAction.ELECTION_UPDATE, election, before={"kinds": _json(before)}, after={"kinds": _json(_kind_state(kinds))},
           summary=f"{election.title}: kinds of nominating body declared", election_id=election.id)
    return True


def _route_rows(stage) -> tuple:
    """A stage's routes as stored rows, whether read from the definition or the database."""
    if isinstance(stage, Stage):
        rows = [dict(part=r.part, kind=r.kind, count=r.count, share=r.share, of=r.of, unions=r.unions,
                     membership_share=r.membership_share, spread=r.spread) for r in stage.routes]
    else:
        rows = [row for route in stage.routes for row in route.rows()]
    return tuple(
        (row["kind"], row["count"], row["share"], row["of"], row["unions"], row["membership_share"])
        + (() if row["part"] is None and row["spread"] is None else (row["part"], row["spread"]))
        for row in rows
    )


def _stage_state(stages) -> tuple:
    """Each stage as compared and audited; `gates` and amendments only where used, so that a stage using neither
    reads as it always did."""
    return tuple(
        (s.key, s.title, s.opens_at, s.closes_at, _route_rows(s))
        + (() if s.gates and not s.amendments else
           (bool(s.gates), tuple((a.made_at, a.opens_at, a.closes_at, a.reason) for a in s.amendments)))
        for s in stages
    )


CONTEST_FIELDS = (
    "title", "position", "seats", "max_nominations_per_body", "min_women", "counting_statuses",
    "discount_suspended_mps", "ballot_opens_at", "ballot_closes_at", "result_at",
)
#: Settings of the rules beyond the basic routes: audited only when one differs from its default, so that the
#: audit trail of a contest that uses none reads as it always did.
RULE_FIELDS = {"incumbent_exempt": False, "self_nomination": True, "consent_by": None}


def _json(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_json(item) for item in value]
    return value


def _contest_state(contest) -> dict:
    state = {name: _json(getattr(contest, name)) for name in CONTEST_FIELDS}
    state.update({name: _json(getattr(contest, name)) for name, default in RULE_FIELDS.items()
                  if getattr(contest, name) != default})
    state["stages"] = _json(_stage_state(contest.stages))
    return state


def _new_stages(contest_spec: ContestSpec) -> list[Stage]:
    return [
        Stage(key=s.key, title=s.title, position=i, opens_at=s.opens_at, closes_at=s.closes_at, gates=s.gates,
              routes=[Route(position=j, **row) for j, r in enumerate(s.routes) for row in r.rows()],
              amendments=[StageAmendment(position=k, made_at=a.made_at, opens_at=a.opens_at, closes_at=a.closes_at,
                                         reason=a.reason) for k, a in enumerate(s.amendments)])
        for i, s in enumerate(contest_spec.stages)
    ]


def _values(contest_spec: ContestSpec, position: int) -> dict:
    values = {name: (position if name == "position" else getattr(contest_spec, name)) for name in CONTEST_FIELDS}
    values.update({name: getattr(contest_spec, name) for name in RULE_FIELDS})
    return values


def create_contest(election: Election, contest_spec: ContestSpec, position: int) -> Contest:
    """Add a contest, its stages and routes to an election, as its definition says; audited."""
    contest = Contest(election=election, slug=contest_spec.slug, **_values(contest_spec, position))
    contest.stages = _new_stages(contest_spec)
    db.session.add(contest)
    db.session.flush()
    record(AuditAction.CONTEST_CREATE, contest, after=_contest_state(contest),
           summary=f"Contest {contest.title} defined", election_id=election.id, contest_id=contest.id)
    return contest


def update_contest(contest: Contest, contest_spec: ContestSpec, position: int) -> bool:
    """Bring a stored contest in line with its definition; False when it already was. Audited."""
    values = _values(contest_spec, position)
    fields_changed = {name: value for name, value in values.items() if getattr(contest, name) != value}
    stages_changed = _stage_state(contest.stages) != _stage_state(contest_spec.stages)
    if not fields_changed and not stages_changed:
        return False
    if "max_nominations_per_body" in fields_changed:
        in_use = db.session.scalar(select(func.max(Nomination.slot)).where(Nomination.contest_id == contest.id)) or 0
        if in_use > contest_spec.max_nominations_per_body:
            raise DomainError(f"cannot be lower than {in_use}: a body already holds {in_use} nominations in {contest.title}",
                              f"contest[{contest.slug}].max_nominations_per_body")
    before = _contest_state(contest)
    for name, value in fields_changed.items():
        setattr(contest, name, value)
    if stages_changed:  # replaced whole: old rows go first so that stage ids may be reused
        contest.stages = []
        db.session.flush()
        contest.stages = _new_stages(contest_spec)
    db.session.flush()
    record(AuditAction.CONTEST_UPDATE, contest, before=before, after=_contest_state(contest),
           summary=f"Contest {contest.title} redefined", election_id=contest.election_id, contest_id=contest.id)
    return True


def remove_contest(contest: Contest) -> None:
    """Take a contest out of its election, refused while it has candidates or nominations; audited."""
    election = contest.election
    nominations = db.session.scalar(select(func.count(Nomination.id)).where(Nomination.contest_id == contest.id))
    candidates = db.session.scalar(select(func.count(Candidacy.id)).where(Candidacy.contest_id == contest.id))
    if nominations or candidates:
        raise DomainError(f"is no longer in the file, but {contest.title} has {candidates} candidates and {nominations} "
                          "nominations; it is not removed (put it back in the file)", f"contest[{contest.slug}]")
    record(AuditAction.CONTEST_DELETE, contest, before=_contest_state(contest),
           summary=f"Contest {contest.title} removed", election_id=election.id)
    election.contests.remove(contest)
    db.session.flush()

