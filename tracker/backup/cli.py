"""`flask export FILE.json` and `flask restore FILE.json`: every table out to one file, and into an empty database."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Blueprint

from tracker.backup import operations
from tracker.commands import Refused, in_one_transaction, problem_lines
from tracker.errors import DomainError

bp = Blueprint("backup", __name__, cli_group=None)


def _table_lines(counts: dict[str, int]) -> list[str]:
    width = max((len(name) for name in counts), default=0)
    return [f"  {name:<{width}}  {count:>9,}" for name, count in counts.items()]


@bp.cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_command(path: Path) -> None:
    """Write every row of every table to FILE.json, with the format version and the schema's revision."""
    try:
        revision, counts = operations.export_to(path)
    except DomainError as error:
        raise Refused(problem_lines(error)) from None
    except OSError as error:
        raise Refused([f"{path}: {error.strerror or error}; nothing was written."]) from None
    click.echo(f"Wrote {sum(counts.values()):,} rows of {len(counts)} tables to {path} "
               f"(export format {operations.FORMAT_VERSION}, schema revision {revision}):")
    for line in _table_lines(counts):
        click.echo(line)


@bp.cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@in_one_transaction()
def restore_command(path: Path) -> list[str]:
    """Write every row of FILE.json into this empty database, with the same ids, in one transaction."""
    counts = operations.restore_from(path)
    return [f"Restored {sum(counts.values()):,} rows of {len(counts)} tables from {path}:", *_table_lines(counts),
            "Check the audit trail with `flask --app tracker verify-audit`."]
