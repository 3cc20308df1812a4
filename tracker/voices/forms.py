"""Forms of a candidate's voice; the operations check what is written and name every problem."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from tracker.fields import MomentField, ZonedForm
from tracker.vocabulary import RespondentRole
from tracker.web.public_forms import PublicForm


class StatementForm(FlaskForm):
    statement = TextAreaField("Statement", validators=[Length(max=10_000)],
                              description="Markdown: *emphasis*, **strong**, lists, [links](https://…). No HTML.")
    links = TextAreaField("Links", description="One a line: a title, then the address, e.g. "
                                               "\"Campaign site https://example.org\".")


class QuestionForm(PublicForm):
    text = TextAreaField("Your question", description="Plain words, at most 500 characters.")
    name = StringField("Your name")
    email = StringField("Your email", description="We send a link to confirm your question; it is never shown.")
    body = StringField("Your CLP's code (optional)")


class ModerateForm(FlaskForm):
    reason = TextAreaField("Reason (shown to the asker)")
    into = StringField("Merge into question number")


class ModeratorForm(FlaskForm):
    email = StringField("Organiser's email")


class AnswerForm(FlaskForm):
    text = TextAreaField("Your answer", validators=[Length(max=5_000)])


class ConfirmForm(FlaskForm):
    """A confirmation link's button: nothing to fill in."""


class ExerciseForm(ZonedForm):
    title = StringField("Title")
    slug = StringField("Address (optional)", validators=[Optional(), Length(max=80)])
    questions = TextAreaField("Questions", description="One a line, plain words.")
    opens_at = MomentField("Opens at")
    closes_at = MomentField("Closes at")


class ResponseForm(PublicForm):
    name = StringField("Your name")
    email = StringField("Your email", description="We send a link to confirm your answers; until then they do not count.")
    role = RadioField("You answer as", choices=[(r.value, r.words) for r in RespondentRole], validate_choice=False)
    body = StringField("Your CLP's code (optional)")
    may_publish = BooleanField("My answers may be published (without my name)")
