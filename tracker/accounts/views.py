"""Logging in and out."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from tracker.accounts.forms import LoginForm
from tracker.accounts.models import User
from tracker.extensions import db

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
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.email == form.email.data.strip().lower()))
        if user is not None and user.active and user.check_password(form.password.data):
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append("Email or password is wrong.")
        return render_template("accounts/login.html", form=form), 400
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("You are logged out.")
    return redirect(url_for("public.home"))


@bp.route("/account")
@login_required
def account():
    return render_template("accounts/account.html", user=current_user)
