"""The read-only JSON of pledges, members' questions and listening exercises, in DESIGN.md's shape, under /api/v1/."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort
from sqlalchemy import select

from tracker.ballot.services import contest_or_404
from tracker.candidates.models import Person
from tracker.elections.models import Election
from tracker.extensions import db
from tracker.pledges import services as pledge_services
from tracker.times import iso_text
from tracker.voices import services
from tracker.web.caching import Built, json_built, respond

bp = Blueprint("voices_api", __name__, url_prefix="/api/v1")


@bp.route("/elections/<election>/pledges")
def pledges(election: str):
    """Every pledge of the election, with every candidate of the contests it concerns and their state."""

    def build(now: datetime) -> Built:
        found = db.session.scalar(select(Election).where(Election.slug == election))
        if found is None:
            abort(404, description=f"No election {election!r}.")
        listed = pledge_services.pledges_of_election(found)
        table = pledge_services.standings(listed)
        return json_built([
            {
                "slug": p.slug,
                "title": p.title,
                "version": p.current.number,
                "published_at": iso_text(p.published_at),
                "organisation": p.organisation.slug if p.organisation else None,
                "proposed_by": p.proposed_by.name if p.proposed_by else None,
                "contests": [c.slug for c in p.contests],
                "candidates": [
                    {"name": s.person.name, "contest": s.contest.slug, "state": s.state.value, "at": iso_text(s.at),
                     "version": s.version}
                    for s in table[p.id]
                ],
            }
            for p in listed
        ])

    return respond(("api.pledges", election), build)


@bp.route("/elections/<election>/contests/<contest>/questions")
def questions(election: str, contest: str):
    """The contest's published questions, each candidate's answer, and who has not answered."""

    def build(now: datetime) -> Built:
        found = contest_or_404(election, contest)
        page = services.questions_page(found, now)
        return json_built(services.questions_json(page, iso_text), moments=page.moments)

    return respond(("api.questions", election, contest), build)


@bp.route("/candidates/<slug>/listening")
def listening(slug: str):
    """The candidate's listening exercises: questions, confirmed responses counted by role and region, and the
    answers respondents allowed to be published."""

    def build(now: datetime) -> Built:
        person = db.session.scalar(select(Person).where(Person.slug == slug))
        if person is None:
            abort(404, description=f"No candidate {slug!r}.")
        return json_built(services.listening_json(person, iso_text))

    return respond(("api.listening", slug), build)
