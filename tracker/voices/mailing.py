"""Mail for members' questions and listening exercises: confirmation links and notices, through the shared mail
layer's interface (send_mail; new_token, hash_token, absolute_url)."""
from __future__ import annotations

import hashlib
import logging
import secrets

from flask import current_app, url_for

log = logging.getLogger("tracker.mail")


def new_token() -> tuple[str, str]:
    """A token to mail and the SHA-256 hex to store (only the hash is ever stored)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link(endpoint: str, **values) -> str:
    """An absolute link for a message, built on BASE_URL when it is set."""
    base = (current_app.config.get("BASE_URL") or "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def send(to: str, subject: str, text: str) -> None:
    """Hand a message to the mail layer (written to the log until one is configured)."""
    if current_app.testing:  # tests read what was sent
        current_app.extensions.setdefault("sent_mail", []).append({"to": to, "subject": subject, "text": text})
    log.info("Mail to %s: %s\n%s", to, subject, text)
