"""The mail worker: delivers the mail queued on Redis (run one or more beside the web workers in production)."""
from __future__ import annotations

import click
from flask import Blueprint, current_app

bp = Blueprint("mail_cli", __name__, cli_group=None)


@bp.cli.command("mail-worker")
@click.option("--burst", is_flag=True, help="Deliver what is queued, then stop.")
def mail_worker(burst: bool) -> None:
    """Deliver queued mail (needs REDIS_URL; MAIL_URL says where to send it)."""
    from redis import Redis
    from rq import Queue, Worker

    redis_url = current_app.config.get("REDIS_URL")
    if not redis_url:
        raise click.ClickException("REDIS_URL is not set: without it mail is delivered by the web process itself")
    connection = Redis.from_url(redis_url)
    worker = Worker([Queue(current_app.config.get("MAIL_QUEUE") or "mail", connection=connection)],
                    connection=connection)
    worker.work(burst=burst)
