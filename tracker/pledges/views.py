"""Pledge pages: the election's pledges, one pledge with its versions and every candidate's state (public, with
CSV), and the acts: publish, revise, invite, sign, decline, record a signature given elsewhere."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.accounts.permissions import is_admin, is_candidate, require
from tracker.candidates.models import Person
from tracker.elections.models import Election
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.pledges import forms, operations, services
from tracker.pledges.models import Pledge
from tracker.vocabulary import PledgeState
from tracker.web.caching import Built, respond
from tracker.web.downloads import csv_built
from tracker.web.forms import attempt
from tracker.web.params import refuse_nul_in_path, whole_number

bp = Blueprint("pledges", __name__)
bp.url_value_preprocessor(refuse_nul_in_path)

#: The order the pledge page lists candidates' states in.
STATE_ORDER = (PledgeState.SIGNED, PledgeState.DECLINED, PledgeState.INVITED, PledgeState.NOT_ASKED)
CSV_HEADER = ("pledge", "title", "current_version", "contest", "candidate", "state", "version", "at", "invited_at",
              "statement", "evidence")


def _election(slug: str) -> Election:
    election = db.session.scalar(select(Election).where(Election.slug == slug))
    if election is None:
        abort(404, description=f"There is no election {slug!r}.")
    return election


def _pledge(election: Election, slug: str) -> Pledge:
    pledge = services.pledge_by_slug(election, slug)
    if pledge is None:
        abort(404, description=f"{election.title} has no pledge {slug!r}.")
    return pledge


def _person(slug: str) -> Person:
    person = db.session.scalar(select(Person).where(Person.slug == slug))
    if person is None:
        abort(404, description=f"There is no candidate {slug!r}.")
    return person


def csv_rows(pledges: list[Pledge]) -> list[tuple]:
    table = services.standings(pledges)
    return [
        (p.slug, p.title, p.current.number, s.contest.slug, s.person.name, s.state.value, s.version, s.at, s.invited_at,
         s.statement, s.evidence)
        for p in pledges for s in table[p.id]
    ]


# --- public -------------------------------------------------------------------------------------------------


@bp.route("/elections/<election>/pledges")
def index(election: str):
    def build(now: datetime) -> Built:
        found = _election(election)
        pledges = services.pledges_of_election(found)
        table = services.standings(pledges)
        return Built(render_template("pledges/index.html", election=found, pledges=pledges, table=table,
                                     can_publish=operations.can_publish(current_user)))

    return respond(("pledges", election), build)


@bp.route("/elections/<election>/pledges.csv")
def index_csv(election: str):
    def build(now: datetime) -> Built:
        found = _election(election)
        return csv_built(f"{election}-pledges.csv", CSV_HEADER, csv_rows(services.pledges_of_election(found)))

    return respond(("pledges.csv", election), build)


@bp.route("/elections/<election>/pledges/<pledge>")
def page(election: str, pledge: str):
    def build(now: datetime) -> Built:
        found = _pledge(_election(election), pledge)
        rows = services.standings([found])[found.id]
        by_state = {state: [r for r in rows if r.state == state] for state in STATE_ORDER}
        versions = found.versions
        history = [(v, services.differences(versions[i - 1].text, v.text) if i else None) for i, v in enumerate(versions)]
        mine = None
        if is_candidate():
            mine = next((r for r in rows if r.person.id == current_user.person_id), None)
        return Built(render_template(
            "pledges/pledge.html", election=found.election, pledge=found, by_state=by_state, rows=rows,
            history=list(reversed(history)), mine=mine,
            askable=[r for r in rows if r.state == PledgeState.NOT_ASKED
                     or (r.state == PledgeState.DECLINED and r.version != found.current.number)], can_manage=operations.can_manage(found, current_user),
            answer_form=forms.AnswerForm(), invite_form=forms.InviteForm()))

    return respond(("pledge", election, pledge), build)


@bp.route("/elections/<election>/pledges/<pledge>.csv")
def pledge_csv(election: str, pledge: str):
    def build(now: datetime) -> Built:
        found = _pledge(_election(election), pledge)
        return csv_built(f"{election}-{pledge}.csv", CSV_HEADER, csv_rows([found]))

    return respond(("pledge.csv", election, pledge), build)


# --- acts ---------------------------------------------------------------------------------------------------


@bp.route("/elections/<election>/pledges/new", methods=["GET", "POST"])
@login_required
def new(election: str):
    found = _election(election)
    require(operations.can_publish(current_user))
    form = forms.PledgeForm()
    form.contests.choices = [(c.slug, c.title) for c in found.contests]
    if form.validate_on_submit():
        chosen = [c for c in found.contests if c.slug in (form.contests.data or [])]
        with attempt(form) as done:
            made = operations.publish_pledge(found, form.title.data, form.text.data, chosen, current_user,
                                             form.slug.data or "")
        if done:
            flash(f"Published {made.title}. Now ask the candidates to sign it.")
            return redirect(url_for("pledges.page", election=election, pledge=made.slug))
    status = 400 if form.is_submitted() else 200
    return render_template("pledges/new.html", election=found, form=form), status


@bp.route("/elections/<election>/pledges/<pledge>/revise", methods=["GET", "POST"])
@login_required
def revise(election: str, pledge: str):
    found = _pledge(_election(election), pledge)
    require(operations.can_manage(found, current_user))
    form = forms.ReviseForm(data={"text": found.current.text, "version": str(found.current.number)})
    if form.validate_on_submit():
        version = (form.version.data or "").strip()
        with attempt(form) as done:
            if version and whole_number(version) is None:
                raise DomainError(f"{version[:20]!r} is not a version of {found.title}: reload the page and try again.")
            made = operations.revise_pledge(found, form.text.data, in_place=form.how.data == "in_place",
                                            version=whole_number(version) if version else None)
        if done:
            flash(f"{found.title}: version {made.number} is now the text.")
            return redirect(url_for("pledges.page", election=election, pledge=pledge))
    status = 400 if form.is_submitted() else 200
    return render_template("pledges/revise.html", election=found.election, pledge=found, form=form), status


@bp.route("/elections/<election>/pledges/<pledge>/invite", methods=["POST"])
@login_required
def invite(election: str, pledge: str):
    found = _pledge(_election(election), pledge)
    require(operations.can_manage(found, current_user))
    form = forms.InviteForm()
    if not form.validate_on_submit():
        abort(400, description="The form expired: reload the page and try again.")
    wanted = set(form.people.data or [])
    people = [c.person for c in services.candidacies_of(c.id for c in found.contests) if c.person.slug in wanted]
    people = list({p.id: p for p in people}.values())
    with attempt(form) as done:
        made = operations.invite(found, people)
    if not done:
        return _refused(found, done.messages)
    flash(f"Asked {len(made)} candidate(s) to sign version {found.current.number}.")
    return redirect(url_for("pledges.page", election=election, pledge=pledge))


def _refused(pledge: Pledge, messages: list[str]):
    return render_template("pledges/refused.html", election=pledge.election, pledge=pledge, messages=messages), 400


def _candidate_act(election: str, pledge: str, slug: str) -> tuple[Pledge, Person, forms.AnswerForm]:
    found = _pledge(_election(election), pledge)
    person = _person(slug)
    require(is_candidate(person))  # a candidate answers for themselves only
    form = forms.AnswerForm()
    if not form.validate_on_submit():
        abort(400, description="; ".join(m for ms in form.errors.values() for m in ms) or "The form expired: reload it.")
    return found, person, form


@bp.route("/elections/<election>/pledges/<pledge>/candidates/<slug>/sign", methods=["POST"])
@login_required
def sign(election: str, pledge: str, slug: str):
    found, person, form = _candidate_act(election, pledge, slug)
    with attempt(form) as done:
        operations.sign(found, person)
    if not done:
        return _refused(found, done.messages)
    flash(f"You signed {found.title} (version {found.current.number}).")
    return redirect(url_for("pledges.page", election=election, pledge=pledge))


@bp.route("/elections/<election>/pledges/<pledge>/candidates/<slug>/decline", methods=["POST"])
@login_required
def decline(election: str, pledge: str, slug: str):
    found, person, form = _candidate_act(election, pledge, slug)
    with attempt(form) as done:
        operations.decline(found, person, form.statement.data or "")
    if not done:
        return _refused(found, done.messages)
    flash(f"You declined {found.title} (version {found.current.number}).")
    return redirect(url_for("pledges.page", election=election, pledge=pledge))


@bp.route("/elections/<election>/pledges/<pledge>/candidates/<slug>/record", methods=["GET", "POST"])
@login_required
def record(election: str, pledge: str, slug: str):
    found = _pledge(_election(election), pledge)
    require(is_admin())
    person = _person(slug)
    form = forms.RecordForm(timezone=found.election.timezone)
    if form.validate_on_submit():
        with attempt(form) as done:
            operations.sign(found, person, evidence=form.evidence.data, signed_at=form.signed_at.data,
                            recorded_by=current_user)
        if done:
            flash(f"Recorded {person.name}'s signature of {found.title}.")
            return redirect(url_for("pledges.page", election=election, pledge=pledge))
    status = 400 if form.is_submitted() else 200
    return render_template("pledges/record.html", election=found.election, pledge=found, person=person,
                           form=form), status
