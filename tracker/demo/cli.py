"""`flask demo`: write the fictional election's files into instance/demo/ and load them as an organiser would."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
from flask import Blueprint, current_app
from sqlalchemy import select

from tracker.appeals.demo import load_demo_appeals
from tracker.commands import Refused, in_one_transaction
from tracker.demo.generate import Demo, generate
from tracker.demo.voices import add_voices
from tracker.elections.models import Election
from tracker.extensions import db
from tracker.imports.csv_import import (
    import_bodies,
    import_candidates,
    import_nominations,
    import_suspensions,
    suspension_people,
)
from tracker.imports.election_toml import load_election
from tracker.imports.problems import ImportFailed, Summary
from tracker.suspensions.models import Suspension
from tracker.suspensions.operations import remove_suspension
from tracker.times import DEFAULT_TIMEZONE, moment_text, to_local
from tracker.types import utcnow
from tracker.vocabulary import BodyKind


def load_demo(directory: Path, today: date | None = None, scale: float = 1.0) -> tuple[Demo, Election, dict[str, Summary]]:
    """Generate the demo's files for `today` and load them through the ordinary loaders (flushed, not committed)."""
    today = today or to_local(utcnow(), DEFAULT_TIMEZONE).date()
    demo = generate(directory, today, scale)
    paths = demo.paths
    loaded = load_election(paths["election"])
    election = loaded.election
    summaries = {"election": loaded}
    for kind, importer in (("bodies", import_bodies), ("candidates", import_candidates),
                           ("nominations", import_nominations)):
        summaries[kind] = importer(election, paths[kind])
    _remove_moved_suspensions(election, demo)
    summaries["suspensions"] = import_suspensions(election, paths["suspensions"])
    add_voices(election)
    return demo, election, summaries


def _remove_moved_suspensions(election: Election, demo: Demo) -> None:
    """The demo's suspension moves with the date it is loaded on: drop the one an earlier run recorded."""
    _, name, starts_at = demo.suspended
    people = suspension_people(election)
    for suspension in db.session.scalars(
        select(Suspension).where(Suspension.person_id.in_([person.id for person in people.values()]))
    ):
        if (suspension.person.name, suspension.starts_at) != (name, starts_at):
            remove_suspension(suspension)


bp = Blueprint("demo", __name__, cli_group=None)


@bp.cli.command("demo")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Build the timetable around this date (YYYY-MM-DD) instead of today.")
@click.option("--scale", type=click.FloatRange(0.01, 1.0), default=1.0, hidden=True,
              help="Fraction of the MPs and CLPs to generate (for quick trials).")
@click.option("--directory", type=click.Path(file_okay=False, path_type=Path), default=None, hidden=True,
              help="Where to write the files (default: instance/demo).")
@in_one_transaction(actor="demo")
def demo_command(today: datetime | None, scale: float, directory: Path | None) -> list[str]:
    """Load a fictional election at national scale, part-way through its nominations."""
    directory = directory or Path(current_app.instance_path) / "demo"
    try:
        demo, election, summaries = load_demo(directory, today.date() if today else None, scale)
    except ImportFailed as error:
        raise Refused(error.lines) from None
    appeals = load_demo_appeals(election, demo.suspended[1])
    mps, clps, affiliates = (f"{sum(body.kind == kind for body in demo.bodies)} {kind.plural}" for kind in BodyKind)
    leader = election.contests[0]
    plp, supporting = leader.stages
    return [
        f"Loaded the demo election {election.slug!r} from {directory}/",
        *(f"  {kind}: {summary}" for kind, summary in summaries.items()),
        f"{mps}, {clps} and {affiliates}; "
        f"MP nominations closed at {moment_text(plp.closes_at, election.timezone)}, "
        f"CLP and affiliate nominations close at {moment_text(supporting.closes_at, election.timezone)}.",
        *appeals,
        "To sign in, make an account first:",
        "  flask --app tracker create-user you@example.org --role admin",
        "  flask --app tracker create-user secretary@example.org --role secretary --body CLP001",
        "  flask --app tracker create-user candidate@example.org --role candidate --person NAME",
    ]
