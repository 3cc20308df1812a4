"""Every whole number any form reads refuses a number of 310 digits (more than a float holds) with a 400 naming the
field, and writes nothing: swept over every integer field of every form class the app defines."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest

from tests.factories import create_candidate, create_contest, create_nomination
from tests.results.conftest import build_world
from tests.results.test_counts import SMALL_BLT
from tests.results.test_declared import GRID, THREE_ROUNDS_CSV
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.results import operations
from tracker.types import utcnow

HUGE = "9" * 310


def integer_fields() -> set[tuple[str, str]]:
    """(form class, field) for every field of every form that reads a number, found by walking the form classes."""
    import importlib
    import pkgutil

    from flask_wtf import FlaskForm
    from wtforms import DecimalField, FloatField, IntegerField
    from wtforms.fields.core import UnboundField

    import tracker

    for module in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found, waiting = set(), list(FlaskForm.__subclasses__())
    while waiting:
        form_class = waiting.pop()
        waiting.extend(form_class.__subclasses__())
        for name in dir(form_class):
            field = getattr(form_class, name)
            if isinstance(field, UnboundField) and issubclass(field.field_class, IntegerField | DecimalField | FloatField):
                found.add((form_class.__name__, name))
    return found


@pytest.fixture
def world(app, create_user, auth):
    """An admin; Leader's ballot frozen after its nominations closed; Deputy's CLP nominations open, with one
    nomination logged by Town 1 CLP."""
    leader = build_world()
    _, digest = operations.ballot_preview(leader.contest)
    operations.freeze_ballot(leader.contest, digest)
    now = utcnow().replace(second=0, microsecond=0)
    deputy = create_contest(leader.election, slug="deputy", title="Deputy Leader", stages=[
        dict(key="clp", title="Nominations from CLPs", opens_at=now - timedelta(days=3),
             closes_at=now + timedelta(days=7), routes=[dict(kind="clp", count=2)]),
    ])
    candidacy = create_candidate(deputy, "Eve Evans")
    nomination = create_nomination(candidacy, leader.body, now - timedelta(days=1), status="submitted")
    db.session.commit()
    create_user("organiser@example.org", role="organiser", org="grassroots-left")  # publishes appeals
    create_user()
    auth.login()
    return dict(leader=leader, deputy=deputy, candidacy=candidacy, nomination=nomination,
                meeting=(now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))


def post_nomination(client, world, field):
    url = f"/secretary/bodies/{world['leader'].other_body.id}/contests/{world['deputy'].id}/nominate"
    return client.post(url, data={"candidate": world["candidacy"].id, "nominated_at": world["meeting"], field: HUGE})


def post_correction(client, world, field):
    url = f"/secretary/nominations/{world['nomination'].id}/correct"
    return client.post(url, data={"nominated_at": world["meeting"], field: HUGE})


def post_result(client, world, field):
    return client.post(f"/admin/elections/{world['leader'].election.slug}/contests/leader/result", data=GRID | {field: HUGE})


def post_result_import(client, world, field):
    url = f"/admin/elections/{world['leader'].election.slug}/contests/leader/result/import"
    return client.post(url, data={"import-csv_file": (io.BytesIO(THREE_ROUNDS_CSV.encode()), "result.csv"),
                                  f"import-{field}": HUGE}, content_type="multipart/form-data")


def post_count(client, world, field):
    return client.post("/counts/new", data={
        "method": "irv", "contest": str(world["leader"].contest.id), "body": "0",
        "blt_file": (io.BytesIO(SMALL_BLT.encode()), "meeting.blt"), field: HUGE,
    }, content_type="multipart/form-data")


def post_appeal(client, world, field):
    from tests.conftest import PASSWORD

    client.post("/logout")
    client.post("/login", data={"email": "organiser@example.org", "password": PASSWORD})
    return client.post("/organise/appeals/new", data={"slug": "halt", "title": "Halt the count", field: HUGE})


#: How each form is posted, with everything else in it sound.
POSTERS = {
    "PublishForm": post_appeal,
    "NominationForm": post_nomination,
    "CorrectionForm": post_correction,
    "ResultForm": post_result,
    "ResultImportForm": post_result_import,
    "CountForm": post_count,
}
#: The fields' labels, as their refusals name them.
LABELS = {
    "votes_for": "Votes for the candidate", "votes_total": "Votes cast in all", "electorate": "Electorate",
    "turnout": "Turnout (ballot papers returned)", "valid_votes": "Valid votes", "rejected_votes": "Rejected ballots",
    "seats": "Seats", "min_women": "Minimum number of women", "target": "Target",
}
SWEPT = sorted(integer_fields())


def test_the_sweep_covers_every_integer_field_of_every_form():
    assert len(SWEPT) >= 14
    assert {form for form, _ in SWEPT} <= set(POSTERS), "a new form reads a number: add how to post it to POSTERS"
    assert {field for _, field in SWEPT} <= set(LABELS)


@pytest.mark.parametrize("form, field", SWEPT, ids=[f"{form}.{field}" for form, field in SWEPT])
def test_a_number_of_310_digits_in_any_form_is_a_400_naming_the_field(client, world, form, field):
    events = db.session.query(AuditEvent).count()
    response = POSTERS[form](client, world, field)
    assert response.status_code == 400, response.data[:500]
    assert f"{LABELS[field]} cannot exceed 2,147,483,647." in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.query(AuditEvent).count() == events
