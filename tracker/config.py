"""Configuration read from the environment, with safe defaults for a developer's machine."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigError(RuntimeError):
    """The environment does not allow the app to start safely."""


def database_url(instance_path: str) -> str:
    """DATABASE_URL, normalised for SQLAlchemy, or an SQLite file under instance/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "tracker.db")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment; in development, one generated once into instance/."""
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if os.environ.get("TRACKER_ENV") == "production":
        raise ConfigError("SECRET_KEY must be set when TRACKER_ENV=production")
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _megabytes(name: str, default: int) -> int:
    """A size in megabytes from the environment, as bytes."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default * 1024 * 1024
    if not text.isdigit() or int(text) < 1:
        raise ConfigError(f"{name} must be a whole number of megabytes, at least 1, not {text!r}")
    return int(text) * 1024 * 1024


def _seconds(name: str, default: float) -> float:
    """A number of seconds from the environment."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1
    if value < 0:
        raise ConfigError(f"{name} must be a number of seconds, 0 or more, not {text!r}")
    return value


def proxy_count() -> int:
    """PROXY_COUNT: how many reverse proxies stand in front of the app (0: none, the default)."""
    text = os.environ.get("PROXY_COUNT", "").strip()
    if not text:
        return 0
    if not text.isdigit():
        raise ConfigError(f"PROXY_COUNT must be the number of proxies in front of the app (0 or more), not {text!r}")
    return int(text)


def from_environment(instance_path: str) -> dict:
    """The settings create_app applies before any test or caller overrides."""
    return {
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("TRACKER_ENV") == "production",
        "WTF_CSRF_TIME_LIMIT": None,
        "TRACKER_ENV": os.environ.get("TRACKER_ENV") or "development",
        # Failed logins allowed per account (email) and per client address, in a moving window.
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get("LOGIN_LIMIT_PER_ACCOUNT") or "10 per 15 minutes",
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("LOGIN_LIMIT_PER_ADDRESS") or "50 per 15 minutes",
        # Refused attempts to change one's own password (a wrong current password), per account.
        "PASSWORD_LIMIT_PER_ACCOUNT": os.environ.get("PASSWORD_LIMIT_PER_ACCOUNT") or "5 per 15 minutes",
        "RATELIMIT_STRATEGY": "moving-window",
        "RATELIMIT_HEADERS_ENABLED": True,
        # The largest request body read (uploads included); a larger one is refused with 413 unread.
        "MAX_CONTENT_LENGTH": _megabytes("MAX_REQUEST_MB", 10),
        # Proxies in front whose X-Forwarded-For/-Proto/-Host are believed (the client's address for the
        # login limits and the audit trail); 0 believes none, as a client could forge them.
        "PROXY_COUNT": proxy_count(),
        # Mail: an SMTP server as smtp://[user:password@]host:port (smtp+starttls://, smtps:// too); unset, mail
        # is written to the log. Links in mail are built on BASE_URL, the site's public address.
        "MAIL_URL": os.environ.get("MAIL_URL") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM") or "Nominations Tracker <no-reply@localhost>",
        "MAIL_QUEUE": os.environ.get("MAIL_QUEUE") or "mail",
        "BASE_URL": os.environ.get("BASE_URL") or None,
        # Public forms sent back sooner than this after they were shown are refused (a person takes longer).
        "MIN_FORM_SECONDS": _seconds("MIN_FORM_SECONDS", 2),
        # Signatures of appeals beyond these are held (kept aside, not counted, shown to the organiser).
        "APPEAL_LIMIT_PER_ADDRESS": os.environ.get("APPEAL_LIMIT_PER_ADDRESS") or "10 per hour",
        "APPEAL_LIMIT_PER_APPEAL": os.environ.get("APPEAL_LIMIT_PER_APPEAL") or "600 per minute",
        # Members' questions and listening responses one client address may send.
        "QUESTION_LIMIT_PER_ADDRESS": os.environ.get("QUESTION_LIMIT_PER_ADDRESS") or "10 per hour",
        "LISTENING_LIMIT_PER_ADDRESS": os.environ.get("LISTENING_LIMIT_PER_ADDRESS") or "10 per hour",
    }
