"""Protection of the public forms here (a question, a listening response): a honeypot field `website`, a signed
"started" field refusing forms sent in under MIN_FORM_SECONDS, and rate limits per client address (Flask-Limiter,
Redis when REDIS_URL is set). The same interface as the shared public-form layer, so one can replace the other."""
from __future__ import annotations

import time

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeSerializer

#: The views limited, by endpoint (POSTs only).
LIMITED = ("voices.ask", "voices.listening_page")


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="public-form-started")


def started_token() -> str:
    """The value of a form's hidden `started` field: when it was shown, signed."""
    return _serializer().dumps(int(time.time()))


def is_bot(form_data) -> bool:
    """A filled honeypot, or a form sent back sooner than a person could have filled it (or with a forged time)."""
    if (form_data.get("website") or "").strip():
        return True
    try:
        started = int(_serializer().loads(form_data.get("started") or ""))
    except (BadSignature, ValueError, TypeError):
        return True
    return time.time() - started < float(current_app.config.get("MIN_FORM_SECONDS", 2))


def register(app: Flask) -> None:
    """Limit the public forms' POSTs per client address (PUBLIC_FORM_LIMIT, e.g. "20 per hour")."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("PUBLIC_FORM_LIMIT", "20 per hour")
    limiter = Limiter(key_func=get_remote_address)
    limiter.init_app(app)
    app.extensions["public_form_limiter"] = limiter
    for endpoint in LIMITED:
        view = app.view_functions[endpoint]
        app.view_functions[endpoint] = limiter.limit(lambda: current_app.config["PUBLIC_FORM_LIMIT"], methods=["POST"],
                                                     scope="public-form")(view)
