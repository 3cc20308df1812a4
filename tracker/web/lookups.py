"""Finding the record a URL names, or answering 404."""
from __future__ import annotations

from functools import lru_cache

from flask import abort
from sqlalchemy import bindparam, select, true

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
    found = db.session.execute(_each(tuple(model for model, _ in wanted)),
                               {f"id{n}": ident for n, (_, ident) in enumerate(wanted)}).first()
    if found is None:
        abort(404)
    return tuple(found)


@lru_cache(maxsize=32)
def _each(models: tuple[type, ...]):
    """The query for get_each_or_404, built once per combination of models (rows of unrelated tables, each found
    by its id: joined on nothing)."""
    query = select(*models)
    for model in models[1:]:
        query = query.join(model, true())
    return query.where(*(model.id == bindparam(f"id{n}") for n, model in enumerate(models)))
