"""The slates' read-only JSON, in DESIGN.md's shape, under /api/v1/."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, request

from tracker.slates import services
from tracker.slates.http import CHANGE_METHODS, READ_METHODS, refuse_change
from tracker.times import iso_text
from tracker.web.caching import Built, json_built, respond
from tracker.web.params import as_of_param, parse_moment, query_key

bp = Blueprint("slates_api", __name__, url_prefix="/api/v1")


def _election(slug: str):
    election = services.load_election(slug)
    if election is None:
        abort(404, description=f"No election {slug!r}.")
    return election


@bp.route("/elections/<election>/slates")
def slates(election: str):
    """Every published slate of the election: who, which version, when."""

    def build(now: datetime) -> Built:
        found = _election(election)
        return json_built([
            {
                "organisation": slate.organisation.slug,
                "name": slate.organisation.name,
                "title": slate.versions[-1].title,
                "version": slate.versions[-1].number,
                "published_at": iso_text(slate.versions[-1].published_at),
            }
            for slate in services.published_slates(found)
        ])

    return respond(("api.slates", election), build)


@bp.route("/elections/<election>/slates/<organisation>", methods=[*READ_METHODS, *CHANGE_METHODS])
def slate(election: str, organisation: str):
    """The latest published version, resolved against the ballot as of `as_of` (default now)."""
    if request.method in CHANGE_METHODS:
        return refuse_change()

    def build(now: datetime) -> Built:
        found = _election(election)
        org = services.find_organisation(organisation)
        if org is None:
            abort(404, description=f"No organisation {organisation!r}.")
        version = services.latest_version(services.find_slate(org, found))
        if version is None:
            abort(404, description=f"{org.name} has not published a slate for {found.title}.")
        raw = as_of_param()
        as_of = parse_moment(raw, found.timezone) if raw else now
        verdicts = services.VerdictCache()
        return json_built(services.slate_json(version, services.resolve_version(version, as_of, verdicts)),
                          verdicts.moments)

    return respond(("api.slate", election, organisation, query_key()), build, as_of=as_of_param())
