"""Slate forms: the draft editor (one text area per contest, one line per pick) and publishing."""
from __future__ import annotations

import re
from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from tracker.rules.slates import Pick
from tracker.vocabulary import SLUG_RULE

#: Between a pick and its substitutes, and between substitutes, on one line of the editor.
SEPARATOR = ">"


class DraftForm(FlaskForm):
    """The draft's title; the picks come from one text area per contest, named ``picks-<contest slug>``."""

    title = StringField("Title", validators=[DataRequired(), Length(max=200)])


class PublishForm(FlaskForm):
    """Publishing the saved draft: nothing to fill in but the CSRF token."""


class OrganisationForm(FlaskForm):
    slug = StringField("Slug", validators=[DataRequired(), Length(max=80)],
                       description=f"{SLUG_RULE.capitalize()}; it appears in URLs, e.g. grassroots-left.")
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Length(max=2000)])


def field_name(contest_slug: str) -> str:
    return f"picks-{contest_slug}"


def parse_picks(text: str) -> list[Pick]:
    """One pick per non-blank line: "Sam Carter > Ria Patel > Lee Hughes" (the pick, then its substitutes)."""
    picks = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, *otherwise = (" ".join(part.split()) for part in line.split(SEPARATOR))
        picks.append(Pick(name, tuple(otherwise)))
    return picks


def picks_text(picks: Sequence[Pick]) -> str:
    """The text area's content for a contest's picks."""
    return "\n".join(f" {SEPARATOR} ".join((pick.name, *pick.otherwise)) for pick in picks)


_FIELD = re.compile(r"^contest\[(?P<slug>[^\]]+)\](?:\.picks\[(?P<pick>\d+)\](?:\.otherwise\[(?P<sub>\d+)\])?)?")


def problems_by_contest(problems: Sequence[tuple[str, str]], text_lines: dict[str, list[int]]):
    """Sort an operation's problems into those for the form as a whole and those for each contest's text area.

    `text_lines` gives, per contest, the line of the text area on which each pick was written, so that a
    problem with pick 3 reads "Line 5: ...".
    """
    general: list[str] = []
    per_contest: dict[str, list[str]] = {}
    for field, message in problems:
        match = _FIELD.match(field)
        if match is None:
            general.append(message)
            continue
        slug = match.group("slug")
        if match.group("pick") is not None:
            index = int(match.group("pick"))
            lines = text_lines.get(slug, [])
            line = lines[index] if index < len(lines) else index + 1
            message = f"Line {line}: {message}"
        per_contest.setdefault(slug, []).append(message)
    return general, per_contest


def pick_lines(text: str) -> list[int]:
    """The 1-based line of each pick in a text area (blank lines are skipped)."""
    return [number for number, line in enumerate((text or "").splitlines(), start=1) if line.strip()]
