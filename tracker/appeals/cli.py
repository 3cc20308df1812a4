"""Appeal commands: purging unconfirmed signatures, and carrying erasures over a restore from an older backup."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Blueprint

from tracker.appeals import operations
from tracker.commands import in_one_transaction

bp = Blueprint("appeals_cli", __name__, cli_group=None)


@bp.cli.command("purge-unconfirmed")
@click.option("--days", default=operations.CONFIRM_DAYS, show_default=True, type=click.IntRange(min=1),
              help="Purge signatures left unconfirmed for longer than this.")
@in_one_transaction(actor="purge")
def purge_unconfirmed(days: int) -> str:
    """Delete signatures never confirmed within DAYS days (run it daily, e.g. from cron)."""
    purged = operations.purge_unconfirmed(days=days)
    return f"Purged {purged} unconfirmed signature{'s' if purged != 1 else ''} older than {days} days."


@bp.cli.command("export-erasures")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@in_one_transaction(actor="cli")
def export_erasures(path: Path) -> str:
    """Write every erasure (salted hashes, no personal data) to PATH, to replay after a restore."""
    records = operations.erasures_json()
    path.write_text(json.dumps({"erasures": records}, indent=1), encoding="utf-8")
    return f"Wrote {len(records)} erasures to {path}."


@bp.cli.command("replay-erasures")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@in_one_transaction(actor="cli")
def replay_erasures(path: Path | None) -> str:
    """Erase again every supporter named by the erasures in PATH (from export-erasures, or a full export's
    `erasure` table), or by this database's own erasures when no PATH is given."""
    records = None
    if path is not None:
        document = json.loads(path.read_text(encoding="utf-8"))
        records = document.get("erasures") if "erasures" in document else document.get("tables", {}).get("erasure")
        if not isinstance(records, list):
            raise click.ClickException(f"{path.name} holds no erasures.")
    erased = operations.replay_erasures(records)
    return f"Erased {erased} supporter{'s' if erased != 1 else ''} again."
