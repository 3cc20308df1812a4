"""Every response carries the security headers (a Content-Security-Policy with no inline script, no framing, no
sniffing, a same-origin referrer; HSTS in production), error answers too (413, 429, 404, 400, 500, 503); pages hold
nothing inline that the policy would block; the CSRF token changes at login; a request body over
MAX_CONTENT_LENGTH is refused with 413 before it is read."""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from unittest import mock

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from tests.conftest import PASSWORD
from tracker import create_app
from tracker.extensions import db

ROOT = Path(__file__).parent.parent
EXPECTED = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


@pytest.mark.parametrize("method, url, status", [
    ("GET", "/", 200), ("GET", "/login", 200), ("GET", "/static/style.css", 200), ("GET", "/api/v1/elections", 200),
    ("GET", "/no/such/page", 404), ("GET", "/api/v1/nothing", 404), ("GET", "/admin/", 302),
    ("POST", "/login", 400), ("GET", "/bodies?q=a%00b", 400),
])
def test_every_response_carries_the_security_headers(client, method, url, status):
    response = client.open(url, method=method)
    assert response.status_code == status
    assert_security_headers(response)


def assert_security_headers(response) -> None:
    assert {name: response.headers.get(name) for name in EXPECTED} == EXPECTED
    assert "Strict-Transport-Security" not in response.headers  # not outside production


@pytest.fixture
def production_like(app_factory):
    """An app whose errors reach the handlers as in production (tests otherwise let them propagate), allowing one
    refused login per account, with a test-only route that fails as a bug would."""
    app = app_factory(PROPAGATE_EXCEPTIONS=False, LOGIN_LIMIT_PER_ACCOUNT="1 per 15 minutes")
    with app.app_context():
        from tracker.accounts.operations import create_user

        create_user("admin@example.org", PASSWORD, "admin")
        db.session.commit()

    def a_bug():
        raise RuntimeError("a bug in a view")

    app.add_url_rule("/test-only/a-bug", "test_only_a_bug", a_bug)
    app.add_url_rule("/api/test-only/a-bug", "test_only_an_api_bug", a_bug)
    return app


def too_large(app, client):
    """A body over the size limit, refused before it is read."""
    return client.post("/login", input_stream=BigBody(HUNDRED_MB), content_length=HUNDRED_MB,
                       content_type="application/x-www-form-urlencoded")


def too_many_logins(app, client):
    """A second refused login for one account, over the limit of one."""
    assert client.post("/login", data={"email": "nobody@example.org", "password": "wrong"}).status_code == 400
    return client.post("/login", data={"email": "nobody@example.org", "password": "wrong again"})


def database_out_of_reach(app, client):
    """Every statement fails as it does when PostgreSQL has gone away (the connection closed under it)."""
    def the_database_goes_away(*args):
        raise OperationalError("SELECT", {}, Exception("server closed the connection unexpectedly"))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", the_database_goes_away)
    try:
        return client.get("/bodies")
    finally:
        event.remove(engine, "before_cursor_execute", the_database_goes_away)


def the_error_page_fails_too(app, client):
    """A view raises, and so does the handler of the 500 it causes, as it renders the error page."""
    with mock.patch("tracker.errors.render_template", side_effect=RuntimeError("the error page could not be made")):
        return client.get("/test-only/a-bug")


#: Each error answer: how to ask for it, its status, whether the client has logged in first, and words of the answer.
ERRORS = {
    "413-body-over-the-size-limit": (too_large, 413, False, "larger than the 10 MB this site takes"),
    "429-over-the-login-limit": (too_many_logins, 429, False, "Too many failed attempts to log in"),
    "404-no-such-election": (lambda app, client: client.get("/elections/no-such-election/pledges"), 404, False,
                             "Not Found"),
    "400-bad-query-parameter": (lambda app, client: client.get("/?as_of=nonsense"), 400, False, "Bad Request"),
    "400-refused-form": (lambda app, client: client.post("/login", data={"email": "a\x00b", "password": "x"}), 400,
                         False, "contains a NUL character"),
    "500-a-view-raises": (lambda app, client: client.get("/test-only/a-bug"), 500, False, "Internal Server Error"),
    "500-a-view-raises-logged-in": (lambda app, client: client.get("/test-only/a-bug"), 500, True,
                                    "Internal Server Error"),
    "500-the-error-page-fails-too": (the_error_page_fails_too, 500, False, "the error page could not be shown"),
    "503-database-out-of-reach": (database_out_of_reach, 503, False, "try again in a moment"),
    "503-database-out-of-reach-logged-in": (database_out_of_reach, 503, True, "try again in a moment"),
}


@pytest.mark.parametrize("case", ERRORS)
def test_error_answers_carry_the_security_headers_too(production_like, case):
    ask, status, logged_in, says = ERRORS[case]
    client = production_like.test_client()
    if logged_in:
        assert client.post("/login", data={"email": "admin@example.org", "password": PASSWORD}).status_code == 302
    response = ask(production_like, client)
    page = response.get_data(as_text=True)
    assert response.status_code == status and says in page, page
    assert_security_headers(response)
    if status == 503:
        assert response.headers["Retry-After"] == "5" and "admin@example.org" not in page  # nobody asked who is in


@pytest.mark.parametrize("handler_fails", [False, True], ids=["handled", "the-handler-fails-too"])
@pytest.mark.parametrize("asks", ["api-path", "accept-json"])
def test_an_api_client_meeting_a_server_error_gets_json_with_a_message(production_like, asks, handler_fails):
    """A client of the API is answered in JSON with the same keys as every other error (error, message, status),
    whether the error handler answers or, failing too, the last resort does; and chosen as the handlers choose: by
    the path, or by an Accept header preferring JSON."""
    client = production_like.test_client()
    url, headers = (("/api/test-only/a-bug", {}) if asks == "api-path"
                    else ("/test-only/a-bug", {"Accept": "application/json"}))
    failing = mock.patch("tracker.errors._rollback_quietly", side_effect=RuntimeError("the handler failed too"))
    with failing if handler_fails else contextlib.nullcontext():
        response = client.get(url, headers=headers)
    assert response.status_code == 500 and response.mimetype == "application/json"
    answer = response.get_json()
    assert set(answer) == {"error", "message", "status"} and answer["status"] == 500
    assert answer["error"] == "Internal Server Error" and "try again" in answer["message"].lower()
    assert "a bug in a view" not in response.get_data(as_text=True)  # the exception stays in the log
    assert_security_headers(response)


def test_a_person_meeting_a_server_error_gets_a_page_when_the_handler_fails_too(production_like):
    with mock.patch("tracker.errors._rollback_quietly", side_effect=RuntimeError("the handler failed too")):
        response = production_like.test_client().get("/test-only/a-bug", headers={"Accept": "text/html"})
    assert response.status_code == 500 and response.mimetype == "text/html"
    assert "could not be shown" in response.get_data(as_text=True)


def test_production_adds_strict_transport_security(monkeypatch):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    response = app.test_client().get("/static/style.css")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.headers["X-Frame-Options"] == "DENY"


#: What the policy refuses to run or apply when it is written into a page rather than served as a file.
INLINE = re.compile(r"<script(?![^>]*\ssrc=)|<style|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def test_no_template_holds_an_inline_script_style_or_event_handler():
    found = [f"{path.relative_to(ROOT)}: {match.group(0).strip()}" for path in (ROOT / "templates").rglob("*.html")
             for match in INLINE.finditer(path.read_text())]
    assert found == []


def test_no_rendered_chart_or_page_holds_anything_inline_either(app, client):
    """The pages whose SVG or markup is written in Python: a count's stage table and chart."""
    from tests.results.test_counts import SMALL_BLT
    from tracker.accounts.operations import create_user

    create_user("admin@example.org", PASSWORD, "admin")
    db.session.commit()
    client.post("/login", data={"email": "admin@example.org", "password": PASSWORD})
    response = client.post("/counts/new", data={"method": "irv", "contest": "0", "body": "0", "blt_file": (
        io.BytesIO(SMALL_BLT.encode()), "meeting.blt")}, content_type="multipart/form-data")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<svg" in page
    assert INLINE.findall(page) == []


def csrf_token(client, url="/login") -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).get_data(as_text=True))[1]


def test_the_csrf_token_from_before_login_no_longer_works_after_it(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from tracker.accounts.operations import create_user

        create_user("admin@example.org", PASSWORD, "admin")
        db.session.commit()
    client = app.test_client()
    before = csrf_token(client)
    response = client.post("/login", data={"email": "admin@example.org", "password": PASSWORD, "csrf_token": before})
    assert response.status_code == 302
    refused = client.post("/logout", data={"csrf_token": before})
    assert refused.status_code == 400 and b"CSRF" in refused.data
    after = csrf_token(client, "/account/password")
    assert after != before
    assert client.post("/logout", data={"csrf_token": after}).status_code == 302


class BigBody(io.RawIOBase):
    """A request body of `size` bytes that counts how much of it the app reads."""

    def __init__(self, size: int):
        self.size, self.position, self.read_bytes = size, 0, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.position = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence] + offset
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:
        count = max(0, min(len(buffer), self.size - self.position))
        buffer[:count] = b"a" * count
        self.position += count
        self.read_bytes += count
        return count


HUNDRED_MB = 100 * 1024 * 1024


@pytest.mark.parametrize("url, content_type", [
    ("/login", "application/x-www-form-urlencoded"), ("/counts/new", "multipart/form-data; boundary=x"),
    ("/admin/contests/1/halt", "application/x-www-form-urlencoded"),
])
def test_a_100_mb_post_from_anyone_is_refused_with_413_unread(client, url, content_type):
    body = BigBody(HUNDRED_MB)
    response = client.post(url, input_stream=body, content_length=HUNDRED_MB, content_type=content_type)
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert b"The request is larger than the 10 MB this site takes." in response.data
    assert body.read_bytes == 0


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "application/octet-stream"])
def test_a_100_mb_post_to_the_api_is_refused_with_413_as_json(client, content_type):
    body = BigBody(HUNDRED_MB)
    response = client.post("/api/v1/elections", input_stream=body, content_length=HUNDRED_MB, content_type=content_type)
    assert response.status_code == 413 and response.mimetype == "application/json"
    assert response.get_json()["message"] == "The request is larger than the 10 MB this site takes."
    assert body.read_bytes == 0


def test_a_request_just_under_the_limit_is_read(app_factory):
    app = app_factory(MAX_CONTENT_LENGTH=2048)
    client = app.test_client()
    assert client.post("/login", data={"email": "a@example.org", "password": "x" * 1900}).status_code == 400
    assert client.post("/login", data={"email": "a@example.org", "password": "x" * 2100}).status_code == 413


def test_the_request_limit_is_set_in_megabytes_from_the_environment(monkeypatch, tmp_path):
    from tracker.config import ConfigError, from_environment

    assert from_environment(str(tmp_path))["MAX_CONTENT_LENGTH"] == 10 * 1024 * 1024
    monkeypatch.setenv("MAX_REQUEST_MB", "25")
    assert from_environment(str(tmp_path))["MAX_CONTENT_LENGTH"] == 25 * 1024 * 1024
    monkeypatch.setenv("MAX_REQUEST_MB", "lots")
    with pytest.raises(ConfigError, match="MAX_REQUEST_MB must be a whole number of megabytes"):
        from_environment(str(tmp_path))
