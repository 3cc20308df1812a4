"""The Nominations Tracker: who is on the ballot in a party's internal elections, and why.

The app factory lives in tracker.app; importing it lazily keeps the pure cores (tracker.rules,
tracker.counting) free of Flask and SQLAlchemy, so their tests start in milliseconds.
"""
from __future__ import annotations

import sys

#: Commands of the Flask CLI that need no app: for these, `flask --app tracker` builds a bare one.
APPLESS_COMMANDS = ("count",)


def create_app(config: dict | None = None):
    """Build the app (see tracker.app.create_app), or for `flask --app tracker count …` a bare one.

    The Flask CLI calls this factory before it looks up the command it will run; counting a BLT file
    needs no database, so for that command only the count is loaded, not the app, SQLAlchemy or Alembic.
    """
    if config is None and _flask_command() in APPLESS_COMMANDS:
        return _appless_cli_app()
    from tracker.app import create_app as build

    return build(config)


def _flask_command() -> str | None:
    """The command name the Flask CLI is running (`flask [OPTIONS] COMMAND …`), or None outside that CLI.

    Read from the command line: the CLI has not looked the command up yet when it calls the factory.
    Options of the `flask` group are skipped (with their values); help or version asked for comes first.
    """
    click, flask_cli = sys.modules.get("click"), sys.modules.get("flask.cli")
    context = click.get_current_context(silent=True) if click and flask_cli else None
    if context is None or not isinstance(context.command, flask_cli.FlaskGroup):
        return None
    with_values = {name for param in context.command.params if isinstance(param, click.Option)
                   and not param.is_flag and not param.count for name in param.opts}
    words = iter(sys.argv[1:])
    for word in words:
        if word in ("--help", "--version") or word in context.help_option_names:
            return None
        if word == "--":
            return next(words, None)
        if word in with_values:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _appless_cli_app():
    """A Flask app carrying only the commands that need no app: no settings, database or blueprints."""
    from flask import Flask

    from tracker.counting.command import count_command

    app = Flask(__name__)
    app.cli.add_command(count_command)
    return app
