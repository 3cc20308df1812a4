"""Deadline night: what one nomination costs does not grow with the contest. A submission runs the same number of
SQL statements in a contest of 2 candidates and no nominations as in one of 30 candidates nominated by other CLPs;
and the contest's rules, once read, are not read again until they change."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from tests.factories import create_candidate
from tests.faults.world import login, nominate_path, nomination_form, open_contest
from tracker.ballot.judging import forget_kept_rules
from tracker.bodies.models import NominatingBody
from tracker.elections.models import Contest
from tracker.extensions import db
from tracker.nominations.operations import add_nomination

OTHERS = 3


def statements_of_a_submission(app, world: dict, index: int, form: dict | None = None) -> list[str]:
    """The SQL statements the secretary of CLP number `index` causes by submitting a nomination."""
    client = app.test_client()
    assert login(client, index).status_code == 302
    ran = []

    def count(conn, cursor, statement, *args) -> None:
        ran.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.post(nominate_path(world, index), data=form or nomination_form(world)).status_code == 302
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return ran


def reading(table: str, statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("SELECT") and f"FROM {table}" in " ".join(s.split())]


def test_a_submission_runs_as_many_statements_in_a_large_contest_as_in_a_small_one(app):
    world = open_contest(clps=2 + OTHERS)
    contest = db.session.get(Contest, world["contest_id"])
    create_candidate(contest, "Ria Patel")
    db.session.commit()
    forget_kept_rules()  # both submissions read the rules afresh
    small = len(statements_of_a_submission(app, world, 0))

    made = [create_candidate(contest, f"Extra Candidate {n}") for n in range(28)]
    db.session.flush()
    at = world["now"] - timedelta(hours=3)
    contest.max_nominations_per_body = len(made) + 2
    for index in range(OTHERS):  # the other CLPs nominate every new candidate
        body = db.session.get(NominatingBody, world["body_ids"][2 + index])
        for candidacy in made:
            add_nomination(contest, candidacy, body, at)
    db.session.commit()
    forget_kept_rules()
    large = len(statements_of_a_submission(app, world, 1))
    assert large == small


def test_the_rules_are_read_once_and_again_as_soon_as_they_change(app):
    world = open_contest(clps=3)
    contest = db.session.get(Contest, world["contest_id"])
    create_candidate(contest, "Ria Patel")
    db.session.commit()
    forget_kept_rules()
    first = statements_of_a_submission(app, world, 0)
    assert reading("stage", first) and reading("route", first)
    second = statements_of_a_submission(app, world, 1)
    assert not reading("stage", second) and not reading("route", second) and len(second) < len(first)

    # The stage closes early (a change through the app's models, as every writer makes it): the next submission
    # reads the new close at once, and is refused.
    contest = db.session.get(Contest, world["contest_id"])
    contest.stages[0].closes_at = world["now"] - timedelta(hours=1)
    db.session.commit()
    client = app.test_client()
    assert login(client, 2).status_code == 302
    refused = client.post(nominate_path(world, 2), data=nomination_form(world))
    assert refused.status_code == 400 and "closed at" in refused.get_data(as_text=True)
