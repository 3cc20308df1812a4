"""Slate pages: published slates resolved against the ballot (public), and the organisers' draft editor."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from tracker.accounts.permissions import is_admin, is_organiser_of, require, role_required
from tracker.elections.models import Election
from tracker.extensions import csrf, db
from tracker.slates import forms, operations, services
from tracker.slates.http import CHANGE_METHODS, READ_METHODS, refuse_change
from tracker.slates.models import Organisation, Slate
from tracker.times import local_iso
from tracker.types import utcnow
from tracker.web.caching import Built, respond
from tracker.web.downloads import csv_built
from tracker.web.forms import attempt
from tracker.web.params import as_of_param, parse_moment, query_key

bp = Blueprint("slates", __name__)


# --- loading -----------------------------------------------------------------------------------------


def _election(slug: str) -> Election:
    election = services.load_election(slug)
    if election is None:
        abort(404, description=f"There is no election {slug!r}.")
    return election


def _organisation(slug: str) -> Organisation:
    organisation = services.find_organisation(slug)
    if organisation is None:
        abort(404, description=f"There is no organisation {slug!r}.")
    return organisation


def _published(election: Election, organisation: Organisation) -> Slate:
    """The organisation's slate for the election, if it has published one (drafts are never public)."""
    slate = services.find_slate(organisation, election)
    if slate is None or not slate.versions:
        abort(404, description=f"{organisation.name} has not published a slate for {election.title}.")
    return slate


def _as_of(election: Election, now: datetime) -> datetime:
    """The moment asked for (?as_of=, in the election's zone), else now."""
    raw = as_of_param()
    return parse_moment(raw, election.timezone) if raw else now


def _as_of_input(as_of, election: Election) -> str:
    """The moment as a datetime-local value in the election's zone, for the "resolve as of" form."""
    return local_iso(as_of, election.timezone)


# --- public pages --------------------------------------------------------------------------------------


def _cached(key: tuple, build) -> Response:
    """A public slate page: conditional, cached, and rebuilt when a fact or a verdict it resolves against can change."""
    return respond((*key, query_key()), build, as_of=as_of_param())


@bp.route("/elections/<election>/slates")
def index(election: str):
    def build(now: datetime) -> Built:
        found = _election(election)
        slates = services.published_slates(found)
        covered = {slug for slate in slates for slug in slate.versions[-1].content}
        return Built(render_template("slates/index.html", election=found, slates=slates,
                                     contests=[c for c in found.contests if c.slug in covered]))

    return _cached(("slates.index", election), build)


@bp.route("/elections/<election>/slates.csv")
def index_csv(election: str):
    def build(now: datetime) -> Built:
        found = _election(election)
        rows = [
            (s.organisation.slug, s.organisation.name, s.versions[-1].title, s.versions[-1].number,
             s.versions[-1].published_at)
            for s in services.published_slates(found)
        ]
        header = ("organisation", "organisation_name", "title", "version", "published_at")
        return csv_built(f"{found.slug}-slates.csv", header, rows)

    return _cached(("slates.index.csv", election), build)


def _comparison(election_slug: str, contest_slug: str, now: datetime):
    found = _election(election_slug)
    contest = next((c for c in found.contests if c.slug == contest_slug), None)
    if contest is None:
        abort(404, description=f"There is no contest {contest_slug!r} in {found.title}.")
    as_of = _as_of(found, now)
    verdicts = services.VerdictCache()
    verdict = verdicts(contest, as_of)
    columns = []
    for slate in services.published_slates(found):
        version = slate.versions[-1]
        if contest.slug not in version.content:
            continue
        resolved = services.resolve_content(found, {contest.slug: version.content[contest.slug]}, as_of, verdicts)
        columns.append((slate, version, resolved.contests[0], services.comparison_cells(resolved.contests[0])))
    names = [v.name for v in verdict.candidates]
    names += sorted({name for *_, cells in columns for name in cells} - set(names))
    return found, contest, as_of, verdict, columns, names, verdicts.moments


@bp.route("/elections/<election>/contests/<contest>/slates")
def compare(election: str, contest: str):
    def build(now: datetime) -> Built:
        found, contest_, as_of, verdict, columns, names, moments = _comparison(election, contest, now)
        statuses = {v.name: v for v in verdict.candidates}
        page = render_template("slates/compare.html", election=found, contest=contest_, as_of=as_of,
                               as_of_input=_as_of_input(as_of, found), as_of_given=bool(as_of_param()),
                               verdict=verdict, columns=columns, names=names, statuses=statuses)
        return Built(page, moments=moments)

    return _cached(("slates.compare", election, contest), build)


@bp.route("/elections/<election>/contests/<contest>/slates.csv")
def compare_csv(election: str, contest: str):
    def build(now: datetime) -> Built:
        found, contest_, as_of, verdict, columns, names, moments = _comparison(election, contest, now)
        statuses = {v.name: v.status for v in verdict.candidates}
        header = ["candidate", "status", *(slate.organisation.slug for slate, *_ in columns)]
        rows = [
            [name, statuses.get(name, "not a candidate"),
             *(cells[name].text if name in cells else "" for *_, cells in columns)]
            for name in names
        ]
        return csv_built(f"{found.slug}-{contest_.slug}-slates.csv", header, rows, moments)

    return _cached(("slates.compare.csv", election, contest), build)


def _show(election: str, organisation: str, number: int | None, now: datetime, template: str = "slates/show.html"):
    found = _election(election)
    org = _organisation(organisation)
    slate = _published(found, org)
    versions = slate.versions
    if number is None:
        version = versions[-1]
    else:
        version = next((v for v in versions if v.number == number), None)
        if version is None:
            abort(404, description=f"{org.name} has published no version {number} of this slate.")
    as_of = _as_of(found, now)
    verdicts = services.VerdictCache()
    resolved = services.resolve_version(version, as_of, verdicts)
    history = [
        (v, services.changes_between(versions[i - 1], v) if i else None) for i, v in enumerate(versions)
    ]
    page = render_template(template, election=found, organisation=org, slate=slate, version=version,
                           latest=versions[-1], resolved=resolved, as_of=as_of, as_of_input=_as_of_input(as_of, found),
                           as_of_given=bool(as_of_param()), history=list(reversed(history)))
    return Built(page, moments=verdicts.moments)


@bp.route("/elections/<election>/slates/<organisation>", methods=[*READ_METHODS, *CHANGE_METHODS])
def show(election: str, organisation: str):
    if request.method in CHANGE_METHODS:
        return refuse_change()
    return _cached(("slates.show", election, organisation), lambda now: _show(election, organisation, None, now))


@bp.route("/elections/<election>/slates/<organisation>/versions/<int:number>",
          methods=[*READ_METHODS, *CHANGE_METHODS])
def version(election: str, organisation: str, number: int):
    if request.method in CHANGE_METHODS:
        return refuse_change()
    return _cached(("slates.version", election, organisation, number),
                   lambda now: _show(election, organisation, number, now))


# These URLs change nothing whatever the method: a POST is refused with what to do instead, not for lack of a token.
csrf.exempt(show)
csrf.exempt(version)


@bp.route("/elections/<election>/slates/<organisation>/card")
def card(election: str, organisation: str):
    return _cached(("slates.card", election, organisation),
                   lambda now: _show(election, organisation, None, now, template="slates/card.html"))


@bp.route("/elections/<election>/slates/<organisation>/slate.csv")
def slate_csv(election: str, organisation: str):
    def build(now: datetime) -> Built:
        found = _election(election)
        org = _organisation(organisation)
        version = _published(found, org).versions[-1]
        verdicts = services.VerdictCache()
        resolved = services.resolve_version(version, _as_of(found, now), verdicts)
        rows = [
            (c.slug, item.number, item.pick.name, "; ".join(item.pick.otherwise), item.vote_for or "",
             item.substitution.reason if item.substitution else "")
            for c in resolved.contests
            for item in c.picks
        ]
        header = ("contest", "pick", "recommended", "otherwise", "vote_for", "reason")
        return csv_built(f"{found.slug}-{org.slug}-v{version.number}.csv", header, rows, verdicts.moments)

    return _cached(("slates.csv", election, organisation), build)


# --- organisers ---------------------------------------------------------------------------------------


@bp.route("/organise", methods=["GET", "POST"])
@role_required("organiser", "admin")
def organise():
    """An organiser's slates, one per election; admins see every organisation and may add one."""
    form = forms.OrganisationForm()
    problems: list[str] = []
    if is_admin() and form.validate_on_submit():
        with attempt() as done:
            created = operations.create_organisation(form.slug.data, form.name.data, form.description.data)
        problems = done.messages
        if done:
            flash(f"Organisation {created.name} created.")
            return redirect(url_for("slates.organise"))
    elif request.method == "POST" and not is_admin():
        abort(403)
    if is_admin():
        organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    else:
        organisations = [current_user.organisation] if current_user.organisation else []
    elections = db.session.scalars(select(Election).order_by(Election.created_at.desc(), Election.id.desc())).all()
    slates = {
        (s.organisation_id, s.election_id): s
        for s in db.session.scalars(
            select(Slate).where(Slate.organisation_id.in_([o.id for o in organisations] or [0]))
        )
    }
    status = 400 if request.method == "POST" else 200
    return render_template("slates/organise.html", organisations=organisations, elections=elections, slates=slates,
                           form=form, problems=problems, is_published=operations.draft_is_published), status


def _editable(election: str, organisation: str) -> tuple[Election, Organisation, Slate | None]:
    """The election and organisation of an editor URL, once the user is known to act for the organisation."""
    found = _election(election)
    org = _organisation(organisation)
    require(is_organiser_of(org))
    return found, org, services.find_slate(org, found)


def _render_draft(election: Election, organisation: Organisation, slate: Slate | None, form: forms.DraftForm,
                  texts: dict[str, str], problems=(), per_contest=None, status: int = 200):
    latest = services.latest_version(slate)
    now, verdicts = utcnow(), services.VerdictCache()
    preview = changes = None
    if slate is not None and slate.draft:
        preview = services.resolve_content(election, slate.draft, now, verdicts)
        if latest is not None:
            changes = services.version_changes(latest.title, latest.content, slate.title, slate.draft,
                                               [c.slug for c in election.contests])
    candidates = {c.slug: verdicts(c, now).candidates for c in election.contests}
    return render_template(
        "slates/draft.html", election=election, organisation=organisation, slate=slate, latest=latest, form=form,
        publish_form=forms.PublishForm(), texts=texts, problems=list(problems), per_contest=per_contest or {},
        preview=preview, changes=changes, candidates=candidates, field_name=forms.field_name,
        published=slate is not None and operations.draft_is_published(slate),
    ), status


@bp.route("/elections/<election>/slates/<organisation>/draft", methods=["GET", "POST"])
@role_required("organiser", "admin")
def draft(election: str, organisation: str):
    found, org, slate = _editable(election, organisation)
    form = forms.DraftForm()
    if request.method == "GET":
        content = slate.draft if slate is not None else {}
        form.title.data = slate.title if slate is not None else f"{org.name}: {found.title}"
        texts = {slug: forms.picks_text(services.picks_of(entries)) for slug, entries in content.items()}
        return _render_draft(found, org, slate, form, texts)

    texts = {c.slug: request.form.get(forms.field_name(c.slug), "") for c in found.contests}
    if not form.validate():
        problems = [f"{getattr(form, name).label.text}: {message}"
                    for name, messages in form.errors.items() if name != "csrf_token" for message in messages]
        problems += form.errors.get("csrf_token", [])
        return _render_draft(found, org, slate, form, texts, problems, status=400)
    picks = {slug: forms.parse_picks(text) for slug, text in texts.items()}
    publish = request.form.get("action") == "publish"
    with attempt() as done:
        slate = operations.save_draft(org, found, picks, form.title.data)
        version = operations.publish_slate(slate, current_user) if publish else None
    if not done:
        general, per_contest = forms.problems_by_contest(
            done.error.problems, {slug: forms.pick_lines(text) for slug, text in texts.items()}
        )
        slate = services.find_slate(org, found)
        return _render_draft(found, org, slate, form, texts, general, per_contest, status=400)
    if version is not None:
        flash(f"Published version {version.number}. Members now see it, resolved against the ballot.")
        return redirect(url_for("slates.show", election=found.slug, organisation=org.slug))
    flash("Draft saved. It stays private to your organisation until you publish it.")
    return redirect(url_for("slates.draft", election=found.slug, organisation=org.slug))


@bp.route("/elections/<election>/slates/<organisation>/publish", methods=["POST"])
@role_required("organiser", "admin")
def publish(election: str, organisation: str):
    found, org, slate = _editable(election, organisation)
    form = forms.PublishForm()
    if slate is None:
        abort(404, description=f"{org.name} has no draft for {found.title}: save one first.")
    problems: list[str] = []
    if not form.validate():
        problems = [message for messages in form.errors.values() for message in messages]
    else:
        with attempt() as done:
            version = operations.publish_slate(slate, current_user)
        problems = done.messages
        if done:
            flash(f"Published version {version.number}. Members now see it, resolved against the ballot.")
            return redirect(url_for("slates.show", election=found.slug, organisation=org.slug))
    slate = services.find_slate(org, found)
    draft_form = forms.DraftForm(formdata=None, title=slate.title)
    texts = {slug: forms.picks_text(services.picks_of(entries)) for slug, entries in slate.draft.items()}
    return _render_draft(found, org, slate, draft_form, texts, problems, status=400)
