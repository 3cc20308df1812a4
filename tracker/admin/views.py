"""The procedures secretary's pages: verification queue, suspensions, candidates and withdrawals, halts, history,
accounts."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from tracker.accounts import operations as account_operations
from tracker.accounts.models import User
from tracker.accounts.permissions import role_required
from tracker.accounts.services import password_link_url
from tracker.admin.forms import (
    CandidateForm,
    DecideForm,
    EndSuspensionForm,
    HaltForm,
    NewUserForm,
    ScopeFields,
    SuspensionForm,
    UndoWithdrawalForm,
    WithdrawalForm,
)
from tracker.admin.services import QUEUE_STATUSES, QueueFilter, queue_count, queue_ids, status_history
from tracker.audit.models import AuditEvent
from tracker.ballot.judging import current_stage
from tracker.bodies.models import NominatingBody
from tracker.candidates import operations as candidate_operations
from tracker.candidates.models import Candidacy, Person
from tracker.elections import operations as election_operations
from tracker.elections.models import Contest, Election
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.nominations import operations as nomination_operations
from tracker.nominations.forms import ConfirmForm
from tracker.nominations.models import Nomination
from tracker.slates.models import Organisation
from tracker.suspensions import operations as suspension_operations
from tracker.suspensions.models import Suspension
from tracker.times import DEFAULT_TIMEZONE
from tracker.types import utcnow
from tracker.vocabulary import NominationStatus
from tracker.web.forms import attempt
from tracker.web.lookups import get_or_404
from tracker.web.params import parse_choice

bp = Blueprint("admin", __name__, url_prefix="/admin")
#: Nominations on a page of the verification queue.
QUEUE_PAGE = 100
#: Suspensions are of people, not of one election: their times are entered in the default zone.
SUSPENSION_TIMEZONE = DEFAULT_TIMEZONE


@bp.before_request
@role_required("admin")
def admins_only():
    """Every page here is the procedures secretary's."""


@bp.route("/")
def index():
    elections = db.session.scalars(
        select(Election).options(selectinload(Election.contests)).order_by(Election.id.desc())
    ).all()
    submitted = Nomination.status == NominationStatus.SUBMITTED
    waiting = db.session.scalar(select(func.count()).select_from(Nomination).where(submitted))
    recent = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(30)).all()
    return render_template("admin/index.html", elections=elections, waiting=waiting, recent=recent)


def queue_filter() -> QueueFilter:
    """The queue's filter from the query string (the decision form posts to an address that carries it)."""
    shown = parse_choice(request.args.get("status"), "status", QUEUE_STATUSES) or NominationStatus.SUBMITTED.value
    return QueueFilter(shown, request.args.get("contest", type=int) or None)


def render_queue(form: DecideForm, status: int = 200):
    matching = queue_filter()
    total = queue_count(matching)
    pages = max(1, -(-total // QUEUE_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    query = matching.where(
        select(Nomination)
        .options(
            selectinload(Nomination.body),
            selectinload(Nomination.contest).selectinload(Contest.election),
            selectinload(Nomination.candidacy).selectinload(Candidacy.person),
        )
        .order_by(Nomination.logged_at, Nomination.id)
        .offset((page - 1) * QUEUE_PAGE)
        .limit(QUEUE_PAGE)
    )
    nominations = db.session.scalars(query).all()
    return render_template(
        "admin/queue.html", form=form, nominations=nominations, shown=matching.status, filter_args=matching.args(),
        total=total, page=page, pages=pages, first=(page - 1) * QUEUE_PAGE + 1 if nominations else 0,
        last=(page - 1) * QUEUE_PAGE + len(nominations), ticked=set(form.ids.data or ()),
    ), status


@bp.route("/nominations")
def queue():
    return render_queue(DecideForm(formdata=None))


@bp.route("/nominations/decide", methods=["POST"])
def decide():
    """Decide the ticked nominations, the page's, or every one matching the filter at this moment."""
    form = DecideForm()
    if not form.validate_on_submit():
        return render_queue(form, 400)
    action, reason, scope = form.chosen()
    matching = queue_filter()
    if scope == "matching":
        ids = queue_ids(matching)
    elif scope == "page":
        ids = queue_ids(matching, among=form.page_ids.data or [])
    else:
        ids = form.ids.data or []
    with attempt(form) as done:
        if action not in ("verify", "reject"):
            raise DomainError("Choose the decision: verify or reject.", "action")
        if scope == "ticked" and not ids:
            raise DomainError("Tick at least one nomination, or choose to apply the decision to the whole page "
                              "or to every nomination matching the filter.", "ids")
        if scope != "ticked" and not ids:
            raise DomainError(f"No nomination matches the filter ({matching.status}) any longer: nothing was decided.",
                              "ids")
        if action == "verify":
            decided = nomination_operations.verify_many(ids)
        else:
            decided = nomination_operations.reject_many(ids, reason)
    if not done:
        return render_queue(form, 400)
    verb = NominationStatus.VERIFIED if action == "verify" else NominationStatus.REJECTED
    which = {"matching": " (every one matching the filter at the moment of the decision)",
             "page": " (those on the page that still matched the filter)"}.get(scope, "")
    flash(f"{len(decided)} nomination{'s' if len(decided) != 1 else ''} {verb}{which}.")
    return redirect(url_for("admin.queue", **matching.args()))


def suspendable_people() -> list[Person]:
    """Candidates and MPs: the people whose suspension matters to a contest."""
    return db.session.scalars(
        select(Person)
        .where(
            or_(
                Person.id.in_(select(Candidacy.person_id)),
                Person.id.in_(select(NominatingBody.person_id).where(NominatingBody.person_id.is_not(None))),
            )
        )
        .order_by(Person.name)
    ).all()


def render_suspensions(form: SuspensionForm, status: int = 200):
    suspensions = db.session.scalars(
        select(Suspension).options(selectinload(Suspension.person)).order_by(Suspension.starts_at.desc())
    ).all()
    return render_template(
        "admin/suspensions.html", form=form, suspensions=suspensions, end_form=EndSuspensionForm(timezone=SUSPENSION_TIMEZONE)
    ), status


def suspension_form() -> SuspensionForm:
    form = SuspensionForm(timezone=SUSPENSION_TIMEZONE)
    form.person.choices = [(p.id, p.name) for p in suspendable_people()]
    return form


@bp.route("/suspensions", methods=["GET", "POST"])
def suspensions():
    form = suspension_form()
    if request.method == "GET":
        return render_suspensions(form)
    if not form.validate_on_submit():
        return render_suspensions(form, 400)
    with attempt(form) as done:
        suspension_operations.add_suspension(
            db.session.get(Person, form.person.data), form.starts_at.data, form.ends_at.data, form.reason.data
        )
    if not done:
        return render_suspensions(form, 400)
    flash("Suspension recorded.")
    return redirect(url_for("admin.suspensions"))


@bp.route("/suspensions/<int:suspension_id>/end", methods=["POST"])
def end_suspension(suspension_id: int):
    suspension = get_or_404(Suspension, suspension_id)
    form = EndSuspensionForm(timezone=SUSPENSION_TIMEZONE)
    if not form.validate_on_submit():
        for message in form.ends_at.errors if form.ends_at.text else ():  # a time typed but not read: say why
            flash(message, "error")
        flash("Give the time the suspension ended and its outcome.", "error")
        return render_suspensions(suspension_form(), 400)
    with attempt() as done:
        suspension_operations.end_suspension(suspension, form.ends_at.data, form.outcome.data)
    if not done:
        for message in done.messages:
            flash(message, "error")
        return render_suspensions(suspension_form(), 400)
    flash(f"Suspension of {suspension.person.name} ended ({form.outcome.data}).")
    return redirect(url_for("admin.suspensions"))


def render_contest(contest: Contest, status: int = 200, **forms):
    candidacies = db.session.scalars(
        select(Candidacy).where(Candidacy.contest_id == contest.id).options(selectinload(Candidacy.person))
    ).all()
    halted = election_operations.current_halt(contest)
    return render_template(
        "admin/contest.html",
        contest=contest,
        candidacies=sorted(candidacies, key=lambda c: c.person.name.split()[-1].lower()),
        stage=current_stage(contest, utcnow()),
        halted=halted,
        withdrawal_form=forms.get("withdrawal_form") or WithdrawalForm(),
        undo_form=forms.get("undo_form") or UndoWithdrawalForm(formdata=None),
        undo_id=forms.get("undo_id"),
        candidate_form=forms.get("candidate_form") or CandidateForm(formdata=None),
        halt_form=forms.get("halt_form") or HaltForm(),
        confirm=ConfirmForm(),
        problems=forms.get("problems", []),
    ), status


@bp.route("/contests/<int:contest_id>")
def contest(contest_id: int):
    return render_contest(get_or_404(Contest, contest_id))


@bp.route("/candidacies/<int:candidacy_id>/withdraw", methods=["POST"])
def withdraw_candidacy(candidacy_id: int):
    candidacy = get_or_404(Candidacy, candidacy_id)
    form = WithdrawalForm(timezone=candidacy.contest.election.timezone)
    if not form.validate_on_submit():
        return render_contest(candidacy.contest, 400, withdrawal_form=form, problems=form.withdrawn_at.errors)
    with attempt() as done:
        candidate_operations.withdraw_candidacy(candidacy, form.withdrawn_at.data)
    if not done:
        return render_contest(candidacy.contest, 400, problems=done.messages)
    flash(f"{candidacy.person.name} recorded as withdrawn from {candidacy.contest.title}.")
    return redirect(url_for("admin.contest", contest_id=candidacy.contest_id))


@bp.route("/contests/<int:contest_id>/candidates", methods=["POST"])
def add_candidate(contest_id: int):
    contest = get_or_404(Contest, contest_id)
    form = CandidateForm()
    if not form.validate_on_submit():
        return render_contest(contest, 400, candidate_form=form)
    with attempt(form) as done:
        candidacy = candidate_operations.add_candidate(contest, form.name.data, form.woman_value())
    if not done:
        return render_contest(contest, 400, candidate_form=form)
    flash(f"{candidacy.person.name} added as a candidate for {contest.title}.")
    return redirect(url_for("admin.contest", contest_id=contest.id))


@bp.route("/candidacies/<int:candidacy_id>/undo-withdrawal", methods=["POST"])
def undo_withdrawal(candidacy_id: int):
    candidacy = get_or_404(Candidacy, candidacy_id)
    form = UndoWithdrawalForm()
    if not form.validate_on_submit():
        return render_contest(candidacy.contest, 400, undo_form=form, undo_id=candidacy.id)
    with attempt(form) as done:
        candidate_operations.undo_withdrawal(candidacy, form.reason.data)
    if not done:
        return render_contest(candidacy.contest, 400, undo_form=form, undo_id=candidacy.id, problems=form.form_errors)
    flash(f"The withdrawal of {candidacy.person.name} is undone: they are a candidate for {candidacy.contest.title} again.")
    return redirect(url_for("admin.contest", contest_id=candidacy.contest_id))


@bp.route("/contests/<int:contest_id>/halt", methods=["POST"])
def halt(contest_id: int):
    contest = get_or_404(Contest, contest_id)
    form = HaltForm()
    if not form.validate_on_submit():
        return render_contest(contest, 400, halt_form=form)
    with attempt() as done:
        election_operations.halt_contest(contest, form.reason.data.strip())
    if not done:
        return render_contest(contest, 400, problems=done.messages)
    flash(f"{contest.title} halted.")
    return redirect(url_for("admin.contest", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/resume", methods=["POST"])
def resume(contest_id: int):
    contest = get_or_404(Contest, contest_id)
    if not ConfirmForm().validate_on_submit():
        abort(400, description="The form had expired; please try again.")
    with attempt() as done:
        election_operations.resume_contest(contest)
    if not done:
        return render_contest(contest, 400, problems=done.messages)
    flash(f"{contest.title} resumed.")
    return redirect(url_for("admin.contest", contest_id=contest.id))


@bp.route("/candidacies/<int:candidacy_id>/history")
def history(candidacy_id: int):
    candidacy = get_or_404(Candidacy, candidacy_id)
    return render_template(
        "admin/history.html", candidacy=candidacy, history=status_history(candidacy, utcnow())
    )


def scope_choices(form: ScopeFields) -> ScopeFields:
    """The registered bodies (by code) and the organisations an account may act for."""
    bodies = db.session.execute(
        select(NominatingBody.code, func.min(NominatingBody.name)).group_by(NominatingBody.code).order_by(NominatingBody.code)
    ).all()
    form.bodies.choices = [(code, f"{code}: {name}" if name and name != code else code) for code, name in bodies]
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form.organisation.choices = [("", "None")] + [(o.slug, o.name) for o in organisations]
    return form


def render_users(status: int = 200, problems=(), form: NewUserForm | None = None):
    users = db.session.scalars(
        select(User).options(selectinload(User.bodies), selectinload(User.organisation)).order_by(User.email)
    ).all()
    form = form or scope_choices(NewUserForm(formdata=None))
    return render_template("admin/users.html", users=users, confirm=ConfirmForm(), problems=problems,
                           form=form), status


@bp.route("/users")
def users():
    return render_users()


@bp.route("/users", methods=["POST"])
def create_user():
    """Make an account without a password, and show the one-time link that lets its owner set one."""
    form = scope_choices(NewUserForm())
    if not form.validate_on_submit():
        return render_users(400, form=form)
    with attempt(form) as done:
        user = account_operations.create_user(form.email.data, None, form.role.data, form.bodies.data or (),
                                              form.org_slug())
        token = account_operations.issue_password_link(user, by=current_user)
    if not done:
        return render_users(400, form=form)
    return render_link(user, token, created=True)


def render_link(user: User, token: str, created: bool = False):
    """The page showing a one-time link, once: only its hash is kept, so it cannot be shown again."""
    response = current_app.make_response(render_template(
        "admin/password_link.html", user=user, url=password_link_url(token), created=created,
        expires_at=account_operations.password_link(token).expires_at))
    response.headers["Cache-Control"] = "no-store"
    return response


def render_user(user: User, status: int = 200, form: ScopeFields | None = None, problems=()):
    if form is None:
        form = scope_choices(ScopeFields(formdata=None, role=user.role, bodies=[b.code for b in user.bodies],
                                         organisation=user.organisation.slug if user.organisation else ""))
    hours = int(account_operations.PASSWORD_LINK_LIFETIME.total_seconds() // 3600)
    return render_template("admin/user.html", user=user, form=form, confirm=ConfirmForm(), problems=problems,
                           lifetime_hours=hours), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int):
    """One account: change its role and what it acts for."""
    found = get_or_404(User, user_id)
    if request.method == "GET":
        return render_user(found)
    form = scope_choices(ScopeFields())
    if not form.validate_on_submit():
        return render_user(found, 400, form)
    with attempt(form) as done:
        changed = account_operations.update_user(found, form.role.data, form.bodies.data or (), form.org_slug(),
                                                 by=current_user)
    if not done:
        return render_user(found, 400, form)
    flash(f"The account {found.email} is changed." if changed else f"Nothing to change for {found.email}.")
    return redirect(url_for("admin.user", user_id=found.id))


@bp.route("/users/<int:user_id>/password-link", methods=["POST"])
def password_link(user_id: int):
    """A new one-time link for the account to set its password; earlier links stop working."""
    found = get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400, description="The form had expired; please try again.")
    with attempt() as done:
        token = account_operations.issue_password_link(found, by=current_user)
    if not done:
        return render_user(found, 400, problems=done.messages)
    return render_link(found, token)


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
def disable_user(user_id: int):
    user = get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400, description="The form had expired; please try again.")
    with attempt() as done:
        account_operations.disable_user(user, by=current_user)
    if not done:
        return render_users(400, done.messages)
    flash(f"The account {user.email} is disabled and logged out everywhere.")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/enable", methods=["POST"])
def enable_user(user_id: int):
    user = get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400, description="The form had expired; please try again.")
    with attempt() as done:
        account_operations.enable_user(user)
    if not done:
        return render_users(400, done.messages)
    flash(f"The account {user.email} is enabled: it can log in again with its password.")
    return redirect(url_for("admin.users"))
