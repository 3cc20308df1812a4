"""What every command shares: one transaction committed at its edge, and refusals shown as click errors."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

import click
from flask import g

from tracker.errors import DomainError
from tracker.extensions import db


class Refused(click.ClickException):
    """A command's refusal: every problem on its own line on stderr, exit status 1, nothing written."""

    def __init__(self, lines: Iterable[str]):
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


def problem_lines(error: DomainError, prefix: str = "") -> list[str]:
    """A domain error's problems as lines: "field: sentence", or the sentence alone."""
    return [f"{prefix}{field}: {message}" if field else f"{prefix}{message}" for field, message in error.problems]


def in_one_transaction(actor: str = "cli") -> Callable:
    """Run a command in one transaction: committed when it returns, rolled back when it raises; a DomainError
    becomes `Refused`. What the command returns (a line, or lines) is printed after the commit."""

    def decorate(command: Callable) -> Callable:
        @wraps(command)
        def run(*args, **kwargs):
            g.actor_label = actor
            try:
                said = command(*args, **kwargs)
            except DomainError as error:
                db.session.rollback()
                raise Refused(problem_lines(error)) from None
            except BaseException:
                db.session.rollback()
                raise
            db.session.commit()
            for line in [said] if isinstance(said, str) else (said or ()):
                click.echo(line)

        return run

    return decorate
