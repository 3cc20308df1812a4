"""Finding a contest by the slugs in its URL (what it holds is judged in tracker.ballot.judging)."""
from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.elections.models import Contest, Election, Stage
from tracker.extensions import db


def load_contest(election_slug: str, contest_slug: str) -> Contest | None:
    """A contest with its election, stages and routes, by the slugs in its URL."""
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
