"""Commands of the results feature: counting a BLT file, and importing a declared result from CSV.

The `count` command is tracker.counting.command's, which needs no app (see tracker.create_app).
"""
from __future__ import annotations

import click
from flask import Blueprint

from tracker.commands import Refused, in_one_transaction
from tracker.counting.command import count_command
from tracker.errors import DomainError

bp = Blueprint("results_cli", __name__, cli_group=None)
bp.cli.add_command(count_command)


def fail(lines: list[str]) -> None:
    """Refuse with these lines (nothing was written)."""
    raise Refused(lines)


@bp.cli.command("import-result")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--election", required=True, help="Slug of the election.")
@click.option("--contest", required=True, help="Slug of the contest.")
@click.option("--valid", "valid_votes", type=int, default=None, help="Valid votes (default: round 1's total).")
@click.option("--rejected", "rejected_votes", type=int, default=0, help="Rejected ballots.")
@click.option("--electorate", type=int, default=None, help="Members entitled to vote.")
@click.option("--turnout", type=int, default=None, help="Ballot papers returned (valid plus rejected).")
@in_one_transaction()
def import_result_command(file, election, contest, valid_votes, rejected_votes, electorate, turnout):
    """Record a contest's declared result from a CSV of round,candidate,votes[,status]; all or nothing."""
    from tracker.ballot.services import load_contest
    from tracker.results.figures import DeclaredFigures, first_round_total, parse_result_csv
    from tracker.results.operations import declare_result

    found = load_contest(election, contest)
    if found is None:
        fail([f"There is no contest {contest!r} in election {election!r}."])
    try:
        with open(file, encoding="utf-8-sig") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        fail([f"{file}: not UTF-8 text."])
    rounds, problems = parse_result_csv(text, file)
    if problems and not rounds:
        fail([message for _, message in problems])
    if valid_votes is None:
        valid_votes = first_round_total(rounds)
    figures = DeclaredFigures(valid_votes=valid_votes, rounds=rounds, rejected_votes=rejected_votes,
                              electorate=electorate, turnout=turnout, problems=tuple(problems))
    try:
        result = declare_result(found, figures)
    except DomainError as error:
        fail([f"{file}: {message}" for message in error.messages])
    winners = [name for r in result.rounds for name in r["elected"]]
    return (f"Recorded the result for {found.title}: {len(result.rounds)} round"
            f"{'' if len(result.rounds) == 1 else 's'}, elected {', '.join(winners)}.")
