"""Domain errors that carry every problem found, and the handlers that show them."""
from __future__ import annotations

from flask import Flask, abort, render_template, request
from werkzeug.exceptions import BadRequest, HTTPException

from tracker.extensions import db


class DomainError(Exception):
    """A refusal a user can act on: one or more (field, sentence) problems; nothing was written."""

    def __init__(self, problems: list[tuple[str, str]] | str, field: str = ""):
        if isinstance(problems, str):
            problems = [(field, problems)]
        self.problems = list(problems)
        super().__init__("; ".join(message for _, message in self.problems))

    @property
    def messages(self) -> list[str]:
        return [message for _, message in self.problems]


class NotFound(DomainError):
    """A named thing (contest, candidate, body) does not exist."""


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register_errorhandlers(app: Flask) -> None:
    """Answer errors as JSON to API clients and as a page to people; roll back on any server error."""

    def render_error(error: HTTPException):
        if error.code and error.code >= 500:
            db.session.rollback()
        if wants_json():
            return {"error": error.name, "message": error.description, "status": error.code}, error.code
        return render_template("error.html", error=error), error.code

    for code in (400, 403, 404, 405, 409, 413, 429):
        app.register_error_handler(code, render_error)

    @app.before_request
    def refuse_oversized_requests():
        """A body declared larger than MAX_CONTENT_LENGTH is refused before any of it is read, whatever its type
        and wherever it is sent (Werkzeug refuses a larger body without a length as it reads it)."""
        limit = app.config.get("MAX_CONTENT_LENGTH")
        if limit and (request.content_length or 0) > limit:
            abort(413, description=f"The request is larger than the {limit // (1024 * 1024) or 1} MB this site takes.")

    @app.before_request
    def refuse_nul_characters():
        """No text a person types into a form holds a NUL, and PostgreSQL cannot store one: refuse it up front.
        (Query parameters are read by the API's parsers, which refuse a NUL by the parameter's name.)"""
        for name, value in request.form.items(multi=True):
            if "\x00" in value or "\x00" in name:
                abort(400, description=f"{name or 'A field'} contains a NUL character, which no text may hold.")

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        """A refusal that escaped its view (usually a bad query parameter): 400, naming what was wrong."""
        db.session.rollback()
        if wants_json():
            return {
                "error": "Bad Request",
                "status": 400,
                "message": str(error),
                "problems": [{"field": field, "message": message} for field, message in error.problems],
            }, 400
        return render_template("error.html", error=BadRequest(description=str(error))), 400

    @app.errorhandler(500)
    def internal_error(error):
        db.session.rollback()
        if wants_json():
            return {"error": "Internal Server Error", "status": 500}, 500
        return render_template("error.html", error=error), 500
