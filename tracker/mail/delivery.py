"""Delivering one message: by SMTP to MAIL_URL, or, when MAIL_URL is unset (development), into the log."""
from __future__ import annotations

import logging
import os
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

from flask import current_app, has_app_context

log = logging.getLogger("tracker.mail")
SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


def setting(name: str) -> str | None:
    """A mail setting from the app when there is one (the web, `flask mail-worker`), else the environment
    (a bare `rq worker mail`)."""
    if has_app_context():
        return current_app.config.get(name)
    return os.environ.get(name) or None


def build(message: dict) -> EmailMessage:
    """The message as sent: plain text, UTF-8."""
    from tracker.mail import DEFAULT_FROM

    mail = EmailMessage()
    mail["From"] = message.get("from") or setting("MAIL_FROM") or DEFAULT_FROM
    mail["To"] = message["to"]
    mail["Subject"] = message["subject"]
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=(mail["From"].addresses[0].domain or "localhost"))
    mail.set_content(message["text"])
    return mail


def deliver(message: dict) -> None:
    """Send one message (a dict with to, subject, text and optionally from): the RQ job and the thread's task."""
    mail = build(message)
    url = setting("MAIL_URL")
    if not url:
        log.info("mail (MAIL_URL is unset, so written here instead of sent)\n%s", mail.as_string())
        return
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise ValueError(f"MAIL_URL must begin smtp://, smtp+starttls:// or smtps://, not {parts.scheme}://")
    host, port = parts.hostname or "localhost", parts.port or SCHEMES[parts.scheme]
    connect = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with connect(host, port, timeout=30) as smtp:
        if parts.scheme == "smtp+starttls":
            smtp.starttls()
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(mail)
    log.info("mail sent to %s: %s", message["to"], message["subject"])
