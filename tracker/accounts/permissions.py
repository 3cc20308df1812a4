"""Who may do what: named predicates that views, operations and templates share."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy import inspect, select

from tracker.accounts.models import user_body
from tracker.extensions import db


def is_admin(user=None) -> bool:
    user = user or current_user
    return bool(user and user.is_authenticated and user.role == "admin")


def is_secretary_of(body, user=None) -> bool:
    """An admin, or a secretary whose scope includes this body."""
    user = user or current_user
    if is_admin(user):
        return True
    if not (user and user.is_authenticated and user.role == "secretary" and body is not None):
        return False
    if "bodies" in inspect(user).unloaded:  # one row asked for, rather than every body of the account loaded
        return db.session.execute(select(user_body.c.body_id).where(
            user_body.c.user_id == user.id, user_body.c.body_id == body.id)).first() is not None
    return any(b.id == body.id for b in user.bodies)


def is_organiser_of(organisation, user=None) -> bool:
    """An organiser of this organisation (admins too may act for any organisation)."""
    user = user or current_user
    if is_admin(user):
        return True
    return bool(
        user and user.is_authenticated and user.role == "organiser" and organisation is not None
        and user.organisation_id == organisation.id
    )


def is_candidate(person=None, user=None) -> bool:
    """A candidate's account; with `person`, the account of that very person (no one else's)."""
    user = user or current_user
    if not (user and user.is_authenticated and user.role == "candidate" and user.person_id is not None):
        return False
    return person is None or user.person_id == person.id


def role_required(*roles: str):
    """Decorate a view: anonymous users are sent to log in, users of another role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from tracker.extensions import login_manager

                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def require(allowed: bool) -> None:
    """Abort with 403 unless the predicate held."""
    if not allowed:
        abort(403)


def can_read_count(stored, user=None) -> bool:
    """A count for a contest is public; a body's meeting count is for that body's secretaries and admins;
    any other count is for admins and whoever uploaded it."""
    user = user or current_user
    if stored.contest_id is not None:
        return True
    if is_admin(user):
        return True
    if stored.body_id is not None:
        from tracker.bodies.models import NominatingBody
        from tracker.extensions import db

        return is_secretary_of(db.session.get(NominatingBody, stored.body_id), user)
    return bool(user and user.is_authenticated and stored.uploaded_by_id == user.id)


def require_read(allowed: bool) -> None:
    """Anonymous users are asked to log in; others who may not read get 403."""
    if allowed:
        return
    if not current_user.is_authenticated:
        from tracker.extensions import login_manager

        abort(login_manager.unauthorized())
    abort(403)
