"""Flask CLI commands: set-up, loading, importing and counting (each calls its feature's operations)."""
from __future__ import annotations

import sys

import click
from flask import Flask, g

from tracker.errors import DomainError
from tracker.extensions import db


def fail(problems: list[str]) -> None:
    """Print every problem to stderr, roll back, and exit non-zero."""
    db.session.rollback()
    for line in problems:
        click.echo(line, err=True)
    sys.exit(1)


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "secretary", "organiser"]), required=True)
@click.option("--body", "bodies", multiple=True, help="Code of a body the secretary acts for (repeatable).")
@click.option("--org", "org", default=None, help="Slug of the organiser's organisation.")
@click.password_option(prompt="Password")
def create_user_command(email, role, bodies, org, password):
    """Make an account; prompts for the password."""
    from tracker.accounts.operations import create_user

    g.actor_label = "cli"
    try:
        create_user(email, password, role, bodies, org)
    except DomainError as error:
        fail([f"{field}: {message}" if field else message for field, message in error.problems])
    db.session.commit()
    click.echo(f"Created {role} {email.strip().lower()}")


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    for module in ("tracker.imports.cli", "tracker.demo.cli", "tracker.slates.cli", "tracker.results.cli"):
        try:
            commands = __import__(module, fromlist=["COMMANDS"]).COMMANDS
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
            continue
        for command in commands:
            app.cli.add_command(command)
