"""Security headers on every response: a Content-Security-Policy with no inline script or style, no framing, no
sniffing, a same-origin referrer, and HSTS in production."""
from __future__ import annotations

from flask import Flask

#: Everything a page uses comes from this site: its own stylesheets, no script at all, SVG and images inline or
#: from here; no page may be framed, and forms post only here.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
#: Browsers keep to HTTPS for a year once they have seen this (production only: it serves HTTPS).
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def register(app: Flask) -> None:
    """Add the headers to every response the app gives, pages, API, files and errors alike."""
    production = app.config.get("TRACKER_ENV") == "production"

    @app.after_request
    def security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if production:
            response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
        return response
