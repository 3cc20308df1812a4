"""Forms on every page: an operation attempted inside a savepoint, and its problems shown under their fields."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from tracker.errors import DomainError
from tracker.extensions import db


def show_problems(form, error: DomainError) -> None:
    """Put each problem under its field when the form has one, else above the form."""
    for field, message in error.problems:
        target = getattr(form, field, None) if form is not None else None
        if target is not None and hasattr(target, "errors") and field != "csrf_token":
            target.errors = [*target.errors, message]
        elif form is not None:
            form.form_errors.append(message)


class Attempt:
    """How an attempted operation went: true when it succeeded; otherwise the refusal, with its messages."""

    def __init__(self) -> None:
        self.error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.error is None

    @property
    def messages(self) -> list[str]:
        return self.error.messages if self.error is not None else []


@contextmanager
def attempt(form=None, savepoint: bool = True) -> Iterator[Attempt]:
    """Run the operations in the block inside a savepoint. A DomainError undoes what they wrote, goes under the
    form's fields, and leaves the page to be shown again; the request's edge commits or rolls back the rest.

    ``savepoint=False`` saves its two statements where nothing can need undoing: an operation that checks
    everything before it writes anything, in a view that answers a refusal with 400 (whose transaction the
    request's edge rolls back whole)."""
    outcome = Attempt()
    try:
        with db.session.begin_nested() if savepoint else nullcontext():
            yield outcome
    except DomainError as error:
        outcome.error = error
        show_problems(form, error)
