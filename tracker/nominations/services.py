"""What a secretary may do now: the contests open to each of their bodies."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.ballot.judging import contest_rules
from tracker.bodies.models import NominatingBody
from tracker.elections.models import Contest, Stage
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.rules.model import stage_taking


@dataclass(frozen=True)
class OpenContest:
    body: NominatingBody
    contest: Contest
    stage: Stage


def open_stage_for(contest: Contest, body: NominatingBody, moment: datetime) -> Stage | None:
    """The stage of `contest` open at `moment` that takes nominations from bodies of this kind (the rules' answer)."""
    rule, _ = stage_taking(contest_rules(contest), body.kind, moment)
    return next(s for s in contest.stages if s.key == rule.id) if rule else None


def open_contests(bodies: list[NominatingBody], moment: datetime) -> list[OpenContest]:
    """For each body, the contests of its election in which it may nominate at `moment`."""
    election_ids = {b.election_id for b in bodies}
    if not election_ids:
        return []
    contests = db.session.scalars(
        select(Contest)
        .where(Contest.election_id.in_(election_ids))
        .options(selectinload(Contest.stages).selectinload(Stage.routes), selectinload(Contest.election))
        .order_by(Contest.position)
    ).all()
    found = []
    for body in bodies:
        for contest in contests:
            if contest.election_id == body.election_id:
                stage = open_stage_for(contest, body, moment)
                if stage is not None:
                    found.append(OpenContest(body, contest, stage))
    return found


def nominations_of(bodies: list[NominatingBody]) -> list[Nomination]:
    """Every nomination made by these bodies, newest first."""
    if not bodies:
        return []
    return db.session.scalars(
        select(Nomination)
        .where(Nomination.body_id.in_([b.id for b in bodies]))
        .options(selectinload(Nomination.candidacy), selectinload(Nomination.contest), selectinload(Nomination.body))
        .order_by(Nomination.nominated_at.desc(), Nomination.id.desc())
    ).all()
