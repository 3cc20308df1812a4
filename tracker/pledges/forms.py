"""Pledge forms; the operations check what is written, so that every refusal reads the same from the web and tests."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.fields import MomentField, ZonedForm


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):  # the operation says what is wrong with a choice
        pass


class PledgeForm(FlaskForm):
    title = StringField("Title", validators=[Length(max=200)])
    slug = StringField("Address", validators=[Optional(), Length(max=80)],
                       description="Lower-case letters, digits and hyphens; made from the title when left empty.")
    text = TextAreaField("Text", description="Markdown: *emphasis*, **strong**, lists, [links](https://…). No HTML.")
    contests = CheckboxesField("Contests it concerns", coerce=str)


class ReviseForm(FlaskForm):
    version = StringField("Version")
    text = TextAreaField("Text", description="Markdown. Once anyone has signed, a change is a new version.")
    how = RadioField("How", choices=[("new", "Publish as a new version"),
                                     ("in_place", "Correct the current version in place (only before anyone signs)")],
                     default="new")


class InviteForm(FlaskForm):
    people = CheckboxesField("Candidates to ask", coerce=str)


class AnswerForm(FlaskForm):
    """Signing (nothing to fill in) or declining (an optional statement)."""

    statement = TextAreaField("Statement (optional)", validators=[Length(max=2000)])


class RecordForm(ZonedForm):
    evidence = TextAreaField("Evidence", description="Where the signature was given: a URL or a note.")
    signed_at = MomentField("Signed at (optional)", validators=[Optional()])
