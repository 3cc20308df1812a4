"""One transaction per request, committed at its edge: views and operations never commit.

A response under 400 commits what the request wrote; any other (a refusal re-shown with 400, a 404, an error)
rolls it all back. The commit happens before the response leaves, so a user told "saved" was saved, and a
commit that fails becomes an error page, never a success message for something that was not written (503
"try again in a moment" when the database was out of reach). Once a change is committed, `g.committed` is set (a read that wrote nothing leaves it unset), so that a
failure after the commit (saving the session with its flash message, say) is answered "your change was saved",
never as if nothing had been."""
from __future__ import annotations

from flask import Flask, Response, g
from sqlalchemy import event
from sqlalchemy.orm import Session

from tracker.audit.chain import SEALED
from tracker.extensions import db

#: Set on a session by a flush that wrote rows; read and cleared at the request's edge (savepoints released inside
#: the request end transactions too, so the flag cannot be cleared by transaction events).
WROTE = "tracker.wrote"


@event.listens_for(Session, "after_flush")
def _note_a_write(session, flush_context) -> None:
    if session.new or session.dirty or session.deleted:
        session.info[WROTE] = True


@event.listens_for(Session, "after_commit")
def _note_sealed_events(session) -> None:
    if session.info.get(SEALED):  # audit events stored by one statement (PostgreSQL), without a flush
        session.info[WROTE] = True


def register(app: Flask) -> None:
    """Commit or roll back every request's transaction at its edge."""

    @app.before_request
    def nothing_committed_yet() -> None:
        g.pop("committed", None)

    @app.after_request
    def commit_at_the_edge(response: Response) -> Response:
        if not db.session.registry.has():  # no session was opened (a cached public page): nothing to end
            return response
        if response.status_code < 400:
            db.session.flush()
            try:
                db.session.commit()  # audit events are sealed and inserted by the commit's own flush
            finally:
                wrote = db.session.info.pop(WROTE, False)
            g.committed = wrote  # a change saved: whatever fails after this must not be reported as "nothing saved"
        else:
            db.session.info.pop(WROTE, None)
            db.session.rollback()
        return response
