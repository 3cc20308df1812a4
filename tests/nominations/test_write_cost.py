"""Deadline night: what one nomination costs does not grow with the contest. A submission runs the same number of
SQL statements in a contest of 2 candidates and no nominations as in one of 30 candidates nominated by other CLPs."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from tests.factories import create_candidate
from tests.faults.world import login, nominate_path, nomination_form, open_contest
from tracker.bodies.models import NominatingBody
from tracker.elections.models import Contest
from tracker.extensions import db
from tracker.nominations.operations import add_nomination

OTHERS = 3


def statements_of_a_submission(app, world: dict, index: int) -> int:
    """How many SQL statements the secretary of CLP number `index` causes by submitting a nomination."""
    client = app.test_client()
    assert login(client, index).status_code == 302
    ran = []

    def count(conn, cursor, statement, *args) -> None:
        ran.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.post(nominate_path(world, index), data=nomination_form(world)).status_code == 302
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(ran)


def test_a_submission_runs_as_many_statements_in_a_large_contest_as_in_a_small_one(app):
    world = open_contest(clps=2 + OTHERS)
    contest = db.session.get(Contest, world["contest_id"])
    create_candidate(contest, "Ria Patel")
    db.session.commit()
    small = statements_of_a_submission(app, world, 0)

    made = [create_candidate(contest, f"Extra Candidate {n}") for n in range(28)]
    db.session.flush()
    at = world["now"] - timedelta(hours=3)
    contest.max_nominations_per_body = len(made) + 2
    for index in range(OTHERS):  # the other CLPs nominate every new candidate
        body = db.session.get(NominatingBody, world["body_ids"][2 + index])
        for candidacy in made:
            add_nomination(contest, candidacy, body, at)
    db.session.commit()
    large = statements_of_a_submission(app, world, 1)
    assert large == small
