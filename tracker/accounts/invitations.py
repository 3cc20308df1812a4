"""A candidate's invitation: an admin makes the account and a one-time link with which the candidate sets their
first password. Only the token's SHA-256 is stored; the link works once, within INVITATION_DAYS."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from tracker import types as clock
from tracker.accounts.models import CandidateInvitation, User
from tracker.accounts.operations import MIN_PASSWORD, create_user
from tracker.audit.operations import record
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.vocabulary import AuditAction

#: Days an invitation link stays usable.
INVITATION_DAYS = 7


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_candidate(email: str, person_name: str, by: User) -> tuple[User, str]:
    """Make a candidate's account with no usable password, and the token of its one-time invitation link."""
    user = create_user(email, secrets.token_urlsafe(32), "candidate", person_name=person_name)
    token = secrets.token_urlsafe(32)
    invitation = CandidateInvitation(user=user, token_hash=token_hash(token), created_at=clock.utcnow(),
                                     expires_at=clock.utcnow() + timedelta(days=INVITATION_DAYS), created_by_id=by.id)
    db.session.add(invitation)
    record(AuditAction.USER_INVITE_CANDIDATE, invitation, after={"email": user.email, "person": user.person.name},
           summary=f"Invitation made for {user.email}, candidate {user.person.name}")
    return user, token


def find_invitation(token: str) -> CandidateInvitation:
    """The invitation a link names, while it can still be used; otherwise a refusal saying why."""
    invitation = db.session.scalar(select(CandidateInvitation).where(CandidateInvitation.token_hash == token_hash(token or "")))
    if invitation is None:
        raise DomainError("This invitation link is not known. Ask the returning officer for a new one.")
    if invitation.used_at is not None:
        raise DomainError("This invitation link has already been used. Log in with the password you set.")
    if invitation.expires_at <= clock.utcnow():
        raise DomainError("This invitation link has expired. Ask the returning officer for a new one.")
    if not invitation.user.active:
        raise DomainError("This account has been disabled.")
    return invitation


def accept_invitation(token: str, password: str, again: str) -> User:
    """Set the invited candidate's password; the link is then spent."""
    invitation = find_invitation(token)
    problems = []
    if len(password or "") < MIN_PASSWORD:
        problems.append(("password", f"The password must have at least {MIN_PASSWORD} characters."))
    if password != again:
        problems.append(("password_again", "The two passwords are not the same."))
    if problems:
        raise DomainError(problems)
    user = invitation.user
    user.set_password(password)
    user.end_sessions()
    invitation.used_at = clock.utcnow()
    record(AuditAction.USER_ACCEPT_INVITATION, invitation, after={"email": user.email},
           summary=f"{user.email} set their password with their invitation")
    return user
