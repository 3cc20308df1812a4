"""`flask load ELECTION.toml` and `flask import KIND FILE.csv --election SLUG`: one transaction each, all or nothing."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Blueprint
from sqlalchemy import select

from tracker.commands import Refused, in_one_transaction
from tracker.elections.models import Election
from tracker.extensions import db
from tracker.imports.csv_import import IMPORTERS
from tracker.imports.election_toml import load_election
from tracker.imports.operations import run_import
from tracker.imports.problems import ImportFailed

bp = Blueprint("imports", __name__, cli_group=None)


@bp.cli.command("load")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@in_one_transaction()
def load_command(path: Path) -> str:
    """Create or update an election from its definition file (TOML)."""
    try:
        summary = load_election(path)
    except ImportFailed as error:
        raise Refused(error.lines) from None
    return f"Loaded {summary.election.slug}: {summary}"


@bp.cli.command("import")
@click.argument("kind", type=click.Choice(sorted(IMPORTERS)))
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--election", "election_slug", required=True, help="Slug of the election the file belongs to.")
@in_one_transaction()
def import_command(kind: str, path: Path, election_slug: str) -> str:
    """Import bodies, candidates, nominations or suspensions from a CSV file: every row, or none."""
    election = db.session.scalar(select(Election).where(Election.slug == election_slug))
    if election is None:
        raise Refused([f"No election has the slug {election_slug!r}; load its definition first (flask load ELECTION.toml)"])
    try:
        summary = run_import(election, kind, path)
    except ImportFailed as error:
        raise Refused(error.lines) from None
    return f"Imported {kind} into {election.slug}: {summary}"
