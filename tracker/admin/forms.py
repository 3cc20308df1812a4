"""Forms of the procedures secretary's acts."""
from flask_wtf import FlaskForm
from wtforms import EmailField, Form, FormField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker.accounts.models import ROLES
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


class CandidateForm(FlaskForm):
    """Adding a candidate to a contest; the operation refuses a name already standing."""

    name = StringField("Name", validators=[DataRequired(message="Give the candidate's name."), Length(max=200)])
    woman = SelectField("Counts as a woman (for a minimum number of women)",
                        choices=[("", "Not recorded"), ("yes", "Yes"), ("no", "No")], default="")

    def woman_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.woman.data)


class UndoWithdrawalForm(FlaskForm):
    reason = TextAreaField("Why the withdrawal is undone (shown publicly with the change)",
                           validators=[Optional(), Length(max=500)])


class ScopeFields(FlaskForm):
    """An account's role and what it acts for; the choices of bodies and organisations are set by the view."""

    role = SelectField("Role", choices=[(role, role) for role in ROLES], validate_choice=False)
    bodies = SelectMultipleField("Bodies a secretary acts for", validate_choice=False,
                                 description="Secretaries only: hold Ctrl (or Cmd) to choose several.")
    organisation = SelectField("Organisation an organiser belongs to", validate_choice=False)
    new_organisation = StringField("…or a new organisation's slug", validators=[Optional(), Length(max=80)],
                                   description="Organisers only: lower-case letters, digits and hyphens.")

    def org_slug(self) -> str | None:
        return (self.new_organisation.data or "").strip() or self.organisation.data or None


class NewUserForm(ScopeFields):
    email = EmailField("Email", validators=[DataRequired(message="Give the email address."), Length(max=254)])
