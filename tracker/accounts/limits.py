"""Throttling: refused logins are counted per account (email) and per client address, and the public forms'
declared limits (tracker.web.public_forms) per address or per target, in a moving window kept in Redis when
REDIS_URL is set (so every worker counts together) and in the process otherwise."""
from __future__ import annotations

import time
from datetime import UTC, datetime

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from tracker import times
from tracker.types import utcnow

#: The views limited, by endpoint.
LOGIN = "accounts.login"


def account_key() -> str:
    """The account a login attempt is for: its email as stored."""
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


def refused(response) -> bool:
    """Only a refused login counts towards the limits; logging in (a redirect) does not."""
    return response.status_code != 302


def try_again() -> str:
    """The refusal of a login over its limit, saying when to try again."""
    limit = current_app.extensions["login_limiter"].current_limit
    wait = max(0, (limit.reset_at if limit else time.time()) - time.time())
    at = datetime.fromtimestamp(time.time() + wait, UTC)
    return (f"Too many failed attempts to log in. Try again in {times.duration_text(wait + 59)}, "
            f"at {times.short_moment(at, times.DEFAULT_TIMEZONE, utcnow())}.")


def register(app: Flask) -> None:
    """Give the app its own limiter (settings are read per app) and limit the login view's POSTs with it."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    limiter = Limiter(key_func=get_remote_address)
    limiter.init_app(app)
    app.extensions["login_limiter"] = limiter
    view = app.view_functions[LOGIN]
    view = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=account_key,
                         methods=["POST"], deduct_when=refused, error_message=try_again, scope="account")(view)
    view = limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], methods=["POST"],
                         deduct_when=refused, error_message=try_again, scope="address")(view)
    app.view_functions[LOGIN] = view
    limit_public_forms(app, limiter)


def limit_public_forms(app: Flask, limiter: Limiter) -> None:
    """Wrap each view that declared limits with `public_forms.limited` in those limits."""
    from tracker.web.public_forms import LIMITS_ATTRIBUTE

    for endpoint, view in list(app.view_functions.items()):
        declared = getattr(view, LIMITS_ATTRIBUTE, None)
        for limit in declared or ():
            setting = limit["setting"]
            view = limiter.limit(lambda setting=setting: current_app.config[setting], key_func=limit["per"],
                                 methods=limit["methods"], error_message=limit["message"],
                                 scope=f"{limit['scope']}:{setting}")(view)
        if declared:
            app.view_functions[endpoint] = view
