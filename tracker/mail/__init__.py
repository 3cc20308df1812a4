"""Outgoing mail: `send_mail` queues a message with the transaction that caused it, and hands it to delivery only
once that transaction has committed — never when it rolls back, nor when the savepoint it was queued in does.

Delivery goes through a queue so that a slow mail server never slows a response: RQ on Redis when REDIS_URL is
set (queue MAIL_QUEUE, default "mail", job `tracker.mail.delivery.deliver`), otherwise one background thread in
this process. Outside a request and outside any transaction the message is handed over at once."""
from __future__ import annotations

import logging
import queue
import threading

from flask import current_app, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from tracker.extensions import db

log = logging.getLogger("tracker.mail")

#: session.info keys: the messages waiting for the commit, and where each open savepoint began in that list.
OUTBOX = "tracker.mail.outbox"
MARKS = "tracker.mail.marks"
DEFAULT_FROM = "Nominations Tracker <no-reply@localhost>"
JOB = "tracker.mail.delivery.deliver"


def send_mail(to: str, subject: str, text: str) -> None:
    """Send a plain-text message once the current transaction commits (at once when there is none)."""
    message = {"to": to, "subject": subject, "text": text,
               "from": current_app.config.get("MAIL_FROM") or DEFAULT_FROM}
    session = db.session()
    if has_request_context() and not session.in_transaction():
        session.begin()  # the request's edge commits it, or rolls it back: the mail goes with it
    if session.in_transaction():
        session.info.setdefault(OUTBOX, []).append(message)
    else:
        hand_over([message])


def pending() -> list[dict]:
    """The messages waiting for the current transaction to commit."""
    return list(db.session().info.get(OUTBOX, ()))


@event.listens_for(Session, "after_transaction_create")
def _mark_savepoint(session, transaction) -> None:
    if transaction.nested:
        session.info.setdefault(MARKS, {})[id(transaction)] = len(session.info.get(OUTBOX, ()))


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session, previous_transaction) -> None:
    """A rolled-back savepoint drops what was queued inside it; a rolled-back transaction drops everything."""
    if previous_transaction.nested:
        mark = session.info.get(MARKS, {}).pop(id(previous_transaction), None)
        if mark is not None and OUTBOX in session.info:
            del session.info[OUTBOX][mark:]
    elif previous_transaction.parent is None:
        session.info.pop(OUTBOX, None)
        session.info.pop(MARKS, None)


@event.listens_for(Session, "after_commit")
def _hand_over_committed(session) -> None:
    """The outermost commit hands the outbox to delivery; a savepoint's release is not a commit of anything."""
    if session.in_nested_transaction():
        nested = session.get_nested_transaction()
        session.info.get(MARKS, {}).pop(id(nested), None)
        return
    messages = session.info.pop(OUTBOX, None)
    session.info.pop(MARKS, None)
    if messages:
        hand_over(messages)


def hand_over(messages: list[dict]) -> None:
    """Put messages on the mail queue: RQ when REDIS_URL is set, else this process's delivery thread."""
    app = current_app._get_current_object()
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        try:
            from redis import Redis
            from rq import Queue, Retry

            mail_queue = Queue(app.config.get("MAIL_QUEUE") or "mail", connection=Redis.from_url(redis_url))
            for message in messages:
                mail_queue.enqueue(JOB, message, retry=Retry(max=3, interval=[10, 60, 300]))
            return
        except Exception:  # Redis out of reach: deliver from this process rather than lose the mail
            log.exception("could not queue mail on Redis; delivering from this process")
    for message in messages:
        _thread_queue().put((app, message))


_queue: queue.Queue | None = None
_lock = threading.Lock()


def _thread_queue() -> queue.Queue:
    """The in-process queue, with its one daemon delivery thread started on first use."""
    global _queue
    with _lock:
        if _queue is None:
            _queue = queue.Queue()
            threading.Thread(target=_deliver_forever, args=(_queue,), name="tracker-mail", daemon=True).start()
        return _queue


def _deliver_forever(work: queue.Queue) -> None:
    from tracker.mail.delivery import deliver

    while True:
        app, message = work.get()
        try:
            with app.app_context():
                deliver(message)
        except Exception:
            log.exception("mail to %s could not be delivered", message.get("to"))
        finally:
            work.task_done()


def wait_until_delivered() -> None:
    """Block until this process's delivery thread has handled everything handed to it (tests, shutdown)."""
    if _queue is not None:
        _queue.join()
