"""Nominating bodies: registering one and changing it, each flushed and audited (never committed)."""
from __future__ import annotations

from sqlalchemy import select

from tracker.audit.operations import record
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Person
from tracker.elections.models import Election
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.vocabulary import AuditAction, BodyKind

#: The fields an import or a form may change on a registered body.
BODY_FIELDS = ("name", "kind", "region", "is_union", "members", "person_id")


def body_label(body: NominatingBody) -> str:
    """How a body is named in sentences: "CLP Anytown", "Jo Bloggs MP", "Union of Care Workers"."""
    if body.kind == BodyKind.CLP and "clp" not in body.name.casefold().split():
        return f"CLP {body.name}"
    if body.kind == BodyKind.MP and not body.name.endswith(" MP"):
        return f"{body.name} MP"
    return body.name


def kind_word(body: NominatingBody) -> str:
    """A body's kind in words: "MP", "CLP", "affiliate", or the title its election declares ("MEP", "member")."""
    if body.kind in {kind.value for kind in BodyKind}:
        return BodyKind(body.kind).singular
    declared = next((kind for kind in body.election.kinds if kind.key == body.kind), None)
    return declared.title if declared is not None else body.kind


def body_state(body: NominatingBody) -> dict:
    """A body's fields as the audit trail records them, before and after a change."""
    state = {name: getattr(body, name) for name in BODY_FIELDS if name != "person_id"}
    state["code"] = body.code
    state["person"] = body.person.name if body.person is not None else None
    if body.group:  # only where used, so that other bodies' records read as before
        state["group"] = body.group
    return state


def register_body(election: Election, code: str, name: str, kind: str, region: str | None = None,
                  is_union: bool = False, members: int = 0, person: Person | None = None,
                  group: str | None = None) -> NominatingBody:
    """Register a nominating body in an election under its code."""
    if kind != BodyKind.AFFILIATE and (is_union or members):
        raise DomainError([("is_union" if is_union else "members",
                            "only an affiliate can be a trade union" if is_union else "only an affiliate has an affiliated membership")])
    body = NominatingBody(election=election, code=code, name=name, kind=kind, region=region, is_union=bool(is_union),
                          members=members or 0, person=person, group=group)
    db.session.add(body)
    db.session.flush()
    record(AuditAction.BODY_CREATE, body, after=body_state(body), summary=f"{body_label(body)} registered",
           election_id=election.id)
    return body


def update_body(body: NominatingBody, wanted: dict, person: Person | None = None) -> bool:
    """Change a body's fields to `wanted` (any of BODY_FIELDS; person_id follows `person`); False when nothing
    differs. A body that has nominated keeps its kind."""
    wanted = {**wanted, "person_id": person.id if person is not None else None} if "person_id" in wanted else wanted
    changed = {name: value for name, value in wanted.items() if getattr(body, name) != value}
    if not changed:
        return False
    if "kind" in changed:
        used = db.session.scalar(select(Nomination.id).where(Nomination.body_id == body.id).limit(1))
        if used is not None:
            raise DomainError([("kind", f"{body_label(body)} has made nominations as a {body.kind}; its kind cannot change")])
    before = body_state(body)
    for name, value in changed.items():
        if name == "person_id":
            body.person = person
        else:
            setattr(body, name, value)
    db.session.flush()
    record(AuditAction.BODY_UPDATE, body, before=before, after=body_state(body), summary=f"{body_label(body)} updated",
           election_id=body.election_id)
    return True
