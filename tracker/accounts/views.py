"""Logging in and out, one's own account and password."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from tracker.accounts import invitations, operations
from tracker.accounts.forms import CandidateInvitationForm, LoginForm, PasswordForm, SetPasswordForm
from tracker.accounts.permissions import role_required
from tracker.accounts.services import password_link_url
from tracker.errors import DomainError
from tracker.web.forms import attempt

bp = Blueprint("accounts", __name__)


def safe_next(target: str | None) -> str:
    """Only a path on this site may be a redirect target after login; one holding a control character never is
    (browsers drop tabs and newlines, so "/\\t/evil.example" is "//evil.example", and a line break cannot go
    into a Location header at all)."""
    target = target or ""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return url_for("public.home")
    # Browsers read a backslash as a slash: "/\\evil.example" is "//evil.example".
    cleaned = target.replace("\\", "/")
    if cleaned.startswith("/") and not cleaned.startswith("//") and not urlsplit(cleaned).netloc:
        return target
    return url_for("public.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Logging in; tracker.accounts.limits limits the refused attempts per account and per address."""
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is not None:
            session.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)  # a new token after login
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append("Email or password is wrong.")
        return render_template("accounts/login.html", form=form), 400
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    current_user.end_sessions()  # every session of this user ends, on every device
    logout_user()
    flash("You are logged out, on every device.")
    return redirect(url_for("public.home"))


@bp.route("/account")
@login_required
def account():
    return render_template("accounts/account.html", user=current_user)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        with attempt(form) as done:
            operations.change_password(user, form.current_password.data, form.new_password.data,
                                       form.new_password_again.data)
        if done:
            login_user(user)  # this session goes on with the new generation; every other one has ended
            flash("Your password is changed. Every other session of your account has been logged out.")
            return redirect(url_for("accounts.account"))
    status = 400 if form.is_submitted() else 200
    return render_template("accounts/password.html", form=form), status


@bp.route("/accounts/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """A one-time link to set an account's password (an invitation or a reset): it works once, until it expires,
    and setting the password ends every session of the account."""
    try:
        link = operations.password_link(token)
    except DomainError as error:
        response = render_template("accounts/set_password.html", form=None, problems=error.messages), 410
        return _no_referrer(response)
    if current_user.is_authenticated and current_user.id != link.user_id:
        problem = (f"You are logged in as {current_user.email}, and this link is for {link.user.email}. Log out first, "
                   "or open the link in a private window.")
        return _no_referrer((render_template("accounts/set_password.html", form=None, problems=[problem]), 409))
    g.actor_label = f"{link.user.email} (one-time link)"  # the audit trail's actor: nobody is logged in
    form = SetPasswordForm()
    if form.validate_on_submit():
        with attempt(form) as done:
            user = operations.set_password_with_link(token, form.new_password.data, form.new_password_again.data)
        if done:
            if current_user.is_authenticated:
                logout_user()
            flash(f"The password of {user.email} is set. Log in with it now.")
            return redirect(url_for("accounts.login"))
    status = 400 if form.is_submitted() else 200
    return _no_referrer((render_template("accounts/set_password.html", form=form, email=link.user.email,
                                         problems=form.form_errors), status))


def _no_referrer(result):
    """The page's address holds the link's token: no request from it may carry that address elsewhere."""
    response = current_app.make_response(result)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


# --- candidates' invitations ----------------------------------------------------------------------------------


@bp.route("/admin/candidate-invitations", methods=["GET", "POST"])
@role_required("admin")
def invite_candidate():
    """An admin makes a candidate's account and is shown its one-time link, once, to hand to the candidate."""
    form = CandidateInvitationForm()
    link = None
    if form.validate_on_submit():
        with attempt(form) as done:
            user, token = invitations.invite_candidate(form.email.data, form.person.data, current_user)
        if done:
            link = password_link_url(token)
    status = 400 if form.is_submitted() and link is None else 200
    return render_template("accounts/invite_candidate.html", form=form, link=link,
                           hours=invitations.INVITATION_HOURS), status, {"Cache-Control": "no-store"}
