"""Forms of the procedures secretary's acts."""
from flask_wtf import FlaskForm
from wtforms import Form, FormField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker.fields import MomentField, ZonedForm
from tracker.vocabulary import SuspensionOutcome

#: Which nominations a decision applies to: the ticked ones, every one on the page, or every one matching the filter.
SCOPES = [("ticked", "the ticked nominations"), ("page", "every nomination on this page"),
          ("matching", "every nomination matching the filter")]


class DecisionControls(Form):
    """The decision controls repeated under the list (named bottom-action, bottom-reason, bottom-scope); checked
    by `DecideForm.chosen` only when they are the ones used."""

    action = SelectField("Decision", choices=[("verify", "Verify"), ("reject", "Reject")], validate_choice=False)
    reason = StringField("Reason for rejecting", validators=[Optional(), Length(max=500)])
    scope = SelectField("Apply to", choices=SCOPES, default="ticked")


class DecideForm(FlaskForm):
    """Verify or reject nominations of the queue at once: the ticked ones, the page's, or all matching the filter.

    The controls stand above the list and again below it; `controls` (the button pressed) says which were used.
    """

    ids = SelectMultipleField("Nominations", coerce=int, validate_choice=False)
    #: The nominations the page showed, for "every nomination on this page" without JavaScript.
    page_ids = SelectMultipleField("Nominations on the page", coerce=int, validate_choice=False)
    action = SelectField("Decision", choices=[("verify", "Verify"), ("reject", "Reject")])
    reason = StringField("Reason for rejecting", validators=[Optional(), Length(max=500)])
    scope = SelectField("Apply to", choices=SCOPES, default="ticked")
    bottom = FormField(DecisionControls)
    controls = StringField("Controls used")  #: the pressed button's value: "top" or "bottom"

    def chosen(self):
        """The decision, reason and scope of the controls whose button was pressed."""
        used = self.bottom.form if self.controls.data == "bottom" else self
        return used.action.data, used.reason.data or "", used.scope.data or "ticked"


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
