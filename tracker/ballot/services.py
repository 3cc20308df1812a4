"""The recorded facts of a contest, handed to the pure rules engine: who is on the ballot, and why."""
from __future__ import annotations

from datetime import datetime

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy
from tracker.elections.models import Contest, Stage
from tracker.elections.services import contest_rules
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.rules.eligibility import (
    Body,
    Candidate,
    ContestVerdict,
    Facts,
    NominationFact,
    SuspensionFact,
    eligibility,
)
from tracker.suspensions.models import Suspension
from tracker.types import utcnow


def load_contest(election_slug: str, contest_slug: str) -> Contest | None:
    """A contest with its election, stages and routes, by the slugs in its URL."""
    from tracker.elections.models import Election

    return db.session.scalar(
        select(Contest)
        .join(Election)
        .where(Election.slug == election_slug, Contest.slug == contest_slug)
        .options(selectinload(Contest.stages).selectinload(Stage.routes), selectinload(Contest.election))
    )


def contest_or_404(election_slug: str, contest_slug: str) -> Contest:
    """The contest at these slugs, or a 404 that names what was asked for."""
    found = load_contest(election_slug, contest_slug)
    if found is None:
        abort(404, description=f"There is no contest {contest_slug!r} in election {election_slug!r}.")
    return found


def contest_facts(contest: Contest) -> Facts:
    """Every fact the rules need for one contest, in a fixed number of queries."""
    candidacies = db.session.scalars(
        select(Candidacy).where(Candidacy.contest_id == contest.id).options(selectinload(Candidacy.person))
    ).all()
    bodies = db.session.scalars(
        select(NominatingBody)
        .where(NominatingBody.election_id == contest.election_id)
        .options(selectinload(NominatingBody.person))
    ).all()
    nominations = db.session.execute(
        select(Candidacy.person_id, NominatingBody.code, Nomination.nominated_at, Nomination.status)
        .join(Candidacy, Nomination.candidacy_id == Candidacy.id)
        .join(NominatingBody, Nomination.body_id == NominatingBody.id)
        .where(Nomination.contest_id == contest.id)
    ).all()
    slug_of = {c.person_id: c.person.slug for c in candidacies}
    slug_of.update({b.person_id: b.person.slug for b in bodies if b.person_id is not None})
    suspensions = (
        db.session.scalars(select(Suspension).where(Suspension.person_id.in_(list(slug_of)))).all()
        if slug_of
        else []
    )
    return Facts(
        candidates=tuple(
            Candidate(key=c.person.slug, name=c.person.name, woman=c.woman, withdrawn_at=c.withdrawn_at)
            for c in candidacies
        ),
        bodies=tuple(
            Body(
                code=b.code,
                kind=b.kind,
                is_union=b.is_union,
                members=b.members or 0,
                person=b.person.slug if b.person_id is not None else None,
                name=b.name,
                region=b.region,
            )
            for b in bodies
        ),
        nominations=tuple(
            NominationFact(candidate=slug_of[person_id], body=code, nominated_at=at, status=status)
            for person_id, code, at, status in nominations
        ),
        suspensions=tuple(
            SuspensionFact(person=slug_of[s.person_id], starts_at=s.starts_at, ends_at=s.ends_at, reason=s.reason)
            for s in suspensions
        ),
    )


def contest_verdict(contest: Contest, as_of: datetime | None = None) -> ContestVerdict:
    """Every candidate's verdict in `contest` as of a moment (now by default)."""
    return eligibility(contest_rules(contest), contest_facts(contest), as_of or utcnow())


def is_frozen(contest: Contest, as_of: datetime) -> bool:
    """Whether the contest's ballot had been frozen for publication by `as_of`."""
    from tracker.results.models import BallotSnapshot

    return (
        db.session.scalar(
            select(BallotSnapshot.id)
            .where(BallotSnapshot.contest_id == contest.id, BallotSnapshot.frozen_at <= as_of)
            .limit(1)
        )
        is not None
    )
