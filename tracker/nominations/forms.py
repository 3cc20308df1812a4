"""Forms a secretary fills in to log, correct or withdraw their body's nomination."""
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from tracker.fields import MomentField, WholeNumberField, ZonedForm
from tracker.types import MAX_INTEGER


def candidate_id(value):
    """The chosen candidacy's id; None for the blank "Choose a candidate" (or anything that is not a number, or a
    number no id could be: larger than the column holds)."""
    try:
        number = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return number if number is not None and 0 < number <= MAX_INTEGER else None


class NominationForm(ZonedForm):
    #: Offers only the candidates the body may still nominate; the first choice is blank, so none is preselected.
    candidate = SelectField("Candidate", coerce=candidate_id, validate_choice=False,
                            validators=[DataRequired("Choose a candidate.")])
    nominated_at = MomentField(
        "Meeting date and time", validators=[DataRequired()],
        description="When the meeting voted, in the election's time zone.",
    )
    votes_for = WholeNumberField("Votes for the candidate", validators=[Optional()], minimum=0)
    votes_total = WholeNumberField("Votes cast in all", validators=[Optional()], minimum=0)
    meeting_rounds = TextAreaField(
        "Rounds of voting (optional)", validators=[Optional()],
        description="For an exhaustive ballot, one line per round, e.g. 'Round 1: Carter 40, Patel 31, Hughes 12'.",
    )

    def validate_candidate(self, field):
        offered = {value for value, _ in field.choices if value != ""}
        if field.data not in offered:
            raise ValidationError("Choose one of the candidates offered: this body cannot nominate that one now.")

    def validate_votes_for(self, field):
        if field.data is not None and self.votes_total.data is not None and field.data > self.votes_total.data:
            raise ValidationError("Votes for the candidate cannot be more than the votes cast in all.")


class CorrectionForm(ZonedForm):
    nominated_at = MomentField(
        "Meeting date and time", validators=[DataRequired()],
        description="When the meeting voted, in the election's time zone.",
    )
    votes_for = WholeNumberField("Votes for the candidate", validators=[Optional()], minimum=0)
    votes_total = WholeNumberField("Votes cast in all", validators=[Optional()], minimum=0)
    meeting_rounds = TextAreaField("Rounds of voting (optional)", validators=[Optional()])

    validate_votes_for = NominationForm.validate_votes_for


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token (withdraw, verify one, resume)."""
