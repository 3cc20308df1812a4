"""Finding the record a URL names, or answering 404."""
from __future__ import annotations

from flask import abort

from tracker.extensions import db
from tracker.types import MAX_INTEGER


def get_or_404(model, ident: int, description: str | None = None):
    """The row of `model` with this id, or a 404 (a larger id than a column holds is none, not a 500)."""
    found = db.session.get(model, ident) if 0 < ident <= MAX_INTEGER else None
    if found is None:
        abort(404, description=description)
    return found
