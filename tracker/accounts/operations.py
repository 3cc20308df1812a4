"""Accounts: creating them with their scope, checking a password, changing it, disabling an account; audited."""
from __future__ import annotations

import functools
import re
import secrets

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.accounts.models import ROLES, User
from tracker.audit.operations import record
from tracker.bodies.models import NominatingBody
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.slates.models import Organisation
from tracker.slates.operations import create_organisation, organisation_problems
from tracker.vocabulary import AuditAction

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10


def _org_name(slug: str) -> str:
    """The name given to an organisation that an organiser's account creates: its slug, in words."""
    return slug.replace("-", " ").title()


def create_user(email: str, password: str, role: str, body_codes=(), org_slug: str | None = None,
                person_name: str | None = None) -> User:
    """Make an account; every problem is reported at once and nothing is written on failure."""
    problems = []
    email = email.strip().lower()
    if not EMAIL.match(email):
        problems.append(("email", f"{email!r} is not an email address"))
    elif db.session.scalar(select(User).where(User.email == email)):
        problems.append(("email", f"an account for {email} already exists"))
    if role not in ROLES:
        problems.append(("role", f"role must be one of {', '.join(ROLES)}"))
    if len(password) < MIN_PASSWORD:
        problems.append(("password", f"the password must have at least {MIN_PASSWORD} characters"))
    bodies = []
    for code in body_codes:
        found = db.session.scalars(select(NominatingBody).where(NominatingBody.code == code)).all()
        if not found:
            problems.append(("body", f"no nominating body has the code {code!r}"))
        bodies.extend(found)
    if role == "secretary" and not body_codes:
        problems.append(("body", "a secretary must act for at least one body (--body CODE)"))
    if role != "secretary" and body_codes:
        problems.append(("body", "only a secretary acts for bodies"))
    organisation = None
    if role == "organiser":
        if not org_slug:
            problems.append(("org", "an organiser must belong to an organisation (--org SLUG)"))
        else:
            organisation = db.session.scalar(select(Organisation).where(Organisation.slug == org_slug))
            if organisation is None:
                problems += [("org", message) for _, message in organisation_problems(org_slug, _org_name(org_slug))]
    elif org_slug:
        problems.append(("org", "only an organiser belongs to an organisation"))
    person = None
    if role == "candidate":
        person, found = _candidate_person(person_name)
        problems += found
    elif person_name:
        problems.append(("person", "only a candidate's account speaks for a person"))
    if problems:
        raise DomainError(problems)
    if role == "organiser" and organisation is None:
        organisation = create_organisation(org_slug, _org_name(org_slug))
    user = User(email=email, role=role, organisation=organisation, bodies=bodies, person=person)
    user.set_password(password)
    db.session.add(user)
    record(
        AuditAction.USER_CREATE, user,
        after={"email": email, "role": role, "bodies": sorted({b.code for b in bodies}), "org": org_slug,
               **({"person": person.name} if person is not None else {})},
        summary=f"Account {email} created with role {role}",
    )
    return user


def _candidate_person(name: str | None):
    """The person a candidate's account speaks for, by exact name, and the problems finding them."""
    from tracker.candidates.models import Person
    from tracker.candidates.operations import clean_name

    name = clean_name(name or "")
    if not name:
        return None, [("person", "a candidate's account must name its person (--person NAME)")]
    person = db.session.scalar(select(Person).where(Person.name == name))
    if person is None:
        return None, [("person", f"no candidate is called {name!r}")]
    if not person.candidacies:
        return None, [("person", f"{name} does not stand in any contest")]
    if db.session.scalar(select(User).where(User.person_id == person.id, User.active.is_(True))):
        return None, [("person", f"{name} already has an account")]
    return person, []


@functools.cache
def _dummy_hash(method: str) -> str:
    """A hash of a password nobody knows, made the way real ones are, so that checking it takes as long."""
    return generate_password_hash(secrets.token_hex(16), method=method)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None. A password hash is checked exactly once whether or
    not the account exists, so the time taken does not tell which emails have one."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        check_password_hash(_dummy_hash(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")), password)
        return None
    right = check_password_hash(user.password_hash, password)
    return user if right and user.active else None


def change_password(user: User, current: str, new: str, again: str) -> None:
    """Give the user a new password and end every session they have; the caller may log this one in again."""
    problems = []
    if not check_password_hash(user.password_hash, current or ""):
        problems.append(("current_password", "The current password is wrong."))
    if len(new or "") < MIN_PASSWORD:
        problems.append(("new_password", f"The new password must have at least {MIN_PASSWORD} characters."))
    elif new == current:
        problems.append(("new_password", "The new password must differ from the current one."))
    if new != again:
        problems.append(("new_password_again", "The two new passwords are not the same."))
    if problems:
        raise DomainError(problems)
    user.set_password(new)
    user.end_sessions()
    record(AuditAction.USER_PASSWORD, user, summary=f"Password of {user.email} changed; every session ended")


def disable_user(user: User, by: User | None = None) -> None:
    """Disable an account: it can no longer log in, and every session it has ends at once."""
    if by is not None and by.id == user.id:
        raise DomainError("You cannot disable your own account.", "user")
    if not user.active:
        raise DomainError(f"The account {user.email} is already disabled.", "user")
    user.active = False
    user.end_sessions()
    record(AuditAction.USER_DISABLE, user, before={"active": True}, after={"active": False},
           summary=f"Account {user.email} disabled; every session ended")
