"""What protects every form the public sends without logging in (appeals, pledges, questions, listening):

- a honeypot field `website`, hidden from people: a bot that fills it is answered as if all went well, and
  nothing is stored (`PublicForm.is_bot`);
- a signed `started` field, stamped when the form is shown: a form sent back sooner than MIN_FORM_SECONDS
  (default 2), or without a valid stamp, is refused (`PublicForm.too_quick`);
- rate limits per client address and per target (an appeal, a pledge): `limited` declares a hard limit on a
  view (over it, 429), and `over_limit` counts a hit and says whether it went over, for a view that keeps
  such a submission aside (held) instead of refusing it. Both count in the app's limiter storage: Redis when
  REDIS_URL is set, so every worker counts together, memory otherwise (tracker/accounts/limits.py)."""
from __future__ import annotations

import time
from collections.abc import Callable

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse
from wtforms import HiddenField, StringField

#: The attribute on a view function that holds its declared limits (applied by tracker.accounts.limits).
LIMITS_ATTRIBUTE = "_public_form_limits"
HONEYPOT_LABEL = "Leave this field empty"


def _stamper() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="public-form-started")


def stamp(at: float | None = None) -> str:
    """A signed record of when a form was shown."""
    return _stamper().dumps(int((time.time() if at is None else at) * 1000))


def seconds_since(stamped: str | None) -> float | None:
    """How long ago a stamp was made; None when it is missing or was not made by this site."""
    if not stamped:
        return None
    try:
        shown = _stamper().loads(stamped)
    except BadSignature:
        return None
    if not isinstance(shown, int):
        return None
    return time.time() - shown / 1000


class PublicForm(FlaskForm):
    """A public form with its honeypot and its fill-time stamp; subclasses add their own fields."""

    website = StringField(HONEYPOT_LABEL, render_kw={"autocomplete": "off", "tabindex": "-1"})
    started = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_submitted() or not self.started.data:
            self.started.data = stamp()

    def is_bot(self) -> bool:
        """True when the hidden honeypot was filled in: only a program sees that field."""
        return bool((self.website.data or "").strip())

    def too_quick(self) -> bool:
        """True when the form came back sooner than MIN_FORM_SECONDS after it was shown (or unstamped)."""
        minimum = float(current_app.config.get("MIN_FORM_SECONDS", 2))
        elapsed = seconds_since(self.started.data)
        if elapsed is None:
            return minimum > 0
        return elapsed < minimum

    def refused_as_too_quick(self) -> bool:
        """True, with TOO_QUICK above the form, when it came back too soon to have been filled in by a person."""
        if not self.too_quick():
            return False
        self.form_errors.append(TOO_QUICK)
        return True

    def restamp(self) -> None:
        """Stamp the form afresh, when it is shown again after a refusal."""
        self.started.data = stamp()


TOO_QUICK = "The form was sent very quickly after it was shown. Please check it and send it again."


def client_address() -> str:
    """The client's address as the limits count it (behind PROXY_COUNT proxies, the forwarded one)."""
    return get_remote_address()


def limited(setting: str, *, per: Callable[[], str] | None = None, scope: str = "address",
            methods: tuple[str, ...] = ("POST",), message: str | None = None) -> Callable:
    """Declare a hard limit on a view, read from the config key `setting` ("5 per hour"), counted per client
    address or per what `per` returns (the target's id, say). Over it the view answers 429 with `message`."""

    def declare(view: Callable) -> Callable:
        declared = getattr(view, LIMITS_ATTRIBUTE, [])
        declared.append({"setting": setting, "per": per, "scope": scope, "methods": list(methods),
                         "message": message})
        setattr(view, LIMITS_ATTRIBUTE, declared)
        return view

    return declare


def over_limit(setting: str, *identifiers: str) -> bool:
    """Count one hit against the limit in config key `setting` for these identifiers (an address, a target);
    true when the hit went over it. Used where a submission over the limit is kept aside, not refused."""
    limiter = current_app.extensions["login_limiter"]
    return not limiter.limiter.hit(parse(current_app.config[setting]), "public-form", setting, *identifiers)
