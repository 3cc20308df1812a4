"""Finding the record a URL names, or answering 404."""
from __future__ import annotations

from flask import abort
from sqlalchemy import select, true

from tracker.extensions import db
from tracker.types import MAX_INTEGER


def get_or_404(model, ident: int, description: str | None = None):
    """The row of `model` with this id, or a 404 (a larger id than a column holds is none, not a 500)."""
    found = db.session.get(model, ident) if 0 < ident <= MAX_INTEGER else None
    if found is None:
        abort(404, description=description)
    return found


def get_each_or_404(*wanted: tuple[type, int]) -> tuple:
    """The rows several URL ids name ((model, id) pairs), in one query; a 404 if any is missing."""
    if not all(0 < ident <= MAX_INTEGER for _, ident in wanted):
        abort(404)
    models = [model for model, _ in wanted]
    query = select(*models)
    for model in models[1:]:  # rows of unrelated tables, each found by its id: joined on nothing
        query = query.join(model, true())
    found = db.session.execute(query.where(*(model.id == ident for model, ident in wanted))).first()
    if found is None:
        abort(404)
    return tuple(found)
