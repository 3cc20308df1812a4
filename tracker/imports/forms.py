"""Forms of the web import: choosing the kind of file and uploading it; confirming a preview."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField

from tracker.imports.csv_reading import BODIES, CANDIDATES, NOMINATIONS, SUSPENSIONS

#: The kinds of file, with their columns as the page lists them.
KINDS = {"bodies": BODIES, "candidates": CANDIDATES, "nominations": NOMINATIONS, "suspensions": SUSPENSIONS}
#: The largest file taken, in bytes.
MAX_IMPORT_BYTES = 2 * 1024 * 1024


def columns_text(kind: str) -> str:
    fmt = KINDS[kind]
    return ",".join(fmt.required) + "".join(f"[,{name}]" for name in fmt.optional)


class UploadForm(FlaskForm):
    kind = SelectField("What the file holds", choices=[(kind, kind.capitalize()) for kind in KINDS])
    csv_file = FileField("CSV file", description="UTF-8, comma separated, with a header row; at most 2 MB.")


class ConfirmImportForm(FlaskForm):
    #: The preview shown, signed: the file, its kind and what each row would do.
    token = HiddenField()
