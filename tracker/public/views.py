"""Public pages: what anyone can read without logging in."""
from flask import Blueprint, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.elections.models import Contest, Election
from tracker.elections.services import stage_states
from tracker.extensions import db
from tracker.types import utcnow

bp = Blueprint("public", __name__)


@bp.route("/")
def home():
    elections = db.session.scalars(
        select(Election)
        .options(selectinload(Election.contests).selectinload(Contest.stages))
        .order_by(Election.created_at.desc(), Election.id.desc())
    ).all()
    now = utcnow()
    states = stage_states([c for e in elections for c in e.contests], now)
    return render_template("public/home.html", elections=elections, states=states, now=now)
