"""Appeal forms: signing (a public form), asking for a "my data" link, publishing, exporting, and the buttons."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker.fields import MomentField, WholeNumberField, ZonedForm
from tracker.vocabulary import SLUG_RULE
from tracker.web.public_forms import PublicForm

#: How many consent choices the publishing form offers.
CONSENT_SLOTS = 3
#: The prefix of each consent checkbox on the signing form: `consent_<choice>`.
CONSENT_PREFIX = "consent_"


class SignForm(PublicForm):
    """Name, email and an optional CLP; the consent boxes (`consent_<choice>`, all unticked) are read from the
    request by the view, since each appeal asks its own. Checked by the signing operation, not here, so that
    every problem is named at once."""

    name = StringField("Your name")
    email = StringField("Your email address", description="We send a link to it: your signature counts once you "
                                                           "follow it.")
    body = SelectField("Your CLP (optional)", choices=[], validate_choice=False)


class MyDataForm(PublicForm):
    email = StringField("Your email address")


class ButtonForm(FlaskForm):
    """A button that changes something: only the CSRF token to fill in."""


class PublishForm(ZonedForm):
    slug = StringField("Slug", validators=[DataRequired(), Length(max=80)],
                       description=f"{SLUG_RULE.capitalize()}; it appears in the appeal's address.")
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    petitioning = StringField("Petitioning", validators=[Length(max=200)],
                              description="Whom the appeal petitions, e.g. the NEC. Leave empty for a sign-up form.")
    text = TextAreaField("Text", validators=[Length(max=20000)], description="Markdown: paragraphs, lists, links.")
    target = WholeNumberField("Target", validators=[Optional()], minimum=1,
                              description="Signatures aimed for (optional).")
    privacy_url = StringField("Privacy notice", validators=[Length(max=500)],
                              description="The address of your organisation's privacy notice.")
    closes_at = MomentField("Closes at (optional)", validators=[Optional()])
    contest = SelectField("Contest it concerns (optional)", choices=[], coerce=str)
    suspension = SelectField("Suspension it concerns (optional)", choices=[], coerce=str)
    close_when_ballot_opens = BooleanField("Close when the contest's ballot opens")


for slot in range(1, CONSENT_SLOTS + 1):
    setattr(PublishForm, f"consent_{slot}_choice", StringField(
        f"Consent {slot}: short name", validators=[Length(max=40)],
        description="e.g. local_groups (lower-case letters, digits, underscores). Leave empty to ask nothing."))
    setattr(PublishForm, f"consent_{slot}_wording", TextAreaField(
        f"Consent {slot}: exact wording", validators=[Length(max=2000)]))
    setattr(PublishForm, f"consent_{slot}_recipients", StringField(
        f"Consent {slot}: named recipients", validators=[Length(max=500)],
        description="Who the data may go to, e.g. local and regional groups of the alliance."))


class ExportForm(FlaskForm):
    purpose = RadioField("What is this export for?", choices=[], validators=[DataRequired(
        message="Choose what the export is for.")])
    note = TextAreaField("In your own words (recorded in the share ledger)", validators=[Length(max=2000)])
