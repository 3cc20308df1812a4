"""The organisers' side of appeals: publishing, closing, the signers (only the appeal's own organisation's
organisers see them; admins see counts), releasing held signatures, and exports recorded in the share ledger."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.accounts.permissions import is_admin, require
from tracker.appeals import operations, services
from tracker.appeals.forms import CONSENT_SLOTS, ButtonForm, ExportForm, PublishForm
from tracker.elections.models import Contest
from tracker.extensions import db
from tracker.suspensions.models import Suspension
from tracker.times import DEFAULT_TIMEZONE
from tracker.web.downloads import csv_response
from tracker.web.forms import attempt

bp = Blueprint("appeal_organise", __name__)


def sees_signers(appeal, user=None) -> bool:
    """Only an organiser of the appeal's own organisation sees its signers (admins see counts, not people)."""
    user = user or current_user
    return bool(user and user.is_authenticated and user.role == "organiser"
                and user.organisation_id == appeal.organisation_id)


def sees_counts(appeal, user=None) -> bool:
    return sees_signers(appeal, user) or is_admin(user)


def _appeal_or_404(organisation: str, appeal: str):
    found = services.find_appeal(organisation, appeal)
    if found is None:
        abort(404, description=f"No appeal {appeal!r} of {organisation!r}.")
    return found


@bp.route("/organise/appeals")
@login_required
def organise():
    """The organiser's appeals (an admin's: every appeal), with counts of every status."""
    require(current_user.role == "organiser" or is_admin())
    if is_admin():
        appeals = services.appeals_of()
    else:
        appeals = services.appeals_of(current_user.organisation) if current_user.organisation else []
    return render_template("appeals/organise.html", appeals=appeals,
                           counts={a.id: services.counts(a) for a in appeals})


@bp.route("/organise/appeals/new", methods=["GET", "POST"])
@login_required
def new():
    """Publish an appeal for the organiser's organisation."""
    require(current_user.role == "organiser" and current_user.organisation is not None)
    form = PublishForm(timezone=DEFAULT_TIMEZONE)
    contests = db.session.scalars(select(Contest).order_by(Contest.id)).all()
    suspensions = db.session.scalars(select(Suspension).order_by(Suspension.starts_at.desc())).all()
    form.contest.choices = [("", "None")] + [(str(c.id), f"{c.election.title}: {c.title}") for c in contests]
    form.suspension.choices = [("", "None")] + [(str(s.id), f"{s.person.name}, from {s.starts_at:%d %b %Y}")
                                               for s in suspensions]
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            consents = []
            for slot in range(1, CONSENT_SLOTS + 1):
                choice = (getattr(form, f"consent_{slot}_choice").data or "").strip()
                if choice:
                    consents.append((choice, getattr(form, f"consent_{slot}_wording").data or "",
                                     getattr(form, f"consent_{slot}_recipients").data or ""))
            contest = db.session.get(Contest, int(form.contest.data)) if form.contest.data else None
            suspension = db.session.get(Suspension, int(form.suspension.data)) if form.suspension.data else None
            with attempt(form) as published:
                appeal = operations.publish_appeal(
                    current_user.organisation, slug=form.slug.data, title=form.title.data,
                    petitioning=form.petitioning.data or "", text=form.text.data or "", target=form.target.data,
                    privacy_url=(form.privacy_url.data or "").strip(), closes_at=form.closes_at.data, contest=contest,
                    suspension=suspension, close_when_ballot_opens=form.close_when_ballot_opens.data,
                    consents=consents)
            if published:
                flash(f"“{appeal.title}” is published.", "success")
                return redirect(url_for("appeals.show", organisation=current_user.organisation.slug,
                                        appeal=appeal.slug))
        status = 400
    return render_template("appeals/new.html", form=form, slots=range(1, CONSENT_SLOTS + 1)), status


@bp.route("/appeals/<organisation>/<appeal>/signers")
@login_required
def signers(organisation: str, appeal: str):
    """The appeal's signers with their consents, held ones marked (its organisers); counts only (admins)."""
    found = _appeal_or_404(organisation, appeal)
    require(sees_counts(found))
    people = services.signer_rows(found, every_status=True) if sees_signers(found) else None
    return render_template("appeals/signers.html", appeal=found, counts=services.counts(found), people=people,
                           consents=services.current_consents(found), ledger=services.ledger(found),
                           form=ButtonForm())


@bp.route("/appeals/<organisation>/<appeal>/export", methods=["GET", "POST"])
@login_required
def export(organisation: str, appeal: str):
    """Download the signers as CSV, once the purpose is given; every export goes into the share ledger."""
    found = _appeal_or_404(organisation, appeal)
    require(sees_signers(found))
    purposes = services.export_purposes(found)
    form = ExportForm()
    form.purpose.choices = [(key, purpose.label) for key, purpose in purposes.items()]
    if request.method == "POST" and form.validate_on_submit():
        with attempt(form) as exported:
            header, rows = operations.export_signers(found, form.purpose.data, form.note.data or "")
        if exported:
            return csv_response(f"{found.organisation.slug}-{found.slug}-signers.csv", header, rows)
    status = 400 if request.method == "POST" else 200
    return render_template("appeals/export.html", appeal=found, form=form, purposes=purposes), status


@bp.route("/appeals/<organisation>/<appeal>/<act>", methods=["POST"])
@login_required
def act(organisation: str, appeal: str, act: str):
    """Close, reopen, or release the held signatures."""
    found = _appeal_or_404(organisation, appeal)
    require(sees_signers(found))
    acts = {"close": operations.close_appeal, "reopen": operations.reopen_appeal,
            "release-held": operations.release_held}
    if act not in acts:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    with attempt() as done:
        acts[act](found)
    flash(" ".join(done.messages) if not done else {"close": "The appeal is closed.", "reopen": "The appeal is open.",
                                                     "release-held": "The held signatures were sent their links."}[act],
          "error" if not done else "success")
    return redirect(url_for("appeal_organise.signers", organisation=organisation, appeal=appeal))
