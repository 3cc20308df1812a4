"""`flask create-user`: make an account from the command line."""
from __future__ import annotations

import click
from flask import Blueprint

from tracker.accounts.operations import create_user
from tracker.commands import in_one_transaction

bp = Blueprint("accounts_cli", __name__, cli_group=None)


@bp.cli.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "secretary", "organiser", "candidate"]), required=True)
@click.option("--body", "bodies", multiple=True, help="Code of a body the secretary acts for (repeatable).")
@click.option("--org", "org", default=None, help="Slug of the organiser's organisation.")
@click.option("--person", "person", default=None, help="The candidate's name (for --role candidate).")
@click.password_option(prompt="Password")
@in_one_transaction()
def create_user_command(email, role, bodies, org, person, password) -> str:
    """Make an account; prompts for the password."""
    create_user(email, password, role, bodies, org, person)
    return f"Created {role} {email.strip().lower()}"
