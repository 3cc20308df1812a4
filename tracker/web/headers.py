"""Security headers on every response: a Content-Security-Policy with no inline script or style, no framing, no
sniffing, a same-origin referrer, and HSTS in production — error answers included, even the plain 500 given when
the app's own error page fails."""
from __future__ import annotations

from flask import Flask

from tracker.errors import environ_wants_json

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

#: The last resort's answers, when even the error page could not be made.
PLAIN_500_PAGE = (b"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>500 Internal Server Error</title>"
                  b"<h1>500 Internal Server Error</h1><p>Something went wrong, and the error page could not be shown "
                  b"either. Please try again in a moment.</p></html>")
PLAIN_500_JSON = (b'{"error": "Internal Server Error", "message": "Something went wrong, and the error could not be '
                  b'answered in full either. Please try again in a moment.", "status": 500}')


def register(app: Flask) -> None:
    """Add the headers to every response the app gives, pages, API, files and errors alike; and answer, with them,
    a request whose error could not be answered by the app itself."""
    production = app.config.get("TRACKER_ENV") == "production"
    headers = {**HEADERS, **({"Strict-Transport-Security": STRICT_TRANSPORT_SECURITY} if production else {})}

    @app.after_request
    def security_headers(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    app.wsgi_app = LastResort(app, app.wsgi_app, headers)


class LastResort:
    """The answer when the app's own error handling fails (the handler of a 500 raises in turn, say while rendering
    the error page): Flask then lets the exception reach the WSGI server, whose bare 500 carries none of the headers.
    Here it is answered instead, with a plain 500 that carries them, and logged. Where the app propagates exceptions
    (testing or debugging, unless PROPAGATE_EXCEPTIONS says otherwise, as Flask decides) they still propagate."""

    def __init__(self, app: Flask, wsgi_app, headers: dict[str, str]):
        self.app, self.wsgi_app, self.headers = app, wsgi_app, headers

    def _propagates(self) -> bool:
        propagate = self.app.config.get("PROPAGATE_EXCEPTIONS")
        return (self.app.testing or self.app.debug) if propagate is None else bool(propagate)

    def __call__(self, environ, start_response):
        try:
            return self.wsgi_app(environ, start_response)
        except Exception:
            if self._propagates():
                raise
            self.app.logger.exception("The error could not be answered by the app (its error handler failed too): "
                                      "answered with a plain 500")
            api = environ_wants_json(environ)
            body = PLAIN_500_JSON if api else PLAIN_500_PAGE
            start_response("500 INTERNAL SERVER ERROR", [
                ("Content-Type", "application/json" if api else "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))), *self.headers.items()])  # Flask had not begun its answer
            return [body]
