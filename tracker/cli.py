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
    """Add every command: accounts here, the others from their features."""
    from tracker.demo.cli import COMMANDS as demo_commands
    from tracker.imports.cli import COMMANDS as import_commands
    from tracker.results.cli import COMMANDS as result_commands
    from tracker.slates.cli import COMMANDS as slate_commands

    app.cli.add_command(create_user_command)
    for command in (*import_commands, *demo_commands, *slate_commands, *result_commands):
        app.cli.add_command(command)
