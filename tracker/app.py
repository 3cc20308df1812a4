"""The app factory: settings, extensions, blueprints (with their commands), rate limits, error handlers, the
request's transaction, security headers — in that order."""
from __future__ import annotations

import os

from flask import Flask

from tracker import config as config_module
from tracker.extensions import configure_sqlite, csrf, db, login_manager, migrate


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, error handlers, commands."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config_module.from_environment(app.instance_path))
    if config:
        app.config.from_mapping(config)
    trust_proxies(app)
    register_extensions(app)
    register_url_converters(app)
    register_blueprints(app)
    register_limits(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_transaction(app)
    register_security_headers(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind PROXY_COUNT proxies, take the client's address, scheme and host from their X-Forwarded-* headers
    (the last PROXY_COUNT values, which those proxies wrote); without it they are ignored."""
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def register_extensions(app: Flask) -> None:
    from tracker import models  # noqa: F401  (every table known to the metadata and to Alembic)
    from tracker.audit import chain  # noqa: F401  (seals each audit event with its hashes as it is flushed)
    from tracker.types import render_item

    configure_sqlite()
    db.init_app(app)
    migrate.init_app(
        app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"), render_item=render_item
    )
    csrf.init_app(app)
    login_manager.init_app(app, add_context_processor=False)  # its own would load the user for every template
    login_manager.login_view = "accounts.login"

    @app.context_processor
    def current_user_when_asked() -> dict:
        """Templates get `current_user` as Flask-Login's proxy, which loads the user from the database only when a
        template reads it: the page saying the database is out of reach (base.html's `database_down`) never does,
        so it can be shown to someone logged in."""
        from flask_login import current_user

        return {"current_user": current_user}

    @login_manager.user_loader
    def load_user(session_id: str):
        """Sessions and remember-me cookies hold "id:generation"; one whose generation has moved on is nobody."""
        from tracker.accounts.models import User

        return User.from_session_id(session_id)


def register_url_converters(app: Flask) -> None:
    """`<int:…>` in a URL matches only ids an INTEGER column can hold: a larger one is a plain 404."""
    from werkzeug.routing import IntegerConverter

    from tracker.types import MAX_INTEGER

    class DatabaseInteger(IntegerConverter):
        def __init__(self, map, *args, **kwargs):
            kwargs.setdefault("max", MAX_INTEGER)
            super().__init__(map, *args, **kwargs)

    app.url_map.converters["int"] = DatabaseInteger


def register_blueprints(app: Flask) -> None:
    """Each feature's pages, its JSON API and its commands (command blueprints have cli_group=None)."""
    from tracker.accounts.cli import bp as accounts_cli
    from tracker.accounts.views import bp as accounts
    from tracker.admin.views import bp as admin
    from tracker.api.views import bp as api
    from tracker.appeals.api import bp as appeals_api
    from tracker.appeals.cli import bp as appeals_cli
    from tracker.appeals.organise import bp as appeal_organise
    from tracker.appeals.views import bp as appeals
    from tracker.audit.cli import bp as audit_cli
    from tracker.backup.cli import bp as backup_cli
    from tracker.demo.cli import bp as demo_cli
    from tracker.imports.cli import bp as imports_cli
    from tracker.imports.views import bp as importing
    from tracker.mail.cli import bp as mail_cli
    from tracker.nominations.views import bp as nominations
    from tracker.pledges.views import bp as pledges
    from tracker.public.changes_views import bp as changes
    from tracker.public.views import bp as public
    from tracker.results.api import bp as results_api
    from tracker.results.cli import bp as results_cli
    from tracker.results.views import bp as results
    from tracker.slates.api import bp as slates_api
    from tracker.slates.cli import bp as slates_cli
    from tracker.slates.views import bp as slates
    from tracker.voices.api import bp as voices_api
    from tracker.voices.desk import bp as candidate_desk
    from tracker.voices.views import bp as voices

    for blueprint in (public, changes, accounts, nominations, admin, slates, results, api, slates_api, results_api,
                      accounts_cli, imports_cli, demo_cli, slates_cli, results_cli, audit_cli, backup_cli, mail_cli,
                      appeals, appeal_organise, appeals_api, appeals_cli, pledges, voices, candidate_desk, voices_api):
        app.register_blueprint(blueprint)
    app.register_blueprint(importing)  # the admins' web import, /admin/elections/<election>/import
    for read_only in (api, slates_api, results_api, appeals_api, voices_api):  # JSON answered to GET only
        csrf.exempt(read_only)


def register_limits(app: Flask) -> None:
    """Rate limits on the views that need them (logging in), counted in Redis when REDIS_URL is set."""
    from tracker.accounts.limits import register

    register(app)


def register_errorhandlers(app: Flask) -> None:
    from tracker.errors import register_errorhandlers as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from tracker.templating import register

    register(app)


def register_security_headers(app: Flask) -> None:
    from tracker.web.headers import register

    register(app)


def register_transaction(app: Flask) -> None:
    from tracker.web.transaction import register

    register(app)
