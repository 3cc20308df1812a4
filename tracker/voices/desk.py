"""The candidate's own desk at /candidate/: statement and links, pledges to sign or decline, questions to answer,
and their listening exercises (publishing one, its private responses and the recorded CSV exports)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from tracker.accounts.permissions import role_required
from tracker.extensions import db
from tracker.pledges import forms as pledge_forms
from tracker.pledges import services as pledge_services
from tracker.vocabulary import PledgeState
from tracker.voices import forms, listening, operations, services
from tracker.voices.models import ListeningExercise
from tracker.web.downloads import csv_response
from tracker.web.forms import attempt

bp = Blueprint("candidate", __name__, url_prefix="/candidate")


def _person():
    person = current_user.person
    if person is None:
        abort(403)
    return person


def _contests(person):
    return [c.contest for c in person.candidacies]


@bp.route("/", methods=["GET", "POST"])
@role_required("candidate")
def desk():
    person = _person()
    found = services.statement_of(person)
    form = forms.StatementForm(data={
        "statement": found.statement if found else "",
        "links": "\n".join(f"{link['title']} {link['url']}" for link in (found.links if found else [])),
    })
    if form.validate_on_submit():
        with attempt(form) as done:
            operations.save_statement(person, form.statement.data, form.links.data)
        if done:
            flash("Your statement and links are saved.")
            return redirect(url_for("candidate.desk"))
    pledges = pledge_services.pledges_of_person(person)
    status = 400 if form.is_submitted() else 200
    return render_template(
        "voices/desk.html", person=person, form=form, pledges=pledges, PledgeState=PledgeState,
        pledge_form=pledge_forms.AnswerForm(), answer_form=forms.AnswerForm(),
        questions=services.questions_for(person), exercises=listening.exercises_of(person),
        responses=listening.counts_by_exercise(e.id for e in listening.exercises_of(person)),
    ), status


@bp.route("/listening/new", methods=["GET", "POST"])
@role_required("candidate")
def new_exercise():
    person = _person()
    timezone = _contests(person)[0].election.timezone if person.candidacies else "Europe/London"
    form = forms.ExerciseForm(timezone=timezone)
    if form.validate_on_submit():
        with attempt(form) as done:
            made = listening.publish_exercise(person, form.title.data, (form.questions.data or "").splitlines(),
                                              form.opens_at.data, form.closes_at.data, form.slug.data or "")
        if done:
            flash(f"Published {made.title}.")
            return redirect(url_for("voices.listening_page", slug=person.slug, exercise=made.slug))
    status = 400 if form.is_submitted() else 200
    return render_template("voices/exercise_new.html", form=form), status


def _own_exercise(exercise: str) -> ListeningExercise:
    person = _person()
    found = db.session.scalar(select(ListeningExercise).where(
        ListeningExercise.person_id == person.id, ListeningExercise.slug == exercise))
    if found is None:
        abort(404)
    return found


@bp.route("/listening/<exercise>")
@role_required("candidate")
def exercise_private(exercise: str):
    found = _own_exercise(exercise)
    return render_template("voices/exercise_private.html", exercise=found,
                           responses=listening.confirmed([found.id]), exports=listening.exports_of(found))


@bp.route("/listening/<exercise>/responses.csv", methods=["POST"])
@role_required("candidate")
def export(exercise: str):
    """The campaign's export of every confirmed response; each export is recorded (who, when, how many)."""
    found = _own_exercise(exercise)
    form = forms.ConfirmForm()
    if not form.validate_on_submit():
        abort(400, description="The form expired: reload the page.")
    header, rows = listening.export_rows(found, current_user)
    return csv_response(f"{found.person.slug}-{found.slug}-responses.csv", header, rows)
