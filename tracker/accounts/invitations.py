"""A candidate's invitation: an admin makes the candidate's account, for the person it speaks for, and the same
one-time link to set a password that every account gets (tracker.accounts.operations.issue_password_link)."""
from __future__ import annotations

from tracker.accounts.models import User
from tracker.accounts.operations import PASSWORD_LINK_LIFETIME, create_user, issue_password_link

#: Hours an invitation link stays usable: those of every one-time link.
INVITATION_HOURS = int(PASSWORD_LINK_LIFETIME.total_seconds() // 3600)


def invite_candidate(email: str, person_name: str, by: User) -> tuple[User, str]:
    """Make a candidate's account with no password yet, and the token of its one-time link to set one."""
    user = create_user(email, None, "candidate", person_name=person_name)
    return user, issue_password_link(user, by)
