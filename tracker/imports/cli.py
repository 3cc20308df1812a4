"""`flask load ELECTION.toml` and `flask import KIND FILE.csv --election SLUG`: one transaction each, all or nothing."""
from __future__ import annotations

from pathlib import Path

import click
from flask import g
from flask.cli import with_appcontext
from sqlalchemy import select

from tracker.elections.models import Election
from tracker.extensions import db
from tracker.imports.csv_import import IMPORTERS
from tracker.imports.election_toml import load_election
from tracker.imports.problems import ImportFailed


def _fail(lines: list[str]) -> None:
    from tracker.cli import fail

    fail(lines)


@click.command("load")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def load_command(path: Path) -> None:
    """Create or update an election from its definition file (TOML)."""
    g.actor_label = "cli"
    try:
        summary = load_election(path)
    except ImportFailed as error:
        _fail(error.lines)
    db.session.commit()
    click.echo(f"Loaded {summary.election.slug}: {summary}")


@click.command("import")
@click.argument("kind", type=click.Choice(sorted(IMPORTERS)))
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--election", "election_slug", required=True, help="Slug of the election the file belongs to.")
@with_appcontext
def import_command(kind: str, path: Path, election_slug: str) -> None:
    """Import bodies, candidates, nominations or suspensions from a CSV file: every row, or none."""
    g.actor_label = "cli"
    election = db.session.scalar(select(Election).where(Election.slug == election_slug))
    if election is None:
        _fail([f"No election has the slug {election_slug!r}; load its definition first (flask load ELECTION.toml)"])
    try:
        summary = IMPORTERS[kind](election, path)
    except ImportFailed as error:
        _fail(error.lines)
    db.session.commit()
    click.echo(f"Imported {kind} into {election.slug}: {summary}")


COMMANDS = [load_command, import_command]
