"""Appeals built by the ordinary operations, for tests elsewhere (the backup's "a row in every table")."""
from __future__ import annotations

from sqlalchemy import select

from tracker.appeals import operations
from tracker.appeals.models import Signature, Supporter
from tracker.extensions import db
from tracker.mail.links import new_token


def confirm_directly(signature: Signature) -> None:
    """Confirm as the emailed link would (the link's token is only in the mail)."""
    token, signature.confirm_token_hash = new_token()
    db.session.flush()
    operations.confirm(token)


def build_appeals(organisation, *, contest=None, suspension=None, body_code: str = "") -> None:
    """An appeal with a consent asked; two supporters (one confirmed and exported to local groups, one erased); a
    "my data" link; so a row in every appeals table."""
    appeal = operations.publish_appeal(organisation, slug="halt-the-nec", title="Halt the NEC elections",
                                       petitioning="the NEC", target=100, contest=contest, suspension=suspension,
                                       consents=[("local_groups", "Share my details with local groups.",
                                                  "local and regional groups")])
    for name, email in (("Ann Able", "ann@example.org"), ("Bob Brown", "bob@example.org")):
        operations.sign(appeal, name=name, email=email, body_code=body_code, ticked={"local_groups"})
    db.session.flush()
    for signature in db.session.scalars(select(Signature).where(Signature.appeal_id == appeal.id)):
        confirm_directly(signature)
    operations.export_signers(appeal, "share_local_groups", "for the regional meeting")
    bob = db.session.scalar(select(Supporter).where(Supporter.email == "bob@example.org"))
    operations.erase(bob)
    ann = db.session.scalar(select(Supporter).where(Supporter.email == "ann@example.org"))
    operations.my_data_link(ann)
    db.session.commit()
