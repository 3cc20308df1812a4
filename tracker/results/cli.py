"""Commands of the results feature: counting a BLT file, and importing a declared result from CSV."""
from __future__ import annotations

import click
from flask import Blueprint

from tracker.commands import Refused, in_one_transaction
from tracker.counting import BltError, format_table, read_blt, to_json
from tracker.errors import DomainError

METHODS = ("irv", "scottish-stv", "meek")

bp = Blueprint("results_cli", __name__, cli_group=None)


def fail(lines: list[str]) -> None:
    """Refuse with these lines (nothing was written)."""
    raise Refused(lines)


@bp.cli.command("count")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--method", type=click.Choice(METHODS), required=True, help="How to count.")
@click.option("--seats", type=click.IntRange(min=1), default=None, help="Seats to fill (default: the file's).")
@click.option("--min-women", type=click.IntRange(min=0), default=0, help="Seats that must go to women.")
@click.option("--woman", "women", multiple=True,
              help="A woman standing, by name or candidate number in the file (repeatable); needed with --min-women.")
@click.option("--seed", type=int, default=None, help="Seed for ties broken by lot (recorded in the report).")
@click.option("--json", "as_json", is_flag=True, help="Print DESIGN.md's count JSON instead of the stage table.")
def count_command(file, method, seats, min_women, women, seed, as_json):
    """Count the ballots of a BLT file and print the stage table (or JSON)."""
    from tracker.results.operations import run_count

    try:
        with open(file, encoding="utf-8-sig") as handle:
            election = read_blt(handle.read())
    except UnicodeDecodeError:
        fail([f"{file}: not UTF-8 text."])
    except BltError as error:
        fail([f"{file}, line {error.line}: {error.message}."])
    try:
        _, result, _ = run_count(election, method, seats, min_women, tuple(women), seed)
    except DomainError as error:
        hint = ["Name each woman standing with --woman NAME."] if min_women and not women else []
        fail([f"{file}: {message}" for message in error.messages] + hint)
    click.echo(to_json(result) if as_json else format_table(result), nl=as_json)


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
