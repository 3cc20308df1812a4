"""The admins' web import: upload a CSV file, see exactly what it would change, then confirm to write that."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from tracker.accounts.permissions import role_required
from tracker.elections.models import Election
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.imports.csv_reading import CsvFile
from tracker.imports.forms import KINDS, MAX_IMPORT_BYTES, ConfirmImportForm, UploadForm, columns_text
from tracker.imports.preview import Preview, confirm_import, preview_import, preview_token, read_token
from tracker.web.forms import show_problems

bp = Blueprint("importing", __name__, url_prefix="/admin/elections/<election>/import")


@bp.before_request
@role_required("admin")
def admins_only():
    """Importing is the procedures secretary's."""


def _election(slug: str) -> Election:
    found = db.session.scalar(select(Election).where(Election.slug == slug))
    if found is None:
        abort(404, description=f"There is no election {slug!r}.")
    return found


def _page(election: Election, form: UploadForm, preview: Preview | None = None, notice: str | None = None,
          status: int = 200):
    confirm = ConfirmImportForm(formdata=None)
    if preview is not None and preview.ok:
        confirm.token.data = preview_token(election, current_user.id, preview)
    return render_template("imports/import.html", election=election, form=form, preview=preview, confirm=confirm,
                           notice=notice, columns={kind: columns_text(kind) for kind in KINDS}), status


def _upload(form: UploadForm) -> CsvFile:
    upload = request.files.get(form.csv_file.name)
    if upload is None or not upload.filename:
        raise DomainError("Choose a CSV file to upload.", "csv_file")
    data = upload.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise DomainError(f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB: split it into smaller files "
                          "and import each.", "csv_file")
    name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:200] or "upload.csv"
    return CsvFile(name, data)


@bp.route("", methods=["GET"])
def page(election: str):
    return _page(_election(election), UploadForm(formdata=None))


@bp.route("", methods=["POST"])
def preview(election: str):
    """What the uploaded file would do; nothing is written."""
    found = _election(election)
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(found, form, status=400)
    try:
        file = _upload(form)
    except DomainError as error:
        show_problems(form, error)
        return _page(found, form, status=400)
    shown = preview_import(found, form.kind.data, file)
    return _page(found, form, shown, status=200 if shown.ok else 400)


@bp.route("/confirm", methods=["POST"])
def confirm(election: str):
    """Write what the preview showed, or, if the file's rows would now do otherwise, nothing (409, with the new
    preview)."""
    found = _election(election)
    confirming = ConfirmImportForm()
    form = UploadForm(formdata=None)
    try:
        if not confirming.validate_on_submit():
            raise DomainError("The form has expired: upload the file again.", "token")
        previewed = read_token(confirming.token.data, found, current_user.id)
    except DomainError as error:
        show_problems(form, error)
        return _page(found, form, status=400)
    form.kind.data = previewed.kind
    done, written = confirm_import(found, previewed.kind, previewed.file, previewed.fingerprint)
    if not written:
        notice = ("Nothing was imported: the facts this file touches changed after the preview, so it would no longer "
                  "do what you confirmed. Below is what it would do now; confirm again if that is right.")
        return _page(found, form, done, notice=notice, status=409)
    flash(f"{done.sentence} from {previewed.file.name}.", "success")
    return redirect(url_for("importing.page", election=found.slug), 303)
