"""The public side of appeals: listings, an appeal's page with its signing form, the confirmation page reached
from the emailed link, and a supporter's "my data" page. No page here ever shows a signer."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for

from tracker.appeals import operations, services
from tracker.appeals.forms import CONSENT_PREFIX, ButtonForm, MyDataForm, SignForm
from tracker.extensions import db
from tracker.slates.models import Organisation
from tracker.types import utcnow
from tracker.web.forms import attempt
from tracker.web.public_forms import client_address, over_limit

bp = Blueprint("appeals", __name__)

HELD_BY_ADDRESS = "too many signatures from one address"
HELD_BY_APPEAL = "too many signatures of this appeal in a short time"
EXPIRED = "The form had expired (or was not sent from this site). Please check it and send it again."


def conditional(body: str, status: int = 200):
    """A page answered with its ETag, revalidated on each visit (counts move without an audit event)."""
    response = make_response(body, status)
    if status == 200 and request.method == "GET":
        response.headers["Cache-Control"] = "no-cache"
        response.add_etag()
        response.make_conditional(request)
    return response


def _appeal_or_404(organisation: str, appeal: str):
    found = services.find_appeal(organisation, appeal)
    if found is None:
        abort(404, description=f"No appeal {appeal!r} of {organisation!r}.")
    return found


@bp.route("/appeals")
def index():
    """Every organisation's appeals with their confirmed counts."""
    appeals = services.appeals_of()
    now = utcnow()
    return conditional(render_template("appeals/index.html", appeals=appeals, counts=services.confirmed_counts(),
                                       states={a.id: services.appeal_state(a, now) for a in appeals}))


@bp.route("/appeals/<organisation>")
def organisation(organisation: str):
    """An organisation's page: its appeals and their counts."""
    found = db.session.query(Organisation).filter_by(slug=organisation).one_or_none()
    if found is None:
        abort(404, description=f"No organisation {organisation!r}.")
    appeals = services.appeals_of(found)
    counts = services.confirmed_counts()
    now = utcnow()
    return conditional(render_template("appeals/organisation.html", organisation=found, appeals=appeals, counts=counts,
                                       total=sum(counts.get(a.id, 0) for a in appeals),
                                       states={a.id: services.appeal_state(a, now) for a in appeals}))


def _offer_clps(form: SignForm, appeal) -> None:
    """The CLPs to choose from, read only when the form is shown (a signing that succeeds never shows it)."""
    form.body.choices = [("", "None given")] + services.clp_choices(appeal)


def _hold(appeal) -> str | None:
    """Why a signature is held rather than counted (a limit per address or per appeal was passed), or None."""
    if over_limit("APPEAL_LIMIT_PER_ADDRESS", client_address()):
        return HELD_BY_ADDRESS
    if over_limit("APPEAL_LIMIT_PER_APPEAL", f"appeal:{appeal.id}"):
        return HELD_BY_APPEAL
    return None


@bp.route("/appeals/<organisation>/<appeal>", methods=["GET", "POST"])
def show(organisation: str, appeal: str):
    """The public page (counts, progress, notices) and the signing form. Whatever became of a signature, the
    answer to a signing is the same "check your email" page."""
    found = _appeal_or_404(organisation, appeal)
    form = SignForm()
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            form.form_errors.append(EXPIRED)
            status = 400
        elif form.is_bot():
            return render_template("appeals/check_email.html", appeal=found)
        elif form.refused_as_too_quick():
            form.restamp()
            status = 400
        else:
            ticked = {name[len(CONSENT_PREFIX):] for name in request.form if name.startswith(CONSENT_PREFIX)}
            with attempt(form) as signed:
                operations.sign(found, name=form.name.data, email=form.email.data, body_code=form.body.data or "",
                                ticked=ticked, held_reason=_hold(found) if _valid_enough(form) else None)
            if signed:
                return render_template("appeals/check_email.html", appeal=found)
            status = 400
    now = utcnow()
    _offer_clps(form, found)
    page = render_template("appeals/show.html", appeal=found, form=form, state=services.appeal_state(found, now),
                           counts=services.counts(found), notices=services.notices(found, now),
                           consents=services.current_consents(found), ticked=set(request.form),
                           timezone=services.timezone_of(found))
    return conditional(page, status)


def _valid_enough(form) -> bool:
    """Count a signing against the limits only when it names someone (refusals are not signatures)."""
    return bool((form.name.data or "").strip()) and operations.normalise_email(form.email.data) is not None


@bp.route("/appeals/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """The emailed link's page: a button confirms (by POST), since mail scanners open links on their own."""
    signature = operations.signature_for_token(token)
    form = ButtonForm()
    if request.method == "POST" and form.validate_on_submit():
        with attempt(form) as confirmed:
            signature = operations.confirm(token)
        if confirmed:
            return render_template("appeals/confirmed.html", appeal=signature.appeal,
                                   counts=services.counts(signature.appeal))
        return render_template("appeals/confirm.html", signature=None, form=form, problems=form.form_errors), 400
    if signature is None:
        return render_template("appeals/confirm.html", signature=None, form=form, problems=[
            "This confirmation link is not valid: it may have been mistyped, or the signature was deleted "
            "unconfirmed after 7 days. Sign again to get a new link."]), 404
    return render_template("appeals/confirm.html", signature=signature, form=form, problems=[])


# --- a supporter's own data ------------------------------------------------------------------------------------


@bp.route("/my-data", methods=["GET", "POST"])
def my_data_request():
    """Ask for a "my data" link by email; the answer is the same whether or not the address is known."""
    form = MyDataForm()
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 400
        elif form.is_bot():
            return render_template("appeals/my_data_sent.html")
        elif form.refused_as_too_quick():
            form.restamp()
            status = 400
        else:
            if over_limit("APPEAL_LIMIT_PER_ADDRESS", client_address()):
                return render_template("appeals/my_data_sent.html")
            with attempt(form) as sent:
                operations.mail_my_data_link(form.email.data)
            if sent:
                return render_template("appeals/my_data_sent.html")
            status = 400
    return render_template("appeals/my_data_request.html", form=form), status


def _supporter_or_404(token: str):
    supporter = operations.supporter_for_link(token)
    if supporter is None:
        abort(404, description="This link is not valid or has expired. Ask for a new one on the “Your data” page.")
    return supporter


@bp.route("/my-data/<token>")
def my_data(token: str):
    """Everything held about the supporter, every consent event, every export that included them."""
    supporter = _supporter_or_404(token)
    response = make_response(render_template("appeals/my_data.html", token=token, held=services.held_about(supporter),
                                              form=ButtonForm()))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/my-data/<token>/signatures/<int:signature>/withdraw", methods=["POST"])
def withdraw_signature(token: str, signature: int):
    supporter = _supporter_or_404(token)
    if not ButtonForm().validate_on_submit():
        abort(400)
    with attempt() as done:
        withdrawn = operations.withdraw_signature(supporter, signature)
    if not done:
        abort(400, description=" ".join(done.messages))
    flash(f"Your signature of “{withdrawn.appeal.title}” is withdrawn: it no longer counts.", "success")
    return redirect(url_for("appeals.my_data", token=token))


@bp.route("/my-data/<token>/signatures/<int:signature>/consents/<choice>/withdraw", methods=["POST"])
def withdraw_consent(token: str, signature: int, choice: str):
    supporter = _supporter_or_404(token)
    if not ButtonForm().validate_on_submit():
        abort(400)
    with attempt() as done:
        operations.withdraw_consent(supporter, signature, choice)
    if not done:
        abort(400, description=" ".join(done.messages))
    flash("Your consent is withdrawn. Exports made from now on leave you out.", "success")
    return redirect(url_for("appeals.my_data", token=token))


@bp.route("/my-data/<token>/erase", methods=["POST"])
def erase(token: str):
    supporter = _supporter_or_404(token)
    if not ButtonForm().validate_on_submit():
        abort(400)
    operations.erase(supporter)
    current_app.logger.info("a supporter erased their data")
    return render_template("appeals/erased.html")
