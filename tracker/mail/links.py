"""Links sent by mail: a random token goes in the mail, only its SHA-256 is stored, and the address is built on
BASE_URL (the public address of the site)."""
from __future__ import annotations

import hashlib
import secrets

from flask import current_app, has_request_context, request


def new_token() -> tuple[str, str]:
    """A fresh token to put in a link, and the hash to store instead of it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    """The stored form of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def base_url() -> str:
    """BASE_URL; without it, the address of the current request, or http://localhost:5000."""
    configured = current_app.config.get("BASE_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.url_root.rstrip("/")
    return "http://localhost:5000"


def absolute_url(endpoint: str, **values) -> str:
    """The full address of a page, for a mail: BASE_URL followed by the page's path."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return base_url() + path
