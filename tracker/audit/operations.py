"""Recording audit events: called by every operation that changes a fact, in its transaction."""
from __future__ import annotations

from typing import Any

from flask import g, has_request_context
from flask_login import current_user

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.types import utcnow
from tracker.vocabulary import AuditAction


def current_actor() -> tuple[int | None, str]:
    """The user acting in this request, or the label a command set (default "cli")."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id, current_user.email
    return None, g.get("actor_label", "cli")


def record(
    action: AuditAction,
    obj: Any = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    summary: str = "",
    public: bool = False,
    election_id: int | None = None,
    contest_id: int | None = None,
) -> AuditEvent:
    """Add an audit event for `action` on `obj` to the current transaction and return it.

    The action names the type of object it is about (the string stored is never taken from `obj`'s class), so
    only an ``AuditAction`` is accepted: a plain string is a TypeError. The event is sealed into the audit
    trail's hash chain when it is flushed (tracker.audit.chain).
    """
    if not isinstance(action, AuditAction):
        raise TypeError(f"record() takes an AuditAction, not {type(action).__name__} {action!r}")
    actor_id, actor_label = current_actor()
    if obj is not None:
        db.session.flush()
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor_id,
        actor_label=actor_label,
        action=action.value,
        object_type=action.object_type.value,
        object_id=getattr(obj, "id", None),
        before=before,
        after=after,
        summary=summary,
        public=public,
        election_id=election_id,
        contest_id=contest_id,
    )
    db.session.add(event)
    return event


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict:
    """The named fields of `obj` as JSON-safe values, for before/after."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out
