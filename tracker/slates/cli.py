"""Slate commands: import a slate definition file (publishing it) and export a slate in the same format."""
from __future__ import annotations

import click
from flask import g

from tracker.cli import fail
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.slates import operations, services


@click.command("import-slate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_slate_command(path: str):
    """Create or replace an organisation's draft from SLATE.toml and publish it as a new version."""
    g.actor_label = "cli"
    try:
        with open(path, encoding="utf-8-sig") as file:  # a BOM, as some editors write, is not TOML
            text = file.read()
    except UnicodeDecodeError as error:
        fail([f"{path}: not UTF-8 text ({error.reason} at byte {error.start})"])
    try:
        version, published = operations.import_slate(text, source=path)
    except DomainError as error:
        fail([f"{field}: {message}" if field else message for field, message in error.problems])
    slate = version.slate
    db.session.commit()
    who = f"{slate.organisation.name} ({slate.organisation.slug})"
    if published:
        click.echo(f"Published version {version.number} of {who}'s slate for {slate.election.slug}.")
    else:
        click.echo(f"Unchanged: version {version.number} of {who}'s slate for {slate.election.slug} "
                   "already says this; nothing published.")


@click.command("export-slate")
@click.argument("organisation")
@click.option("--election", "election_slug", required=True, help="Slug of the election.")
@click.option("--draft", is_flag=True, help="Export the unpublished draft instead of the latest version.")
@click.option("--version", "number", type=int, default=None, help="Export this published version number.")
def export_slate_command(organisation: str, election_slug: str, draft: bool, number: int | None):
    """Print an organisation's slate for an election as a slate definition file (TOML)."""
    election = services.load_election(election_slug)
    org = services.find_organisation(organisation)
    problems = []
    if election is None:
        problems.append(f"election: no election has the slug {election_slug!r}")
    if org is None:
        problems.append(f"organisation: no organisation has the slug {organisation!r}")
    if problems:
        fail(problems)
    slate = services.find_slate(org, election)
    if slate is None:
        fail([f"{org.name} has no slate for {election.title}"])
    version = None
    if number is not None:
        version = next((v for v in slate.versions if v.number == number), None)
        if version is None:
            fail([f"version: {org.name} has published no version {number} for {election.title}"])
    try:
        text = operations.export_slate(slate, version=version, draft=draft)
    except DomainError as error:
        fail([f"{field}: {message}" for field, message in error.problems])
    click.echo(text, nl=False)


COMMANDS = [import_slate_command, export_slate_command]
