"""A secretary logs, corrects and withdraws their own bodies' nominations."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker.accounts.permissions import is_secretary_of, require, role_required
from tracker.ballot.judging import contest_rules
from tracker.nominations import operations
from tracker.nominations.forms import ConfirmForm, CorrectionForm, NominationForm, candidate_id
from tracker.nominations.models import Nomination
from tracker.nominations.services import candidate_choices, nominations_of, secretary_contests, submission_rows
from tracker.types import utcnow
from tracker.web.forms import attempt
from tracker.web.lookups import get_or_404

bp = Blueprint("nominations", __name__, url_prefix="/secretary")


def render_index(problems=(), status=200):
    bodies = list(current_user.bodies)
    page = render_template(
        "nominations/index.html",
        bodies=bodies,
        contests=secretary_contests(bodies, utcnow()),
        nominations=nominations_of(bodies),
        confirm=ConfirmForm(),
        problems=list(problems),
    )
    return page, status


@bp.route("/")
@role_required("secretary", "admin")
def index():
    return render_index()


def offer(form: NominationForm, choices):
    """Offer the form the candidates `choices` has for it, after a blank first choice; `choices` back."""
    form.candidate.choices = [("", "Choose a candidate")] + [(c.id, c.person.name) for c in choices.offered]
    return choices


@bp.route("/bodies/<int:body_id>/contests/<int:contest_id>/nominate", methods=["GET", "POST"])
@role_required("secretary", "admin")
def nominate(body_id: int, contest_id: int):
    posted = request.method == "POST"
    found = submission_rows(body_id, contest_id, candidate_id(request.form.get("candidate")) if posted else None)
    if found is None:
        abort(404)
    body, contest, chosen = found
    require(is_secretary_of(body))
    if contest.election_id != body.election_id:
        abort(404)
    form = NominationForm(timezone=contest_rules(contest).timezone)
    now, active = utcnow(), operations.places_held(contest, body)
    # A submission asks only whether the candidate chosen is offered; the page shows every candidate.
    choices = offer(form, candidate_choices(contest, body, now, active, **({"only": chosen} if posted else {})))
    if form.validate_on_submit():
        # add_nomination writes nothing until every check has passed, and a refusal is answered 400 below.
        with attempt(form, savepoint=False) as done:
            operations.add_nomination(
                contest,
                chosen,  # offered, so the contest's candidacy the form chose
                body,
                form.nominated_at.data,
                votes_for=form.votes_for.data,
                votes_total=form.votes_total.data,
                meeting_rounds=form.meeting_rounds.data or None,
                logged_by=current_user,
                active=active,
            )
        if done:
            flash(f"Nomination by {body.name} in {contest.title} logged; it counts once verified or while submitted.")
            return redirect(url_for("nominations.index"))
    if posted:
        choices = offer(form, candidate_choices(contest, body, now, active))
    status = 400 if posted else 200
    return render_template("nominations/nominate.html", form=form, body=body, contest=contest,
                           others=choices.others), status


def own_nomination(nomination_id: int) -> Nomination:
    nomination = get_or_404(Nomination, nomination_id)
    require(is_secretary_of(nomination.body))
    return nomination


@bp.route("/nominations/<int:nomination_id>/correct", methods=["GET", "POST"])
@role_required("secretary", "admin")
def correct(nomination_id: int):
    nomination = own_nomination(nomination_id)
    form = CorrectionForm(obj=None if current_form_posted() else nomination, timezone=contest_rules(nomination.contest).timezone)
    if form.validate_on_submit():
        with attempt(form) as done:
            operations.correct_nomination(
                nomination,
                nominated_at=form.nominated_at.data,
                votes_for=form.votes_for.data,
                votes_total=form.votes_total.data,
                meeting_rounds=form.meeting_rounds.data or None,
            )
        if done:
            flash("Nomination corrected.")
            return redirect(url_for("nominations.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("nominations/correct.html", form=form, nomination=nomination), status


@bp.route("/nominations/<int:nomination_id>/withdraw", methods=["GET", "POST"])
@role_required("secretary", "admin")
def withdraw(nomination_id: int):
    """GET asks the secretary to confirm; the POST from that page withdraws."""
    nomination = own_nomination(nomination_id)
    form = ConfirmForm()
    if request.method == "GET":
        return render_template("nominations/withdraw.html", nomination=nomination, confirm=form)
    if not form.validate_on_submit():
        abort(400, description="The form had expired; please try again.")
    with attempt() as done:
        operations.withdraw_nomination(nomination)
    if not done:
        return render_index(done.messages, 400)
    flash(f"Nomination of {nomination.candidacy.person.name} withdrawn.")
    return redirect(url_for("nominations.index"))


def current_form_posted() -> bool:
    return request.method == "POST"
