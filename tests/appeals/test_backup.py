"""Appeals survive a backup and restore, and an erasure made after a backup is carried over when that backup is
restored: replayed from its record, which holds no personal data."""
from __future__ import annotations

import json

from sqlalchemy import select

from tracker.appeals import operations, services
from tracker.appeals.models import ShareExportEntry, Signature, Supporter
from tracker.extensions import db


def run(app, *args):
    with app.app_context():
        return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def test_an_erasure_after_a_backup_is_replayed_after_restoring_it(app, world, scratch_app, tmp_path):
    for name, email in (("Ann Able", "ann@example.org"), ("Bob Brown", "bob@example.org")):
        operations.sign(world.appeal, name=name, email=email, body_code="C001", ticked={"local_groups"})
    db.session.commit()
    from tests.appeals.worlds import confirm_directly

    for signature in db.session.scalars(select(Signature)).all():
        confirm_directly(signature)
    operations.export_signers(world.appeal, "share_local_groups")
    db.session.commit()
    assert run(app, "export", tmp_path / "before.json").exit_code == 0

    operations.erase(db.session.scalar(select(Supporter).where(Supporter.email == "ann@example.org")))
    db.session.commit()
    exported = run(app, "export-erasures", tmp_path / "erasures.json")
    assert exported.exit_code == 0 and "Wrote 1 erasures" in exported.output
    assert "ann" not in (tmp_path / "erasures.json").read_text()

    target = scratch_app()
    assert run(target, "restore", tmp_path / "before.json").exit_code == 0
    with target.app_context():
        assert db.session.scalar(select(Supporter.id).where(Supporter.email == "ann@example.org")) is not None
    replayed = run(target, "replay-erasures", tmp_path / "erasures.json")
    assert replayed.exit_code == 0 and "Erased 1 supporter again." in replayed.output, replayed.output
    with target.app_context():
        assert db.session.scalars(select(Supporter.email).order_by(Supporter.id)).all() == [None, "bob@example.org"]
        assert db.session.scalars(select(ShareExportEntry.email).order_by(ShareExportEntry.id)).all() == [
            None, "bob@example.org"]
        assert services.counts(db.session.get(type(world.appeal), world.appeal.id)).confirmed == 2
    again = run(target, "replay-erasures", tmp_path / "erasures.json")
    assert "Erased 0 supporters again." in again.output


def test_a_full_export_carries_the_appeals_and_their_erasures(app, world, tmp_path):
    operations.sign(world.appeal, name="Cy", email="cy@example.org")
    db.session.commit()
    operations.erase(db.session.scalar(select(Supporter)))
    db.session.commit()
    assert run(app, "export", tmp_path / "all.json").exit_code == 0
    tables = json.loads((tmp_path / "all.json").read_text())["tables"]
    for name in ("appeal", "consent_text", "supporter", "signature", "consent_event", "erasure"):
        assert tables[name], name
    assert "cy@example.org" not in (tmp_path / "all.json").read_text()
