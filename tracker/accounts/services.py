"""Reading accounts: the address of a one-time link to set a password."""
from __future__ import annotations

from flask import current_app, url_for


def password_link_url(token: str) -> str:
    """The full address of a one-time link, on BASE_URL when it is set (the address people reach the site by),
    otherwise on the address of the request."""
    path = url_for("accounts.set_password", token=token)
    base = (current_app.config.get("BASE_URL") or "").rstrip("/")
    return base + path if base else url_for("accounts.set_password", token=token, _external=True)
