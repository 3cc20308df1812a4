"""The procedures secretary's pages: the admin home; each feature adds its own admin views."""
from flask import Blueprint, render_template
from sqlalchemy import func, select

from tracker.accounts.permissions import role_required
from tracker.audit.models import AuditEvent
from tracker.elections.models import Election
from tracker.extensions import db
from tracker.nominations.models import Nomination

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@role_required("admin")
def index():
    elections = db.session.scalars(select(Election).order_by(Election.id.desc())).all()
    waiting = db.session.scalar(select(func.count()).select_from(Nomination).where(Nomination.status == "submitted"))
    recent = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(30)).all()
    return render_template("admin/index.html", elections=elections, waiting=waiting, recent=recent)
