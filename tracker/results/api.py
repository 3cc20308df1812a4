"""The JSON API of the results feature: a stored count, in DESIGN.md's count shape."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from tracker.accounts.permissions import can_read_count
from tracker.extensions import db
from tracker.results.models import StoredCount
from tracker.times import iso_text

bp = Blueprint("results_api", __name__, url_prefix="/api/v1")

#: Keys of DESIGN.md's count shape; a stored report may carry more (title, notes, seed), served after them.
COUNT_KEYS = ("method", "seats", "quota", "elected", "stages")


def count_json(stored: StoredCount) -> dict:
    """A stored count: the shape `count --json` prints, then its id, title, valid vote, notes and seed."""
    report = stored.report
    body = {key: report[key] for key in COUNT_KEYS}
    body["stages"] = [{k: v for k, v in stage.items() if k != "note"} for stage in report["stages"]]
    return body | {
        "id": stored.id,
        "title": stored.title,
        "valid_votes": report.get("valid_votes"),
        "min_women": report.get("min_women", 0),
        "notes": [f"Stage {s['stage']}: {s['note']}" for s in report["stages"] if s.get("note")]
        + list(report.get("notes", ())),
        "seed": report.get("seed"),
        "uploaded_at": iso_text(stored.uploaded_at),
        "withdrawn_at": iso_text(stored.withdrawn_at) if stored.withdrawn_at else None,
        "withdrawn_reason": stored.withdrawn_reason,
    }


@bp.route("/counts/<int:count_id>")
def count(count_id: int):
    stored = db.session.get(StoredCount, count_id)
    if stored is None:
        abort(404, description=f"There is no count {count_id}.")
    if not can_read_count(stored):
        abort(403, description="This count is private to the body whose meeting it counted.")
    response = jsonify(count_json(stored))
    # a stored count never changes: cache it, and answer a matching If-None-Match with 304
    public = stored.contest_id is not None
    response.cache_control.public = public
    response.cache_control.private = not public
    response.cache_control.max_age = 3600
    response.add_etag()
    return response.make_conditional(request)
