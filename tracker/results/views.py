"""Pages of the results feature: the admin's ballot freeze and result forms, and counts from BLT files."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from tracker.accounts.models import User
from tracker.accounts.permissions import can_read_count, is_admin, is_secretary_of, require, require_read, role_required
from tracker.ballot.judging import judge
from tracker.ballot.services import contest_or_404
from tracker.bodies.models import NominatingBody
from tracker.elections.models import Contest, Election
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.results import forms, operations, services
from tracker.results.models import StoredCount
from tracker.results.snapshots import ballot_content, content_hash
from tracker.times import moment_text
from tracker.types import utcnow
from tracker.vocabulary import BodyKind
from tracker.web.downloads import csv_response
from tracker.web.forms import attempt
from tracker.web.lookups import get_or_404

bp = Blueprint("results", __name__)

ADMIN_CONTEST = "/admin/elections/<election>/contests/<contest>"


def _dashboard_url(contest: Contest) -> str:
    return f"/elections/{contest.election.slug}/contests/{contest.slug}"


# --- the ballot: freeze and re-issue -------------------------------------------------------------------


@bp.route(f"{ADMIN_CONTEST}/ballot", methods=["GET", "POST"])
@role_required("admin")
def ballot_admin(election: str, contest: str):
    found = contest_or_404(election, contest)
    form = forms.FreezeForm()
    problems: list[str] = []
    if form.validate_on_submit():
        with attempt() as done:
            snapshot, created = operations.freeze_ballot(found, form.ballot_hash.data)
        problems = done.messages
        if done:
            if created:
                flash(f"The ballot for {found.title} is frozen and published (hash {snapshot.content_hash[:12]}…).")
            else:
                flash(f"Nothing changed: the ballot for {found.title} published at "
                      f"{moment_text(snapshot.frozen_at, found.election.timezone)} stands.")
            return redirect(url_for("results.ballot_admin", election=election, contest=contest))
    return _ballot_page(found, form, problems)


def _ballot_page(contest: Contest, form: forms.FreezeForm, problems: list[str]):
    now = utcnow()
    verdict = judge(contest, now).verdict
    content = ballot_content(verdict)
    digest = content_hash(content)
    form.ballot_hash.data = digest
    snapshot = services.latest_snapshot(contest)
    closes_at = operations.nominations_close_at(contest)
    return render_template(
        "results/ballot_admin.html",
        contest=contest,
        verdict=verdict,
        content=content,
        digest=digest,
        form=form,
        snapshot=snapshot,
        frozen_by=db.session.get(User, snapshot.frozen_by_id) if snapshot and snapshot.frozen_by_id else None,
        snapshots=services.snapshots(contest),
        changes=services.changes_since_publication(snapshot, verdict),
        closes_at=closes_at,
        closed=closes_at is None or closes_at <= now,
        declared=operations.declared_result(contest) is not None,
        problems=problems,
        dashboard_url=_dashboard_url(contest),
    ), 400 if problems else 200


# --- the declared result: form and CSV import ----------------------------------------------------------


def _rounds_wanted(default: int) -> int:
    try:
        wanted = int(request.values.get("rounds", default))
    except ValueError:
        wanted = default
    return max(1, min(wanted, 60))


@bp.route(f"{ADMIN_CONTEST}/result", methods=["GET", "POST"])
@role_required("admin")
def result_admin(election: str, contest: str):
    found = contest_or_404(election, contest)
    snapshot = services.latest_snapshot(found)
    ballot = snapshot.content["on_ballot"] if snapshot else []
    existing = operations.declared_result(found)
    form = forms.ResultForm(obj=existing if request.method == "GET" else None, timezone=found.election.timezone)
    values = forms.grid_values(existing, ballot) if request.method == "GET" else dict(request.form)
    rounds = _rounds_wanted(len(existing.rounds) if existing else 3)
    problems: list[str] = []
    if request.method == "POST" and request.form.get("action") == "add-round":
        rounds += 1
    elif form.validate_on_submit():
        grid, grid_problems = forms.grid_rounds(request.form, ballot, rounds)
        with attempt() as done:
            operations.declare_result(found, forms.figures_from(form, grid, grid_problems), form.declared_at.data)
        problems = done.messages
        if done:
            flash(f"The result for {found.title} is recorded.")
            return redirect(url_for("results.result_admin", election=election, contest=contest))
    elif request.method == "POST":
        problems = [f"{getattr(form, name).label.text}: {' '.join(errors)}" for name, errors in form.errors.items()]
    import_form = forms.ResultImportForm(formdata=None, prefix="import", timezone=found.election.timezone)
    return _result_page(found, form, import_form, ballot, values, rounds, problems, existing)


@bp.route(f"{ADMIN_CONTEST}/result/import", methods=["POST"])
@role_required("admin")
def result_import(election: str, contest: str):
    found = contest_or_404(election, contest)
    snapshot = services.latest_snapshot(found)
    ballot = snapshot.content["on_ballot"] if snapshot else []
    existing = operations.declared_result(found)
    form = forms.ResultImportForm(prefix="import", timezone=found.election.timezone)
    problems: list[str] = []
    if form.validate_on_submit():
        upload = request.files.get(form.csv_file.name)
        rounds, csv_problems = forms.csv_rounds(upload, getattr(upload, "filename", "") or "CSV")
        with attempt() as done:
            if csv_problems and not rounds:
                raise DomainError(csv_problems)
            operations.declare_result(found, forms.figures_from(form, rounds, csv_problems), form.declared_at.data)
        problems = done.messages
        if done:
            flash(f"The result for {found.title} is imported.")
            return redirect(url_for("results.result_admin", election=election, contest=contest))
    else:
        problems = [f"{getattr(form, name).label.text}: {' '.join(errors)}" for name, errors in form.errors.items()]
    return _result_page(found, forms.ResultForm(formdata=None, timezone=found.election.timezone), form, ballot, {}, 3, problems,
                        existing)


def _result_page(contest, form, import_form, ballot, values, rounds, problems, existing):
    view = services.result_view(contest, existing, ballot) if existing else None
    return render_template(
        "results/result_admin.html",
        contest=contest,
        form=form,
        import_form=import_form,
        ballot=ballot,
        values=values,
        rounds=rounds,
        problems=problems,
        existing=existing,
        view=view,
        dashboard_url=_dashboard_url(contest),
    ), 400 if problems else 200


# --- counts from BLT files -----------------------------------------------------------------------------


def _count_choices(form: forms.CountForm) -> None:
    """Admins may count for any contest or body; a secretary only for the meetings of their own bodies."""
    if is_admin():
        rows = db.session.execute(
            select(Contest.id, Contest.title, Election.title).join(Election).order_by(Election.id, Contest.position)
        ).all()
        form.contest.choices = [(0, "no contest")] + [(cid, f"{title} — {election}") for cid, title, election in rows]
        bodies = db.session.scalars(
            select(NominatingBody).where(NominatingBody.kind != BodyKind.MP).order_by(NominatingBody.code)
        ).all()
        form.body.choices = [(0, "no body")] + [(b.id, f"{b.code} — {b.name}") for b in bodies]
    else:
        del form.contest  # a secretary counts for a meeting of one of their bodies, never for a contest
        form.body.choices = [(b.id, f"{b.code} — {b.name}") for b in current_user.bodies]


def _blt_text(form: forms.CountForm) -> str:
    upload = request.files.get("blt_file")
    if upload is not None and upload.filename:
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError("The ballot file is not UTF-8 text.", "blt_file") from None
    text = (form.blt_text.data or "").strip()
    if not text:
        raise DomainError("Choose a BLT file to upload, or paste its text.", "blt_file")
    return text + "\n"


@bp.route("/counts/new", methods=["GET", "POST"])
@role_required("admin", "secretary")
def count_new():
    form = forms.CountForm()
    if request.method == "POST":
        # permission before validation: a choice outside the user's scope is forbidden, not merely invalid
        contest_id = request.form.get("contest", type=int) or 0
        body_id = request.form.get("body", type=int) or 0
        require(is_admin() or not contest_id)
        if body_id:
            require(is_secretary_of(get_or_404(NominatingBody, body_id, "There is no such nominating body.")))
    _count_choices(form)
    problems: list[str] = []
    if form.validate_on_submit():
        contest_id = form.contest.data if "contest" in form else 0
        contest = db.session.get(Contest, contest_id) if contest_id else None
        body = db.session.get(NominatingBody, form.body.data) if form.body.data else None
        with attempt() as done:
            stored = operations.store_count(
                _blt_text(form),
                form.method.data,
                seats=form.seats.data,
                min_women=form.min_women.data,
                women=tuple(line for line in (form.women.data or "").splitlines() if line.strip()),
                contest=contest,
                body=body,
                title=(form.title.data or "").strip(),
            )
        problems = done.messages
        if done:
            return redirect(url_for("results.count_show", count_id=stored.id))
    elif request.method == "POST":
        problems = [f"{getattr(form, name).label.text}: {' '.join(errors)}" for name, errors in form.errors.items()]
    recent = db.session.scalars(
        select(StoredCount).where(StoredCount.uploaded_by_id == current_user.id).order_by(StoredCount.id.desc()).limit(20)
    ).all()
    return render_template("results/count_new.html", form=form, problems=problems, recent=recent), (
        400 if problems else 200
    )


def _stored(count_id: int) -> StoredCount:
    """A stored count the current user may read (a body's meeting count is private to it)."""
    stored = db.session.get(StoredCount, count_id)
    if stored is None:
        abort(404, description=f"There is no count {count_id}.")
    require_read(can_read_count(stored))
    return stored


@bp.route("/counts/<int:count_id>")
def count_show(count_id: int):
    stored = _stored(count_id)
    return _count_page(stored, forms.WithdrawCountForm(formdata=None), [])


def _count_page(stored: StoredCount, withdraw_form: forms.WithdrawCountForm, problems: list[str]):
    contest = db.session.get(Contest, stored.contest_id) if stored.contest_id else None
    body = db.session.get(NominatingBody, stored.body_id) if stored.body_id else None
    return render_template("results/count.html", stored=stored, report=stored.report,
                           table=services.count_table(stored), contest=contest, body=body,
                           withdraw_form=withdraw_form, problems=problems,
                           dashboard_url=_dashboard_url(contest) if contest else None), 400 if problems else 200


@bp.route("/counts/<int:count_id>/withdraw", methods=["POST"])
@role_required("admin")
def count_withdraw(count_id: int):
    stored = _stored(count_id)
    form = forms.WithdrawCountForm()
    problems: list[str] = []
    if form.validate_on_submit():
        with attempt() as done:
            operations.withdraw_count(stored, form.reason.data)
        if done:
            flash(f"Count {stored.id} is withdrawn; it is kept, with the reason, but no longer offered.")
            return redirect(url_for("results.count_show", count_id=stored.id))
        problems = done.messages
    else:
        problems = [f"{getattr(form, name).label.text}: {' '.join(errors)}" for name, errors in form.errors.items()]
    return _count_page(stored, form, problems)


@bp.route("/counts/<int:count_id>.csv")
def count_csv(count_id: int):
    stored = _stored(count_id)
    return csv_response(f"count-{stored.id}.csv", *services.stages_table(stored.report["stages"], label="stage"))


@bp.route("/elections/<election>/contests/<contest>/result.csv")
def result_csv(election: str, contest: str):
    found = contest_or_404(election, contest)
    result = operations.declared_result(found)
    if result is None or result.declared_at > utcnow():
        abort(404, description=f"No result has been declared for {found.title}.")
    snapshot = services.latest_snapshot(found)
    names = snapshot.content["on_ballot"] if snapshot else ()
    table = services.stages_table(result.rounds, names=names, shares=True)
    return csv_response(f"{election}-{contest}-result.csv", *table)


@bp.route("/counts/<int:count_id>.blt")
def count_blt(count_id: int):
    stored = _stored(count_id)
    return Response(stored.blt, mimetype="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="count-{stored.id}.blt"'})
