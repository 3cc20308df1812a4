"""The mail layer: mail leaves only after the transaction that caused it commits, goes through the real SMTP
server (or the RQ queue on Redis, or the log), and links carry tokens of which only the hash is kept."""
from __future__ import annotations

import logging

import pytest
from flask import abort
from sqlalchemy import text

from tracker.errors import DomainError
from tracker.extensions import db
from tracker.mail import pending, send_mail, wait_until_delivered
from tracker.mail.links import absolute_url, hash_token, new_token
from tracker.web.forms import attempt


def add_mail_routes(app):
    """Views that send a mail and then succeed, fail, or refuse inside a savepoint."""

    def sends(outcome):
        send_mail("reader@example.org", f"outcome {outcome}", "Hello.\n")
        if outcome == "error":
            abort(400)
        if outcome == "savepoint":
            with attempt():
                send_mail("reader@example.org", "inside a refused savepoint", "Never sent.\n")
                raise DomainError([("", "refused")])
            send_mail("reader@example.org", "after the savepoint", "Sent.\n")
        return "ok"

    app.add_url_rule("/mail-test/<outcome>", "mail_test", sends, methods=["POST"])


def test_mail_from_a_request_arrives_at_the_smtp_server_after_the_commit(mail_app, smtp_server):
    add_mail_routes(mail_app)
    assert mail_app.test_client().post("/mail-test/ok").status_code == 200
    [message] = smtp_server.wait_for("reader@example.org")
    assert message["Subject"] == "outcome ok"
    assert "Nominations Tracker" in message["From"]
    assert smtp_server.body(message).strip() == "Hello."


def test_mail_is_not_sent_when_the_request_rolls_back(mail_app, smtp_server):
    add_mail_routes(mail_app)
    assert mail_app.test_client().post("/mail-test/error").status_code == 400
    mail_app.test_client().post("/mail-test/ok")
    subjects = [m["Subject"] for m in smtp_server.wait_for("reader@example.org")]
    assert subjects == ["outcome ok"]


def test_mail_queued_in_a_refused_savepoint_is_dropped_and_the_rest_is_sent(mail_app, smtp_server):
    add_mail_routes(mail_app)
    assert mail_app.test_client().post("/mail-test/savepoint").status_code == 200
    subjects = [m["Subject"] for m in smtp_server.wait_for("reader@example.org", count=2)]
    assert subjects == ["outcome savepoint", "after the savepoint"]


def test_mail_waits_for_the_commit_and_is_dropped_by_a_rollback(mail_app, smtp_server):
    db.session.execute(text("SELECT 1"))  # a transaction is open
    send_mail("later@example.org", "rolled back", "x")
    assert [m["subject"] for m in pending()] == ["rolled back"]
    db.session.rollback()
    assert pending() == []
    db.session.execute(text("SELECT 1"))
    send_mail("later@example.org", "committed", "y")
    db.session.commit()
    assert [m["Subject"] for m in smtp_server.wait_for("later@example.org")] == ["committed"]


def test_without_mail_url_mail_is_written_to_the_log(app_factory, caplog):
    app = app_factory(MAIL_URL=None)
    logging.getLogger("tracker.mail").disabled = False  # Alembic's logging set-up, run by the migration, turns it off
    with app.app_context(), caplog.at_level(logging.INFO, logger="tracker.mail"):
        send_mail("dev@example.org", "Confirm your signature", "Follow this link.\n")
        db.session.commit()
        wait_until_delivered()
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "tracker.mail")
    assert "To: dev@example.org" in logged and "Confirm your signature" in logged and "Follow this link." in logged


def test_with_redis_mail_goes_through_the_rq_queue_and_the_worker_delivers_it(app_factory, smtp_server, rq_worker):
    app = app_factory(MAIL_URL=smtp_server.url, **rq_worker.config)
    with app.app_context():
        add_mail_routes(app)
        assert app.test_client().post("/mail-test/ok").status_code == 200
        assert rq_worker.queued() == 1
        assert smtp_server.to("reader@example.org") == []  # nothing leaves until a worker takes it
        rq_worker.run()
        assert rq_worker.queued() == 0
        [message] = smtp_server.wait_for("reader@example.org")
        assert message["Subject"] == "outcome ok"


def test_a_rolled_back_request_queues_nothing_on_redis(app_factory, smtp_server, rq_worker):
    app = app_factory(MAIL_URL=smtp_server.url, **rq_worker.config)
    with app.app_context():
        add_mail_routes(app)
        assert app.test_client().post("/mail-test/error").status_code == 400
        assert rq_worker.queued() == 0


def test_tokens_are_random_and_only_their_hash_is_kept():
    token, stored = new_token()
    other, _ = new_token()
    assert token != other and len(token) >= 40
    assert stored == hash_token(token) and token not in stored and len(stored) == 64


@pytest.mark.parametrize("base", ["https://tracker.example.org", "https://tracker.example.org/"])
def test_links_in_mail_are_built_on_base_url(app_factory, base):
    app = app_factory(BASE_URL=base)
    with app.app_context():
        assert absolute_url("public.home") == "https://tracker.example.org/"
