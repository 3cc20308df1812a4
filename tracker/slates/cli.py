"""Slate commands: import a slate definition file (publishing it) and export a slate in the same format."""
from __future__ import annotations

import click
from flask import Blueprint

from tracker.commands import Refused, in_one_transaction, problem_lines
from tracker.errors import DomainError
from tracker.slates import operations, services

bp = Blueprint("slates_cli", __name__, cli_group=None)


@bp.cli.command("import-slate")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@in_one_transaction()
def import_slate_command(path: str) -> str:
    """Create or replace an organisation's draft from SLATE.toml and publish it as a new version."""
    try:
        with open(path, encoding="utf-8-sig") as file:  # a BOM, as some editors write, is not TOML
            text = file.read()
    except UnicodeDecodeError as error:
        raise Refused([f"{path}: not UTF-8 text ({error.reason} at byte {error.start})"]) from None
    version, published = operations.import_slate(text, source=path)
    slate = version.slate
    who = f"{slate.organisation.name} ({slate.organisation.slug})"
    if published:
        return f"Published version {version.number} of {who}'s slate for {slate.election.slug}."
    return (f"Unchanged: version {version.number} of {who}'s slate for {slate.election.slug} "
            "already says this; nothing published.")


@bp.cli.command("export-slate")
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
        raise Refused(problems)
    slate = services.find_slate(org, election)
    if slate is None:
        raise Refused([f"{org.name} has no slate for {election.title}"])
    version = None
    if number is not None:
        version = next((v for v in slate.versions if v.number == number), None)
        if version is None:
            raise Refused([f"version: {org.name} has published no version {number} for {election.title}"])
    try:
        text = operations.export_slate(slate, version=version, draft=draft)
    except DomainError as error:
        raise Refused(problem_lines(error)) from None
    click.echo(text, nl=False)
