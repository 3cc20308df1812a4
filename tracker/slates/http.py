"""What the slate pages and the slate API share: a published version answers only reads."""
from __future__ import annotations

from flask import Response, make_response, render_template
from werkzeug.exceptions import MethodNotAllowed

from tracker.errors import wants_json
from tracker.slates.operations import PUBLISHED_IS_FINAL

#: Methods a published version's URL answers; every other one is an attempt to change it.
READ_METHODS = ("GET", "HEAD")
CHANGE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def refuse_change() -> Response:
    """The answer to any attempt to change a published version: 405, Allow: GET, and what to do instead."""
    error = MethodNotAllowed(valid_methods=list(READ_METHODS), description=PUBLISHED_IS_FINAL)
    if wants_json():
        response = make_response({"error": error.name, "message": PUBLISHED_IS_FINAL, "status": 405}, 405)
    else:
        response = make_response(render_template("error.html", error=error), 405)
    response.headers["Allow"] = ", ".join(READ_METHODS)
    return response
