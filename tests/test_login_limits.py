"""Logging in is throttled per account (email) and per client address, counting only refused attempts; over the
limit even the right password is refused with 429, a page saying when to try again, and Retry-After. Whether an
email has an account takes the same password check either way."""
from __future__ import annotations

import uuid

import pytest

from tests.conftest import CI, PASSWORD, AuthActions
from tracker.extensions import db

WRONG = "not the password at all"


def login(client, email="admin@example.org", password=PASSWORD, address="192.0.2.1"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def limited(app_factory):
    """An app allowing 3 refused logins per account and 5 per address in 15 minutes, with two accounts."""
    app = app_factory(LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes", LOGIN_LIMIT_PER_ADDRESS="5 per 15 minutes")
    with app.app_context():
        from tracker.accounts.operations import create_user

        create_user("admin@example.org", PASSWORD, "admin")
        create_user("other@example.org", PASSWORD, "admin")
        db.session.commit()
        yield app


def test_past_the_accounts_limit_even_the_right_password_is_refused_saying_when_to_try_again(limited):
    client = limited.test_client()
    for _ in range(3):
        assert login(client, password=WRONG).status_code == 400
    response = login(client, "Admin@Example.org ")  # the same account however the email is typed
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many failed attempts to log in. Try again in 15 minutes, at " in page
    assert 850 <= int(response.headers["Retry-After"]) <= 900
    assert "/login" not in response.headers.get("Location", "")
    assert login(limited.test_client(), "other@example.org").status_code == 302  # another account is not held up


def test_past_the_addresss_limit_every_account_is_refused_from_that_address(limited):
    client = limited.test_client()
    for number in range(5):
        assert login(client, f"nobody{number}@example.org", WRONG).status_code == 400
    assert login(client, "other@example.org").status_code == 429
    assert login(client, "other@example.org", address="198.51.100.7").status_code == 302


def test_logging_in_successfully_does_not_count_towards_the_limits(limited):
    client = limited.test_client()
    for _ in range(8):
        assert login(client).status_code == 302


def test_the_login_page_itself_is_never_limited(limited):
    client = limited.test_client()
    for _ in range(3):
        login(client, password=WRONG)
    assert login(client).status_code == 429
    assert client.get("/login").status_code == 200


def test_redis_keeps_the_count_for_every_worker(app_factory):
    """Two apps (two workers) on the real Redis count together; the run's keys live under their own prefix."""
    import redis

    url = "redis://127.0.0.1:6379/14"
    try:
        server = redis.Redis.from_url(url)
        server.ping()
    except redis.RedisError as error:
        if CI:
            raise
        pytest.skip(f"Redis unavailable: {error}")
    prefix = f"tracker-test-{uuid.uuid4().hex[:12]}"
    settings = dict(REDIS_URL=url, RATELIMIT_KEY_PREFIX=prefix, LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes")
    one, two = app_factory(**settings), app_factory(**settings)
    try:
        with one.app_context():
            from tracker.accounts.operations import create_user

            assert type(one.extensions["login_limiter"].storage).__name__ == "RedisStorage"
            create_user("admin@example.org", PASSWORD, "admin")
            db.session.commit()
            assert login(one.test_client(), password=WRONG).status_code == 400
            assert login(one.test_client(), password=WRONG).status_code == 400
        with two.app_context():
            assert login(two.test_client(), password=WRONG).status_code == 400
            response = login(two.test_client())
            assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
        assert server.keys(f"*{prefix}*")
    finally:
        for key in server.scan_iter(f"*{prefix}*"):
            server.delete(key)


def test_an_unknown_email_costs_the_same_password_check_as_a_wrong_password(app, create_user, monkeypatch):
    """Both refusals check one password hash of the same kind, so neither answers sooner."""
    from tracker.accounts import operations

    create_user()
    checked = []
    real = operations.check_password_hash

    def spy(stored, password):
        checked.append(stored.split("$", 1)[0])
        return real(stored, password)

    monkeypatch.setattr(operations, "check_password_hash", spy)
    client = app.test_client()
    assert AuthActions(client).login("nobody@example.org", WRONG).status_code == 400
    assert AuthActions(client).login("admin@example.org", WRONG).status_code == 400
    assert checked == ["pbkdf2:sha256:1000", "pbkdf2:sha256:1000"]
