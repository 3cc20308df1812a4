"""A CSV import seen before it is written: the import is run inside a savepoint and undone, and what each row
would do is kept, with a fingerprint of it. Confirming runs it again and keeps it only if the fingerprint is the
same, so what is written is exactly what was previewed; the file travels between the two in a signed token."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from tracker.elections.models import Election
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.imports.csv_reading import CsvFile
from tracker.imports.operations import import_summary, run_import
from tracker.imports.problems import ImportFailed, RowOutcome

#: How long a preview may be confirmed for.
TOKEN_MAX_AGE = 2 * 60 * 60
TOKEN_SALT = "tracker.imports.preview"


@dataclass(frozen=True)
class Preview:
    """What importing a file would do (or did): each row's outcome and changes, or every problem."""

    kind: str
    file: CsvFile
    rows: list[RowOutcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    sentence: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def having(self, outcome: str) -> list[RowOutcome]:
        return [row for row in self.rows if row.outcome == outcome]

    @property
    def fingerprint(self) -> str:
        """A hash of the file and of what each row would do, as shown."""
        shown = [self.kind, hashlib.sha256(self.file.data).hexdigest(),
                 [[row.row, row.outcome, row.changes] for row in self.rows], self.problems]
        return hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()


@contextmanager
def _savepoint(keep: list[bool]) -> Iterator[None]:
    """Run the block in a savepoint, kept only if keep[0] is true by its end; the session's notes of what was
    written (for the request's edge and the page cache) are restored when it is undone."""
    notes = dict(db.session.info)
    savepoint = db.session.begin_nested()
    try:
        yield
    except BaseException:
        savepoint.rollback()
        _restore(notes)
        raise
    if keep[0]:
        savepoint.commit()
    else:
        savepoint.rollback()
        _restore(notes)


def _restore(notes: dict) -> None:
    db.session.info.clear()
    db.session.info.update(notes)


def _attempt(election: Election, kind: str, file: CsvFile, keep_if: str | None) -> tuple[Preview, bool]:
    keep = [False]
    with _savepoint(keep):
        try:
            summary = run_import(election, kind, file)
        except ImportFailed as failed:
            return Preview(kind, file, problems=failed.lines), False
        preview = Preview(kind, file, rows=summary.rows, sentence=import_summary(kind, summary))
        keep[0] = keep_if is not None and preview.fingerprint == keep_if
    return preview, keep[0]


def preview_import(election: Election, kind: str, file: CsvFile) -> Preview:
    """What importing the file would do, with nothing written."""
    preview, _ = _attempt(election, kind, file, None)
    return preview


def confirm_import(election: Election, kind: str, file: CsvFile, fingerprint: str) -> tuple[Preview, bool]:
    """Import the file if it would do exactly what the preview with this fingerprint showed; otherwise write
    nothing. Returns what it did (or would now do) and whether it was written."""
    return _attempt(election, kind, file, fingerprint)


# --- the token that carries a preview to its confirmation ---------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def preview_token(election: Election, user_id: int, preview: Preview) -> str:
    """A signed token holding the file, its kind, the election, the user and the preview's fingerprint."""
    return _serializer().dumps({
        "election": election.id, "user": user_id, "kind": preview.kind, "name": preview.file.name,
        "text": preview.file.data.decode("utf-8"), "fingerprint": preview.fingerprint,
    })


@dataclass(frozen=True)
class Previewed:
    """What a preview token carries."""

    kind: str
    file: CsvFile
    fingerprint: str


def read_token(token: str, election: Election, user_id: int) -> Previewed:
    """The preview a token carries, if it was made for this election and user and is recent enough; otherwise
    a DomainError saying to upload the file again."""
    try:
        data = _serializer().loads(token or "", max_age=TOKEN_MAX_AGE)
    except SignatureExpired:
        raise DomainError("This preview is more than two hours old: upload the file again to see what it would do now.",
                          "token") from None
    except BadSignature:
        raise DomainError("This preview cannot be confirmed (it was not made by this site): upload the file again.",
                          "token") from None
    if data.get("election") != election.id or data.get("user") != user_id:
        raise DomainError("This preview was made for another election or by another account: upload the file again.",
                          "token")
    return Previewed(data["kind"], CsvFile(data["name"], data["text"].encode("utf-8")), data["fingerprint"])
