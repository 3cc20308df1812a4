"""Forms of the results feature: freezing the ballot, recording the declared result, uploading a count."""
from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional
from wtforms.widgets import TextInput

from tracker.fields import MomentField, WholeNumberField, ZonedForm
from tracker.results.figures import STATUSES, DeclaredFigures, Round, first_round_total, parse_result_csv, parse_votes
from tracker.results.models import DeclaredResult


class FreezeForm(FlaskForm):
    #: The hash of the ballot preview the admin saw; the freeze is refused if the ballot differs now.
    ballot_hash = HiddenField()


class ResultForm(ZonedForm):
    """The headline figures of a declaration; the rounds' grid is read from the request by `read_rounds`."""

    electorate = WholeNumberField("Electorate", validators=[Optional()], minimum=1,
                              description="Members entitled to vote (optional).")
    turnout = WholeNumberField("Turnout (ballot papers returned)", validators=[Optional()], minimum=0,
                           description="Optional; when given it must be the valid plus the rejected ballots.")
    valid_votes = WholeNumberField("Valid votes", validators=[Optional()], minimum=1,
                               description="Blank: round 1's votes plus its non-transferable votes.")
    rejected_votes = WholeNumberField("Rejected ballots", validators=[Optional()], minimum=0, default=0)
    declared_at = MomentField("Declared at", validators=[Optional()], widget=TextInput(), separator=" ", date_alone=True,
                              description="Local time, e.g. 2026-04-04 11:00; leave blank for now.")


class ResultImportForm(ResultForm):
    csv_file = FileField("Rounds as CSV", description="Columns round,candidate,votes[,status]; "
                         "a row for candidate “non-transferable” gives a round's non-transferable votes.")


class CountForm(FlaskForm):
    blt_file = FileField("Ballot file (BLT)")
    blt_text = TextAreaField("…or paste the BLT text", validators=[Optional()])
    method = SelectField("Method", choices=[("scottish-stv", "Scottish STV (several seats)"),
                                            ("irv", "Instant-runoff (one seat)"), ("meek", "Meek STV")])
    seats = WholeNumberField("Seats", validators=[Optional()], minimum=1,
                         description="Blank: the contest's seats, or the number in the file.")
    min_women = WholeNumberField("Minimum number of women", validators=[Optional()], minimum=0,
                             description="Blank: the contest's rule, or none.")
    women = TextAreaField("Women standing", validators=[Optional()],
                          description="Names as in the file (or candidate numbers), one a line. "
                                      "A contest's candidates recorded as women are known already.")
    title = StringField("Title", validators=[Optional()], description="Blank: the title in the file.")
    contest = SelectField("For the result of", coerce=int, choices=[(0, "no contest")])
    body = SelectField("For the meeting of", coerce=int, choices=[(0, "no body")])


class WithdrawCountForm(FlaskForm):
    reason = StringField("Reason for withdrawing", validators=[Optional()],
                         description="Shown with the count, e.g. the file was for another contest.")


def grid_rounds(form_data, ballot: list[str], rounds: int) -> tuple[tuple[Round, ...], list[tuple[str, str]]]:
    """Read the rounds' grid (`r<round>-<candidate index>`, `r<round>-nt`, `r<round>-<index>-status`).

    Blank cells mean no figure; a round with no figures at all is left out.
    """
    problems: list[tuple[str, str]] = []
    result = []
    for number in range(1, rounds + 1):
        votes: dict[str, Decimal] = {}
        elected, excluded = [], []
        for index, name in enumerate(ballot):
            text = (form_data.get(f"r{number}-{index}") or "").strip()
            status = (form_data.get(f"r{number}-{index}-status") or "").strip()
            if text:
                try:
                    votes[name] = parse_votes(text)
                except ValueError as error:
                    problems.append(("rounds", f"Round {number}, {name}: {error}."))
            if status in STATUSES:
                (elected if status == "elected" else excluded).append(name)
        nt_text = (form_data.get(f"r{number}-nt") or "").strip()
        non_transferable = Decimal(0)
        if nt_text:
            try:
                non_transferable = parse_votes(nt_text)
            except ValueError as error:
                problems.append(("rounds", f"Round {number}, non-transferable: {error}."))
        if votes or nt_text or elected or excluded:
            result.append(Round(number, votes, non_transferable, tuple(elected), tuple(excluded)))
    return tuple(result), problems


def figures_from(form: ResultForm, rounds: tuple[Round, ...], problems: list[tuple[str, str]]) -> DeclaredFigures:
    """The declared figures of a filled-in form; a blank valid vote is round 1's total."""
    valid = form.valid_votes.data
    if valid is None:
        valid = first_round_total(rounds)
    return DeclaredFigures(
        valid_votes=valid,
        rounds=rounds,
        rejected_votes=form.rejected_votes.data or 0,
        electorate=form.electorate.data,
        turnout=form.turnout.data,
        problems=tuple(problems),
    )


def csv_rounds(upload, source: str) -> tuple[tuple[Round, ...], list[tuple[str, str]]]:
    """The rounds of an uploaded CSV file."""
    if upload is None or not getattr(upload, "filename", ""):
        return (), [("csv_file", "Choose a CSV file of rounds to import.")]
    try:
        text = upload.read().decode("utf-8")
    except UnicodeDecodeError:
        return (), [("csv_file", f"{source} is not UTF-8 text.")]
    return parse_result_csv(text, source)


def grid_values(result: DeclaredResult | None, ballot: list[str]) -> dict[str, str]:
    """Field values of the rounds' grid for a stored result, to correct it."""
    values: dict[str, str] = {}
    if result is None:
        return values
    for stored in result.rounds:
        number = stored["round"]
        for index, name in enumerate(ballot):
            if name in stored["votes"]:
                values[f"r{number}-{index}"] = stored["votes"][name]
            if name in stored.get("elected", ()):
                values[f"r{number}-{index}-status"] = "elected"
            elif name in stored.get("excluded", ()):
                values[f"r{number}-{index}-status"] = "excluded"
        values[f"r{number}-nt"] = stored.get("non_transferable", "0")
    return values


__all__ = [
    "FreezeForm", "ResultForm", "ResultImportForm", "CountForm", "WithdrawCountForm", "grid_rounds", "figures_from",
    "csv_rounds", "grid_values",
]
