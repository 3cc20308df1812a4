"""Creating accounts, with their scope, audited."""
from __future__ import annotations

import re

from sqlalchemy import select

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


def create_user(email: str, password: str, role: str, body_codes=(), org_slug: str | None = None) -> User:
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
    if problems:
        raise DomainError(problems)
    if role == "organiser" and organisation is None:
        organisation = create_organisation(org_slug, _org_name(org_slug))
    user = User(email=email, role=role, organisation=organisation, bodies=bodies)
    user.set_password(password)
    db.session.add(user)
    record(
        AuditAction.USER_CREATE, user,
        after={"email": email, "role": role, "bodies": sorted({b.code for b in bodies}), "org": org_slug},
        summary=f"Account {email} created with role {role}",
    )
    return user
