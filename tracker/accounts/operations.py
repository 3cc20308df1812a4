"""Accounts: creating them with their scope, changing role and scope, checking a password, changing it, setting
it with a one-time link, disabling and enabling an account; each change audited."""
from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.accounts.models import ROLES, PasswordLink, User
from tracker.audit.operations import record
from tracker.bodies.models import NominatingBody
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.slates.models import Organisation
from tracker.slates.operations import create_organisation, organisation_problems
from tracker.times import DEFAULT_TIMEZONE, moment_text
from tracker.types import utcnow
from tracker.vocabulary import AuditAction

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
#: How long a one-time link to set a password works.
PASSWORD_LINK_LIFETIME = timedelta(hours=72)


def _org_name(slug: str) -> str:
    """The name given to an organisation that an organiser's account creates: its slug, in words."""
    return slug.replace("-", " ").title()


@dataclass(frozen=True)
class Scope:
    """What an account acts for: the bodies of a secretary, the organisation of an organiser (None for others)."""

    bodies: list
    organisation: Organisation | None
    #: The slug of an organiser's organisation that does not exist yet, made when the account is written.
    new_org: str | None = None

    def state(self) -> dict:
        slug = self.organisation.slug if self.organisation is not None else self.new_org
        return {"bodies": sorted({b.code for b in self.bodies}), "org": slug}


def _scope(role: str, body_codes, org_slug: str | None, problems: list) -> Scope:
    """The bodies and organisation a role acts for, checked: a secretary acts for at least one registered body,
    an organiser belongs to one organisation, and no other role has either. Problems are added to `problems`."""
    if role not in ROLES:
        problems.append(("role", f"role must be one of {', '.join(ROLES)}"))
    body_codes = [code.strip() for code in body_codes if code and code.strip()]
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
    org_slug = (org_slug or "").strip() or None
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
    new_org = org_slug if role == "organiser" and organisation is None else None
    return Scope(bodies=bodies, organisation=organisation, new_org=new_org)


def _organisation_of(scope: Scope) -> Organisation | None:
    """The scope's organisation, made now if it is a new one."""
    if scope.new_org:
        return create_organisation(scope.new_org, _org_name(scope.new_org))
    return scope.organisation


def create_user(email: str, password: str | None, role: str, body_codes=(), org_slug: str | None = None,
                person_name: str | None = None) -> User:
    """Make an account; every problem is reported at once and nothing is written on failure. Without a password
    (an account made on the web) nobody can log in to it until a one-time link has set one. A candidate's account
    speaks for one person, named exactly as in the contests."""
    problems = []
    email = email.strip().lower()
    if not EMAIL.match(email):
        problems.append(("email", f"{email!r} is not an email address"))
    elif db.session.scalar(select(User).where(User.email == email)):
        problems.append(("email", f"an account for {email} already exists"))
    scope = _scope(role, body_codes, org_slug, problems)
    person = None
    if role == "candidate":
        person, found = _candidate_person(person_name)
        problems += found
    elif person_name:
        problems.append(("person", "only a candidate's account speaks for a person"))
    if password is not None and len(password) < MIN_PASSWORD:
        problems.append(("password", f"the password must have at least {MIN_PASSWORD} characters"))
    if problems:
        raise DomainError(problems)
    user = User(email=email, role=role, organisation=_organisation_of(scope), bodies=scope.bodies, person=person)
    user.set_password(password if password is not None else secrets.token_urlsafe(32))
    db.session.add(user)
    record(
        AuditAction.USER_CREATE, user,
        after={"email": email, "role": role} | scope.state() | ({"person": person.name} if person is not None else {}),
        summary=f"Account {email} created with role {role}",
    )
    return user


def _user_state(user: User) -> dict:
    return {"role": user.role, "bodies": sorted({b.code for b in user.bodies}),
            "org": user.organisation.slug if user.organisation is not None else None}


def update_user(user: User, role: str, body_codes=(), org_slug: str | None = None, by: User | None = None) -> bool:
    """Change an account's role and what it acts for; False when nothing changed. An admin cannot take away their
    own admin role (someone must be left able to manage accounts)."""
    problems = []
    if by is not None and by.id == user.id and role != user.role:
        problems.append(("role", "You cannot change your own role: ask another admin."))
    if role == "candidate" and user.person_id is None:
        problems.append(("role", "A candidate's account speaks for one candidate: make it with "
                                 "“Invite a candidate”, which names them."))
    scope = _scope(role, body_codes, org_slug, problems)
    if problems:
        raise DomainError(problems)
    before = _user_state(user)
    if before == {"role": role} | scope.state():
        return False
    user.role = role
    if role != "candidate":
        user.person = None
    user.bodies = scope.bodies
    user.organisation = _organisation_of(scope)
    after = _user_state(user)
    changed = [name for name in ("role", "bodies", "org") if before[name] != after[name]]
    words = {"role": f"role {after['role']}", "bodies": "bodies " + (", ".join(after["bodies"]) or "none"),
             "org": f"organisation {after['org'] or 'none'}"}
    record(AuditAction.USER_UPDATE, user, before=before, after=after,
           summary=f"Account {user.email} now has " + "; ".join(words[name] for name in changed))
    return True


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


def enable_user(user: User) -> None:
    """Let a disabled account log in again (its old sessions stay ended)."""
    if user.active:
        raise DomainError(f"The account {user.email} is not disabled.", "user")
    user.active = True
    record(AuditAction.USER_ENABLE, user, before={"active": False}, after={"active": True},
           summary=f"Account {user.email} enabled")


def token_hash(token: str) -> str:
    """What is stored of a link's token: its SHA-256, so that a copy of the database opens no account."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_password_link(user: User, by: User | None = None, now: datetime | None = None) -> str:
    """Make a one-time link's token for the account to set its password, and return it (it is not stored; only its
    hash is). The account's earlier links stop working. Works for every role, and for an account that has never
    had a password (an invitation) as for one that has (a reset)."""
    now = now or utcnow()
    if not user.active:
        raise DomainError(f"The account {user.email} is disabled: enable it before sending it a link.", "user")
    for earlier in db.session.scalars(
        select(PasswordLink).where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None),
                                   PasswordLink.expires_at > now)
    ):
        earlier.expires_at = now
    token = secrets.token_urlsafe(32)
    link = PasswordLink(user=user, token_hash=token_hash(token), created_at=now, expires_at=now + PASSWORD_LINK_LIFETIME,
                        created_by_id=by.id if by is not None else None)
    db.session.add(link)
    db.session.flush()
    record(AuditAction.USER_PASSWORD_LINK, user, after={"link": link.id, "expires_at": link.expires_at.isoformat()},
           summary=f"One-time link to set the password of {user.email} made, working until "
                   f"{moment_text(link.expires_at, DEFAULT_TIMEZONE)}")
    return token


def password_link(token: str, now: datetime | None = None) -> PasswordLink:
    """The working link with this token; a DomainError saying why when it is unknown, used or expired."""
    now = now or utcnow()
    link = db.session.scalar(select(PasswordLink).where(PasswordLink.token_hash == token_hash(token or "")))
    if link is None:
        raise DomainError("This link to set a password is not one we made: check that it was copied whole.", "token")
    if link.used_at is not None:
        raise DomainError("This link has already been used to set a password; it works only once. Log in with that "
                          "password, or ask an admin for a new link.", "token")
    if link.expires_at <= now:
        raise DomainError("This link to set a password has expired, or a newer one replaced it. Ask an admin for a "
                          "new link.", "token")
    if not link.user.active:
        raise DomainError("This account is disabled: ask an admin.", "token")
    return link


def set_password_with_link(token: str, new: str, again: str, now: datetime | None = None) -> User:
    """Set an account's password with a one-time link: the link is used up and every session of the account ends."""
    now = now or utcnow()
    link = password_link(token, now)
    problems = []
    if len(new or "") < MIN_PASSWORD:
        problems.append(("new_password", f"The new password must have at least {MIN_PASSWORD} characters."))
    if new != again:
        problems.append(("new_password_again", "The two new passwords are not the same."))
    if problems:
        raise DomainError(problems)
    user = link.user
    user.set_password(new)
    user.end_sessions()
    link.used_at = now
    record(AuditAction.USER_PASSWORD, user, after={"link": link.id},
           summary=f"Password of {user.email} set with a one-time link; every session ended")
    return user
