"""Forms of the procedures secretary's acts."""
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker.fields import MomentField, ZonedForm
from tracker.vocabulary import SuspensionOutcome


class DecideForm(FlaskForm):
    """Verify or reject the ticked nominations of the queue at once."""

    ids = SelectMultipleField("Nominations", coerce=int, validate_choice=False, validators=[DataRequired("Tick at least one nomination.")])
    action = SelectField("Decision", choices=[("verify", "Verify"), ("reject", "Reject")])
    reason = StringField("Reason for rejecting", validators=[Optional(), Length(max=500)])


class SuspensionForm(ZonedForm):
    person = SelectField("Person", coerce=int, validators=[DataRequired()])
    starts_at = MomentField("Suspended from", validators=[DataRequired()])
    ends_at = MomentField("Until (leave empty while open-ended)", validators=[Optional()])
    reason = TextAreaField("Published reason (leave empty if none was published)", validators=[Optional(), Length(max=2000)])


class EndSuspensionForm(ZonedForm):
    ends_at = MomentField("Ended at", validators=[DataRequired()])
    outcome = SelectField("Outcome", choices=[
        (SuspensionOutcome.LIFTED.value, "Lifted"),
        (SuspensionOutcome.OVERTURNED.value, "Overturned on appeal"),
        (SuspensionOutcome.EXPELLED.value, "Expelled"),
    ])


class WithdrawalForm(ZonedForm):
    withdrawn_at = MomentField("Withdrew at", validators=[DataRequired()])


class HaltForm(FlaskForm):
    reason = TextAreaField("Reason (shown publicly)", validators=[DataRequired(), Length(max=2000)])
