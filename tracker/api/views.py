"""The read-only JSON API under /api/v1/."""
from flask import Blueprint, abort, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.api.params import parse_moment
from tracker.ballot.serialize import ballot_json
from tracker.ballot.services import contest_verdict, is_frozen, load_contest
from tracker.elections.models import Contest, Election, Stage
from tracker.elections.services import stage_states
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.types import utcnow

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    return {
        "error": "Bad Request",
        "status": 400,
        "message": str(error),
        "problems": [{"field": field, "message": message} for field, message in error.problems],
    }, 400


@bp.route("/elections")
def elections():
    rows = db.session.scalars(
        select(Election)
        .options(selectinload(Election.contests).selectinload(Contest.stages).selectinload(Stage.routes))
        .order_by(Election.id)
    ).all()
    states = stage_states([c for e in rows for c in e.contests], utcnow())
    return [
        {
            "slug": e.slug,
            "title": e.title,
            "contests": [
                {"slug": c.slug, "title": c.title, "seats": c.seats, "stage": states[c.id].key} for c in e.contests
            ],
        }
        for e in rows
    ]


@bp.route("/elections/<election>/contests/<contest>/ballot")
def ballot(election: str, contest: str):
    found = load_contest(election, contest)
    if found is None:
        abort(404, description=f"No contest {contest!r} in election {election!r}.")
    as_of = parse_moment(request.args.get("as_of"), found.election.timezone)
    verdict = contest_verdict(found, as_of)
    stage = stage_states([found], as_of)[found.id].key
    return ballot_json(election, contest, verdict, stage, is_frozen(found, as_of))
