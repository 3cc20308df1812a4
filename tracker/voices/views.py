"""Members' questions to a contest's candidates (the page, suggesting, the asker's link, moderation, answers) and
candidates' listening exercises (the page with its form, the respondent's link)."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker import types as clock
from tracker.accounts.permissions import is_admin, is_candidate, require
from tracker.ballot.services import contest_or_404
from tracker.candidates.models import Person
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.voices import forms, listening, operations, services
from tracker.voices.models import ListeningExercise, Question
from tracker.web.caching import Built, respond
from tracker.web.forms import attempt
from tracker.web.lookups import get_or_404
from tracker.web.params import refuse_nul_in_path, whole_number
from tracker.web.public_forms import limited

bp = Blueprint("voices", __name__)
bp.url_value_preprocessor(refuse_nul_in_path)


def _question(contest, question_id: int) -> Question:
    found = get_or_404(Question, question_id)
    if found.contest_id != contest.id:
        abort(404)
    return found


def _check_email(what: str):
    return render_template("voices/check_email.html", what=what)


# --- the questions page -------------------------------------------------------------------------------------


@bp.route("/elections/<election>/contests/<contest>/questions")
def questions(election: str, contest: str):
    def build(now: datetime) -> Built:
        found = contest_or_404(election, contest)
        page = services.questions_page(found, now)
        body = render_template("voices/questions.html", election=found.election, contest=found, page=page,
                               can_moderate=operations.can_moderate(found, current_user))
        return Built(body, moments=page.moments)

    return respond(("questions", election, contest), build)


@bp.route("/elections/<election>/contests/<contest>/questions/ask", methods=["GET", "POST"])
@limited("QUESTION_LIMIT_PER_ADDRESS")
def ask(election: str, contest: str):
    """Suggest a question: a name, an email confirmed by link, optionally a CLP."""
    found = contest_or_404(election, contest)
    form = forms.QuestionForm()
    if form.validate_on_submit():
        if form.is_bot():
            return _check_email("question")  # the same answer, and nothing stored
        if not form.refused_as_too_quick():
            with attempt(form) as done:
                operations.suggest_question(found, form.text.data, form.name.data, form.email.data, form.body.data)
            if done:
                return _check_email("question")
    form.restamp()
    status = 400 if form.is_submitted() else 200
    return render_template("voices/ask.html", election=found.election, contest=found, form=form), status


@bp.route("/questions/asked/<token>", methods=["GET", "POST"])
def asker_page(token: str):
    """The asker's link: confirm the question (by the button), then see what became of it."""
    form = forms.ConfirmForm()
    try:
        asker = operations.asker_by_token(token)
        if request.method == "POST" and form.validate_on_submit():
            asker = operations.confirm_asker(token)
    except DomainError as error:
        abort(404, description=str(error))
    merged = get_or_404(Question, asker.question.merged_into_id) if asker.question.merged_into_id else None
    return render_template("voices/asker.html", asker=asker, question=asker.question, merged=merged, form=form)


# --- moderation ----------------------------------------------------------------------------------------------


def _moderated(election: str, contest: str):
    found = contest_or_404(election, contest)
    require(operations.can_moderate(found, current_user))
    return found


@bp.route("/elections/<election>/contests/<contest>/questions/moderate")
@login_required
def moderate(election: str, contest: str):
    found = _moderated(election, contest)
    return render_template("voices/moderate.html", election=found.election, contest=found,
                           waiting=services.waiting_for_moderation(found), page=services.questions_page(found),
                           form=forms.ModerateForm(), moderator_form=forms.ModeratorForm())


@bp.route("/elections/<election>/contests/<contest>/questions/<int:question_id>/<act>", methods=["POST"])
@login_required
def moderate_act(election: str, contest: str, question_id: int, act: str):
    found = _moderated(election, contest)
    question = _question(found, question_id)
    form = forms.ModerateForm()
    if act not in ("publish", "merge", "reject") or not form.validate_on_submit():
        abort(400, description="Publish, merge or reject: nothing else.")
    with attempt(form) as done:
        if act == "publish":
            operations.publish_question(question)
        elif act == "reject":
            operations.reject_question(question, form.reason.data)
        else:
            number = whole_number(form.into.data)
            into = db.session.get(Question, number) if number is not None else None
            if into is None:
                raise DomainError([("into", "Give the number of the question it repeats.")])
            operations.merge_question(question, into)
    if not done:
        return render_template("voices/moderate.html", election=found.election, contest=found,
                               waiting=services.waiting_for_moderation(found), page=services.questions_page(found),
                               form=form, moderator_form=forms.ModeratorForm(), problems=done.messages), 400
    flash({"publish": "Published: every candidate in the running is asked it.", "merge": "Merged.",
           "reject": "Rejected; the askers are told why."}[act])
    return redirect(url_for("voices.moderate", election=election, contest=contest))


@bp.route("/elections/<election>/contests/<contest>/questions/moderators", methods=["POST"])
@login_required
def name_moderator(election: str, contest: str):
    found = contest_or_404(election, contest)
    require(is_admin())
    form = forms.ModeratorForm()
    with attempt(form) as done:
        if not form.validate_on_submit():
            raise DomainError("The form expired: reload the page.")
        operations.name_moderator(found, form.email.data)
    if not done:
        return render_template("voices/moderate.html", election=found.election, contest=found,
                               waiting=services.waiting_for_moderation(found), page=services.questions_page(found),
                               form=forms.ModerateForm(), moderator_form=form, problems=done.messages), 400
    flash(f"{form.email.data} now moderates {found.title}'s questions.")
    return redirect(url_for("voices.moderate", election=election, contest=contest))


# --- answers -------------------------------------------------------------------------------------------------


@bp.route("/elections/<election>/contests/<contest>/questions/<int:question_id>/answers/<slug>", methods=["POST"])
@login_required
def answer(election: str, contest: str, question_id: int, slug: str):
    """A candidate answers, for themselves only (another candidate's account gets 403)."""
    found = contest_or_404(election, contest)
    question = _question(found, question_id)
    person = db.session.scalar(select(Person).where(Person.slug == slug))
    if person is None:
        abort(404)
    require(is_candidate(person))
    form = forms.AnswerForm()
    if not form.validate_on_submit():
        abort(400, description="; ".join(m for ms in form.errors.values() for m in ms) or "The form expired.")
    with attempt(form) as done:
        operations.answer_question(question, person, form.text.data)
    if not done:
        return render_template("voices/refused.html", messages=done.messages,
                               back=url_for("candidate.desk")), 400
    flash("Your answer is published.")
    return redirect(url_for("candidate.desk") + f"#q-{question.id}")


# --- listening exercises -------------------------------------------------------------------------------------


def _exercise(slug: str, exercise: str) -> ListeningExercise:
    person = db.session.scalar(select(Person).where(Person.slug == slug))
    found = person and db.session.scalar(select(ListeningExercise).where(
        ListeningExercise.person_id == person.id, ListeningExercise.slug == exercise))
    if not found:
        abort(404, description=f"There is no listening exercise {exercise!r} of {slug!r}.")
    return found


@bp.route("/candidates/<slug>/listening/<exercise>", methods=["GET", "POST"])
@limited("LISTENING_LIMIT_PER_ADDRESS")
def listening_page(slug: str, exercise: str):
    """The questions and the answering form, the counts by role and region, and the published answers."""
    found = _exercise(slug, exercise)
    form = forms.ResponseForm()
    if form.validate_on_submit():
        if form.is_bot():
            return _check_email("answers")  # the same answer, and nothing stored
        if not form.refused_as_too_quick():
            answers = [request.form.get(f"answer_{i}", "") for i in range(1, len(found.questions) + 1)]
            with attempt(form) as done:
                listening.respond(found, form.name.data, form.email.data, form.role.data or "", form.body.data,
                                  answers, form.may_publish.data)
            if done:
                return _check_email("answers")
    form.restamp()
    summary = listening.summary(found, listening.confirmed([found.id]))
    now = clock.utcnow()
    status = 400 if form.is_submitted() else 200
    page = render_template("voices/listening.html", exercise=found, person=found.person, summary=summary, form=form,
                           open=found.opens_at <= now < found.closes_at, answers=request.form if form.is_submitted() else {})
    return page, status, {"Cache-Control": "private, no-cache"}


@bp.route("/listening/confirm/<token>", methods=["GET", "POST"])
def listening_confirm(token: str):
    form = forms.ConfirmForm()
    try:
        response = listening.response_by_token(token)
        if request.method == "POST" and form.validate_on_submit():
            response = listening.confirm_response(token)
    except DomainError as error:
        abort(404, description=str(error))
    return render_template("voices/listening_confirm.html", response=response, exercise=response.exercise, form=form)
