"""From stored contests to the pure rules: their rules, and the stage each is in at a moment."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from fractions import Fraction

from sqlalchemy import func, select

from tracker.elections.models import Contest, ContestHalt
from tracker.extensions import db
from tracker.results.models import BallotSnapshot, DeclaredResult
from tracker.rules.eligibility import ContestRules, Route, StageRule
from tracker.rules.stages import StageState, stage_at


def exact(value: str | None) -> Fraction | None:
    """A decimal as written ("0.10") as an exact fraction."""
    return None if value is None else Fraction(value)


def contest_rules(contest: Contest) -> ContestRules:
    """The pure rules of a stored contest."""
    return ContestRules(
        title=contest.title,
        seats=contest.seats,
        stages=tuple(
            StageRule(
                id=stage.key,
                title=stage.title,
                opens_at=stage.opens_at,
                closes_at=stage.closes_at,
                routes=tuple(
                    Route(
                        kind=route.kind,
                        count=route.count,
                        share=exact(route.share),
                        of=route.of,
                        unions=route.unions,
                        membership_share=exact(route.membership_share),
                    )
                    for route in stage.routes
                ),
            )
            for stage in contest.stages
        ),
        max_nominations_per_body=contest.max_nominations_per_body,
        counting_statuses=contest.counting_status_set,
        discount_suspended_mps=contest.discount_suspended_mps,
        timezone=contest.election.timezone,
    )


def stage_states(contests: Sequence[Contest], moment: datetime) -> dict[int, StageState]:
    """The stage of each contest at `moment`, with three queries whatever the number of contests."""
    ids = [c.id for c in contests]
    if not ids:
        return {}
    halts: dict[int, list] = {}
    for halt in db.session.scalars(select(ContestHalt).where(ContestHalt.contest_id.in_(ids))):
        halts.setdefault(halt.contest_id, []).append((halt.halted_at, halt.resumed_at, halt.reason))
    frozen = dict(
        db.session.execute(
            select(BallotSnapshot.contest_id, func.min(BallotSnapshot.frozen_at))
            .where(BallotSnapshot.contest_id.in_(ids))
            .group_by(BallotSnapshot.contest_id)
        ).all()
    )
    declared = dict(
        db.session.execute(
            select(DeclaredResult.contest_id, DeclaredResult.declared_at).where(DeclaredResult.contest_id.in_(ids))
        ).all()
    )
    return {
        c.id: contest_stage(c, moment, halts.get(c.id, ()), frozen.get(c.id), declared.get(c.id))
        for c in contests
    }


def contest_stage(contest: Contest, moment: datetime, halts=(), frozen_at=None, declared_at=None) -> StageState:
    """The computed stage of one contest from its timetable and the given admin acts."""
    rules = contest_rules(contest)
    return stage_at(
        rules.stages,
        contest.ballot_opens_at,
        contest.ballot_closes_at,
        contest.result_at,
        moment,
        halts=tuple(halts),
        frozen_at=frozen_at,
        declared_at=declared_at,
        timezone=contest.election.timezone,
    )


def current_stage(contest: Contest, moment: datetime) -> StageState:
    """The computed stage of one stored contest at `moment` (never a stored flag)."""
    return stage_states([contest], moment)[contest.id]
