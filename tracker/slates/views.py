"""Slate pages: published slates resolved against the ballot (public), and the organisers' draft editor."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from tracker.accounts.permissions import is_admin, is_organiser_of, require, role_required
from tracker.api.params import parse_moment
from tracker.elections.models import Election
from tracker.errors import DomainError
from tracker.extensions import csrf, db
from tracker.slates import forms, operations, services
from tracker.slates.http import CHANGE_METHODS, READ_METHODS, csv_response, public, refuse_change
from tracker.slates.models import Organisation, Slate
from tracker.times import iso_text, local_iso
from tracker.types import utcnow

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


def _as_of(election: Election):
    return parse_moment(request.args.get("as_of"), election.timezone)


def _as_of_input(as_of, election: Election) -> str:
    """The moment as a datetime-local value in the election's zone, for the "resolve as of" form."""
    return local_iso(as_of, election.timezone)


# --- public pages --------------------------------------------------------------------------------------


@bp.route("/elections/<election>/slates")
@public
def index(election: str):
    found = _election(election)
    slates = services.published_slates(found)
    covered = {slug for slate in slates for slug in slate.versions[-1].content}
    return render_template("slates/index.html", election=found, slates=slates,
                           contests=[c for c in found.contests if c.slug in covered])


@bp.route("/elections/<election>/slates.csv")
@public
def index_csv(election: str):
    found = _election(election)
    rows = [
        (s.organisation.slug, s.organisation.name, s.versions[-1].title, s.versions[-1].number,
         iso_text(s.versions[-1].published_at))
        for s in services.published_slates(found)
    ]
    return csv_response(f"{found.slug}-slates.csv",
                        ("organisation", "organisation_name", "title", "version", "published_at"), rows)


def _comparison(election_slug: str, contest_slug: str):
    found = _election(election_slug)
    contest = next((c for c in found.contests if c.slug == contest_slug), None)
    if contest is None:
        abort(404, description=f"There is no contest {contest_slug!r} in {found.title}.")
    as_of = _as_of(found)
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
    return found, contest, as_of, verdict, columns, names


@bp.route("/elections/<election>/contests/<contest>/slates")
@public
def compare(election: str, contest: str):
    found, contest_, as_of, verdict, columns, names = _comparison(election, contest)
    statuses = {v.name: v for v in verdict.candidates}
    return render_template("slates/compare.html", election=found, contest=contest_, as_of=as_of,
                           as_of_input=_as_of_input(as_of, found), as_of_given=bool(request.args.get("as_of")), verdict=verdict, columns=columns,
                           names=names, statuses=statuses)


@bp.route("/elections/<election>/contests/<contest>/slates.csv")
@public
def compare_csv(election: str, contest: str):
    found, contest_, as_of, verdict, columns, names = _comparison(election, contest)
    statuses = {v.name: v.status for v in verdict.candidates}
    header = ["candidate", "status", *(slate.organisation.slug for slate, *_ in columns)]
    rows = [
        [name, statuses.get(name, "not a candidate"),
         *(cells[name].text if name in cells else "" for *_, cells in columns)]
        for name in names
    ]
    return csv_response(f"{found.slug}-{contest_.slug}-slates.csv", header, rows)


def _show(election: str, organisation: str, number: int | None, template: str = "slates/show.html"):
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
    as_of = _as_of(found)
    resolved = services.resolve_version(version, as_of)
    history = [
        (v, services.changes_between(versions[i - 1], v) if i else None) for i, v in enumerate(versions)
    ]
    return render_template(template, election=found, organisation=org, slate=slate, version=version,
                           latest=versions[-1], resolved=resolved, as_of=as_of, as_of_input=_as_of_input(as_of, found),
                           as_of_given=bool(request.args.get("as_of")), history=list(reversed(history)))


@bp.route("/elections/<election>/slates/<organisation>", methods=[*READ_METHODS, *CHANGE_METHODS])
@public
def show(election: str, organisation: str):
    if request.method in CHANGE_METHODS:
        return refuse_change()
    return _show(election, organisation, None)


@bp.route("/elections/<election>/slates/<organisation>/versions/<int:number>",
          methods=[*READ_METHODS, *CHANGE_METHODS])
@public
def version(election: str, organisation: str, number: int):
    if request.method in CHANGE_METHODS:
        return refuse_change()
    return _show(election, organisation, number)


# These URLs change nothing whatever the method: a POST is refused with what to do instead, not for lack of a token.
csrf.exempt(show)
csrf.exempt(version)


@bp.route("/elections/<election>/slates/<organisation>/card")
@public
def card(election: str, organisation: str):
    return _show(election, organisation, None, template="slates/card.html")


@bp.route("/elections/<election>/slates/<organisation>/slate.csv")
@public
def slate_csv(election: str, organisation: str):
    found = _election(election)
    org = _organisation(organisation)
    version = _published(found, org).versions[-1]
    resolved = services.resolve_version(version, _as_of(found))
    rows = [
        (c.slug, item.number, item.pick.name, "; ".join(item.pick.otherwise), item.vote_for or "",
         item.substitution.reason if item.substitution else "")
        for c in resolved.contests
        for item in c.picks
    ]
    return csv_response(
        f"{found.slug}-{org.slug}-v{version.number}.csv",
        ("contest", "pick", "recommended", "otherwise", "vote_for", "reason"),
        rows,
    )


# --- organisers ---------------------------------------------------------------------------------------


@bp.route("/organise", methods=["GET", "POST"])
@role_required("organiser", "admin")
def organise():
    """An organiser's slates, one per election; admins see every organisation and may add one."""
    form = forms.OrganisationForm()
    problems: list[str] = []
    if is_admin() and form.validate_on_submit():
        try:
            created = operations.create_organisation(form.slug.data, form.name.data, form.description.data)
        except DomainError as error:
            db.session.rollback()
            problems = error.messages
        else:
            db.session.commit()
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
    try:
        slate = operations.save_draft(org, found, picks, form.title.data)
        version = operations.publish_slate(slate, current_user) if publish else None
    except DomainError as error:
        db.session.rollback()
        general, per_contest = forms.problems_by_contest(
            error.problems, {slug: forms.pick_lines(text) for slug, text in texts.items()}
        )
        slate = services.find_slate(org, found)
        return _render_draft(found, org, slate, form, texts, general, per_contest, status=400)
    db.session.commit()
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
        try:
            version = operations.publish_slate(slate, current_user)
        except DomainError as error:
            db.session.rollback()
            problems = error.messages
        else:
            db.session.commit()
            flash(f"Published version {version.number}. Members now see it, resolved against the ballot.")
            return redirect(url_for("slates.show", election=found.slug, organisation=org.slug))
    slate = services.find_slate(org, found)
    draft_form = forms.DraftForm(formdata=None, title=slate.title)
    texts = {slug: forms.picks_text(services.picks_of(entries)) for slug, entries in slate.draft.items()}
    return _render_draft(found, org, slate, draft_form, texts, problems, status=400)
