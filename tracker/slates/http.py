"""HTTP helpers the slate pages and the slate API share: conditional public responses, CSV, refusals."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from functools import wraps

from flask import Response, make_response, render_template, request
from flask_login import current_user
from werkzeug.exceptions import MethodNotAllowed

from tracker.errors import wants_json
from tracker.slates.operations import PUBLISHED_IS_FINAL

#: Methods a published version's URL answers; every other one is an attempt to change it.
READ_METHODS = ("GET", "HEAD")
CHANGE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PUBLIC_MAX_AGE = 60


def public(view):
    """Give a public GET an ETag and Cache-Control, and answer a matching If-None-Match with 304."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        if request.method in READ_METHODS and response.status_code == 200:
            response.add_etag()
            if current_user.is_authenticated:  # the page shows who is logged in: not for shared caches
                response.headers["Cache-Control"] = "private, no-cache"
            else:
                response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
            response.vary.add("Cookie")
            response.make_conditional(request)
        return response

    return wrapped


def refuse_change() -> Response:
    """The answer to any attempt to change a published version: 405, Allow: GET, and what to do instead."""
    error = MethodNotAllowed(valid_methods=list(READ_METHODS), description=PUBLISHED_IS_FINAL)
    if wants_json():
        response = make_response({"error": error.name, "message": PUBLISHED_IS_FINAL, "status": 405}, 405)
    else:
        response = make_response(render_template("error.html", error=error), 405)
    response.headers["Allow"] = ", ".join(READ_METHODS)
    return response


def _cell(value) -> str:
    """A CSV field that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    response = make_response(out.getvalue())
    response.mimetype = "text/csv"
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
