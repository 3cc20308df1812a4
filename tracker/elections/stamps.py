"""The rules stamp: a token on each contest that changes with every write that could change its rules.

A contest's rules are built from its own columns, its stages, their routes and timetable amendments, and its
election's time zone and declared kinds; its halts are kept beside them. Every write to those rows goes through
the ORM, so a hook before each flush gives each contest touched a new stamp, in the same transaction as the
change: a process that built a contest's rules may keep them under (contest id, stamp) and reuse them for as long
as the stamp it reads is the same (tracker.ballot.judging.contest_rules, contest_halts).

The stamp is random, not a counter, so that rules kept from one database are never taken for another's (a
restore into a new database brings the stamps of the rules it restores).
"""
from __future__ import annotations

import secrets
from itertools import chain

from sqlalchemy import event, select
from sqlalchemy.orm import Session


def new_stamp() -> str:
    return secrets.token_hex(16)


def _contests_touched(session: Session) -> tuple[set, set[int], set[int]]:
    """The contests whose rules a flush may change: those in the session, those named by id, and the elections
    whose every contest may change."""
    from tracker.elections.models import Contest, ContestHalt, Election, ElectionKind, Route, Stage, StageAmendment

    contests, contest_ids, election_ids = set(), set(), set()

    def of_contest(owner) -> None:  # a stage or halt: its contest, loaded or by id
        if owner.contest is not None:
            contests.add(owner.contest)
        else:
            contest_ids.add(owner.contest_id)

    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Contest):
            contests.add(obj)
        elif isinstance(obj, (Stage, ContestHalt)):
            of_contest(obj)
        elif isinstance(obj, (Route, StageAmendment)):
            stage = obj.stage if obj.stage is not None else session.get(Stage, obj.stage_id)
            if stage is not None:
                of_contest(stage)
        elif isinstance(obj, Election):
            election_ids.add(obj.id)
        elif isinstance(obj, ElectionKind):
            election_ids.add(obj.election.id if obj.election is not None else obj.election_id)
    return contests, contest_ids, election_ids


@event.listens_for(Session, "before_flush")
def _new_stamps(session: Session, flush_context, instances) -> None:
    if not (session.new or session.dirty or session.deleted):
        return
    from tracker.elections.models import Contest

    contests, contest_ids, election_ids = _contests_touched(session)
    contest_ids.discard(None)
    election_ids.discard(None)
    if contest_ids or election_ids:
        contests.update(session.scalars(select(Contest).where(
            Contest.id.in_(contest_ids) | Contest.election_id.in_(election_ids))))
    for contest in contests:
        if contest not in session.deleted:
            contest.rules_stamp = new_stamp()
