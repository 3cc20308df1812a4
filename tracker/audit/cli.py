"""`flask verify-audit`: walk the audit trail's hash chain and name the first event that does not fit."""
from __future__ import annotations

import click
from flask import Blueprint

from tracker.audit.chain import verify
from tracker.commands import Refused
from tracker.extensions import db

bp = Blueprint("audit_cli", __name__, cli_group=None)


@bp.cli.command("verify-audit")
def verify_audit_command() -> None:
    """Check that no audit event was changed, inserted or deleted since it was written; exit 1 if one was."""
    with db.engine.connect() as connection:
        outcome = verify(connection)
    noun = "event" if outcome.checked == 1 else "events"
    if outcome.whole:
        if outcome.checked:
            click.echo(f"Checked {outcome.checked:,} audit {noun}: every one fits the chain. "
                       f"The last is #{outcome.last_id}, hash {outcome.last_hash}.")
        else:
            click.echo("Checked 0 audit events: the audit trail is empty.")
        return
    misfits = len(outcome.misfits)
    click.echo(f"Checked {outcome.checked:,} audit {noun}: {misfits:,} {'does' if misfits == 1 else 'do'} not fit "
               "the chain.")
    first, *others = outcome.misfits
    later = [f"Later: #{misfit.id} ({misfit.action}): {misfit.how}." for misfit in others[:20]]
    if len(others) > 20:
        later.append(f"… and {len(others) - 20:,} more.")
    raise Refused([f"The first: {first.sentence()}", *later])
