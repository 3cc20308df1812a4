"""`flask --app tracker count`: the command of tracker.counting.cli for the Flask CLI, needing no app."""

from __future__ import annotations

import sys

import click

from .cli import DESCRIPTION, OPTIONS, CountFailed, count_file
from .common import METHODS


@click.command("count", help=DESCRIPTION)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--method", type=click.Choice(METHODS), required=True, help=OPTIONS["--method"])
@click.option("--seats", type=click.IntRange(min=1), default=None, help=OPTIONS["--seats"])
@click.option("--min-women", type=click.IntRange(min=0), default=0, help=OPTIONS["--min-women"])
@click.option("--woman", "women", multiple=True, help=OPTIONS["--woman"])
@click.option("--seed", type=int, default=None, help=OPTIONS["--seed"])
@click.option("--json", "as_json", is_flag=True, help=OPTIONS["--json"])
def count_command(file, method, seats, min_women, women, seed, as_json):
    """Print what count_file gives, or its problems on standard error with exit status 1."""
    try:
        text = count_file(file, method, seats, min_women, women, seed, as_json)
    except CountFailed as failure:
        for line in failure.lines:
            click.echo(line, err=True)
        sys.exit(1)
    click.echo(text, nl=False)
