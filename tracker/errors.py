"""Domain errors that carry every problem found, and the handlers that show them."""
from __future__ import annotations

from flask import Flask, abort, g, render_template, request
from sqlalchemy.exc import DisconnectionError, OperationalError
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, ServiceUnavailable
from werkzeug.http import parse_accept_header

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


#: Seconds a client is asked to wait before trying again while the database is unreachable.
RETRY_AFTER = 5
#: What a lost database connection raises (psycopg's and sqlite3's connection errors arrive wrapped in these).
DATABASE_DOWN = (OperationalError, DisconnectionError)


def database_unreachable(error: BaseException | None) -> bool:
    """Is this error (or the one a 500 wraps) the database being out of reach rather than a bug?"""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, DATABASE_DOWN):
            return True
        error = getattr(error, "original_exception", None) or error.__cause__
        seen += 1
    return False


def _rollback_quietly() -> None:
    """Roll back, even when the connection to roll back on is the thing that is gone."""
    try:
        db.session.rollback()
    except Exception:  # the rollback of a dead connection fails too; the session is discarded either way
        db.session.remove()


def _forget_success_messages() -> None:
    """A view flashes its success before the commit at the request's edge; when that commit fails, the message
    must not be shown (on the error page or the next one): the change was not saved."""
    from flask import session
    from flask.globals import request_ctx

    session.pop("_flashes", None)
    if request_ctx:
        request_ctx.flashes = None


#: What an API client is told of a server error before anything was committed.
NOTHING_SAVED = ("Something went wrong on the tracker's side and nothing of this request was saved. "
                 "Try again; if it happens again, the error has been logged for the site's administrators.")


def environ_wants_json(environ) -> bool:
    """An error is answered as JSON on the API's paths and to any client that prefers JSON; read from the bare WSGI
    environ, so that the last-resort answer (tracker.web.headers) decides as the handlers here do."""
    if (environ.get("PATH_INFO") or "").startswith("/api/"):
        return True
    return parse_accept_header(environ.get("HTTP_ACCEPT"), MIMEAccept).best == "application/json"


def wants_json() -> bool:
    return environ_wants_json(request.environ)


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

    def database_down(error):
        """The database is out of reach: 503 with Retry-After, so people and clients try again shortly;
        nothing of this request was written."""
        _rollback_quietly()
        _forget_success_messages()
        answer = ServiceUnavailable(
            description="The tracker cannot reach its database just now; nothing was saved. "
            f"Please try again in a moment (about {RETRY_AFTER} seconds)."
        )
        headers = {"Retry-After": str(RETRY_AFTER)}
        if wants_json():
            return {"error": answer.name, "message": answer.description, "status": 503}, 503, headers
        return render_template("error.html", error=answer, database_down=True), 503, headers

    for kind in DATABASE_DOWN:
        app.register_error_handler(kind, database_down)

    @app.errorhandler(500)
    def internal_error(error):
        if database_unreachable(error):  # e.g. the commit at the request's edge lost its connection
            return database_down(error)
        _rollback_quietly()
        if not g.get("committed"):
            _forget_success_messages()
        if g.get("committed"):
            # The request's change was committed before something after it failed: say so, or a person
            # told "error" would do it again.
            error = InternalServerError(
                description="Your change was saved, but the next page could not be shown. "
                "Reload the list to see it; do not submit it again."
            )
            if wants_json():
                return {"error": error.name, "message": error.description, "status": 500, "saved": True}, 500
            return render_template("error.html", error=error), 500
        if wants_json():
            return {"error": "Internal Server Error", "message": NOTHING_SAVED, "status": 500}, 500
        return render_template("error.html", error=error), 500
