"""An appeal's public JSON under /api/v1/: the counts and notices, never a signer."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from tracker.appeals import services
from tracker.times import iso_text
from tracker.types import utcnow

bp = Blueprint("appeals_api", __name__, url_prefix="/api/v1")


def appeal_json(appeal, now) -> dict:
    counts = services.counts(appeal)
    return {
        "organisation": appeal.organisation.slug,
        "slug": appeal.slug,
        "title": appeal.title,
        "petitioning": appeal.petitioning,
        "target": appeal.target,
        "status": services.appeal_state(appeal, now).status,
        "signatures": counts.confirmed,
        "by_region": counts.by_region,
        "threshold_reached_at": iso_text(counts.threshold_reached_at),
        "notices": [{"at": iso_text(n.at), "text": n.text} for n in services.notices(appeal, now)],
    }


@bp.route("/appeals/<organisation>/<appeal>")
def appeal(organisation: str, appeal: str):
    found = services.find_appeal(organisation, appeal)
    if found is None:
        abort(404, description=f"No appeal {appeal!r} of {organisation!r}.")
    response = jsonify(appeal_json(found, utcnow()))
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)
