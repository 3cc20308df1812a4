"""Account forms."""
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from tracker.accounts.operations import MIN_PASSWORD


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])


class PasswordForm(FlaskForm):
    """Changing one's own password; the operation checks the current one, the length and the repetition."""

    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField("New password", validators=[DataRequired()], description=f"At least {MIN_PASSWORD} characters.")
    new_password_again = PasswordField("New password again", validators=[DataRequired()])


class CandidateInvitationForm(FlaskForm):
    """An admin makes a candidate's account and its one-time link to set a password."""

    email = EmailField("Candidate's email", validators=[DataRequired(), Length(max=254)])
    person = StringField("Candidate's name, exactly as in the contests", validators=[DataRequired(), Length(max=200)])


class SetPasswordForm(FlaskForm):
    """Setting a password with a one-time link; the operation checks the link, the length and the repetition."""

    new_password = PasswordField("New password", validators=[DataRequired()], description=f"At least {MIN_PASSWORD} characters.")
    new_password_again = PasswordField("New password again", validators=[DataRequired()])
