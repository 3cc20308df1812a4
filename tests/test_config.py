"""Configuration comes from the environment, with a safe development default and a strict production."""
import pytest

from tracker import config, create_app


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(config.ConfigError, match="SECRET_KEY must be set"):
        config.secret_key(str(tmp_path))


def test_development_generates_one_secret_key_into_instance_and_keeps_it(monkeypatch, tmp_path):
    monkeypatch.delenv("TRACKER_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.secret_key(str(tmp_path))
    assert len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert config.secret_key(str(tmp_path)) == first


def test_secret_key_from_the_environment_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert config.secret_key(str(tmp_path)) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_is_normalised_for_psycopg(monkeypatch, given, used):
    monkeypatch.setenv("DATABASE_URL", given)
    assert config.database_url("/nowhere") == used


def test_default_database_is_sqlite_under_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert config.database_url(str(tmp_path)) == f"sqlite:///{tmp_path}/tracker.db"


def test_production_app_has_secure_cookies(monkeypatch):
    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]


def _app_showing_the_client_address(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/t.db"})

    @app.route("/test-remote-addr")
    def remote_addr():
        from flask import request

        return f"{request.remote_addr} {request.scheme}"

    return app


@pytest.mark.parametrize("count, seen", [("1", "203.0.113.7 https"), ("", "127.0.0.1 http")])
def test_forwarded_headers_are_believed_only_behind_proxy_count_proxies(monkeypatch, tmp_path, count, seen):
    monkeypatch.setenv("PROXY_COUNT", count)
    client = _app_showing_the_client_address(tmp_path).test_client()
    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    answer = client.get("/test-remote-addr", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert answer.get_data(as_text=True) == seen


def test_proxy_count_must_be_a_number(monkeypatch):
    monkeypatch.setenv("PROXY_COUNT", "yes")
    with pytest.raises(config.ConfigError, match="PROXY_COUNT must be the number of proxies"):
        config.proxy_count()
