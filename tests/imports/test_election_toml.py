"""Loading an election definition: every field checked, local times, exact shares, updates in place."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests.imports.conftest import ELECTION_TOML
from tracker.audit.models import AuditEvent
from tracker.elections.models import Contest, Election, Route, Stage
from tracker.extensions import db
from tracker.imports.election_toml import load_election
from tracker.imports.problems import ImportFailed


def rows() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Election, Contest, Stage, Route, AuditEvent)}


def failure(source, filename="election.toml") -> list[str]:
    """The problems of a refused load, checking that it wrote nothing."""
    before = rows()
    with pytest.raises(ImportFailed) as error:
        load_election(source, filename)
    assert rows() == before
    return error.value.lines


def test_definition_creates_the_election_its_contests_stages_and_routes(app, files):
    summary = load_election(files.election)
    election = summary.election
    assert (election.slug, election.title, election.timezone) == ("leadership-2026", "Leadership elections 2026", "Europe/London")
    leader, nec = election.contests
    assert [s.key for s in leader.stages] == ["plp", "supporting"]
    assert [(r.kind, r.count, r.share, r.unions, r.membership_share) for r in leader.stages[1].routes] == [
        ("clp", None, "0.05", None, None), ("affiliate", 3, None, 2, "0.05"),
    ]
    assert (nec.seats, nec.max_nominations_per_body, nec.min_women) == (9, 9, 5)
    assert str(summary) == "3 created, 0 updated, 0 unchanged"


def test_shares_are_kept_exactly_as_written(app, files):
    load_election(files.election)
    assert db.session.scalar(select(Route.share).where(Route.kind == "mp")) == "0.10"


def test_times_without_offset_are_local_to_the_election(app, files):
    load_election(files.election)
    winter = db.session.scalar(select(Stage).where(Stage.key == "plp"))
    summer = db.session.scalar(select(Stage).where(Stage.key == "clp"))
    assert winter.opens_at == datetime(2026, 1, 7, 9, 0, tzinfo=UTC)  # GMT
    assert summer.opens_at == datetime(2026, 6, 1, 8, 0, tzinfo=UTC)  # BST


def test_times_with_an_offset_keep_it(app):
    text = ELECTION_TOML.replace("opens = 2026-01-07T09:00:00", "opens = 2026-01-07T09:00:00+02:00")
    load_election(text, "election.toml")
    assert db.session.scalar(select(Stage.opens_at).where(Stage.key == "plp")) == datetime(2026, 1, 7, 7, 0, tzinfo=UTC)


def test_loading_the_same_definition_twice_changes_nothing_the_second_time(app, files):
    load_election(files.election)
    db.session.commit()
    before = rows()
    summary = load_election(files.election)
    db.session.commit()
    assert rows() == before
    assert str(summary) == "0 created, 0 updated, 3 unchanged"


def test_changed_timetable_updates_the_contest_in_place(app, files):
    first = load_election(files.election).election
    leader_id = first.contests[0].id
    db.session.commit()
    summary = load_election(ELECTION_TOML.replace("closes = 2026-02-14T17:00:00", "closes = 2026-02-16T17:00:00"), "election.toml")
    assert str(summary) == "0 created, 1 updated, 2 unchanged"
    leader = db.session.get(Contest, leader_id)
    assert leader.stages[1].closes_at == datetime(2026, 2, 16, 17, 0, tzinfo=UTC)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "contest.update")).one()
    assert event.before["stages"][1][3] == "2026-02-14T17:00:00+00:00"


def test_definition_with_several_problems_reports_each_and_writes_nothing(app):
    text = """
slug = "Leadership 2026"
title = "Leadership elections 2026"
timezone = "Europe/Lundon"

[[contest]]
slug = "leader"
title = "Leader"
seats = 0
  [[contest.stage]]
  id = "plp"
  title = "Nominations from MPs"
  opens = 2026-01-13T14:30:00
  closes = 2026-01-07T09:00:00
  [[contest.stage.route]]
  kind = "mps"
  share = 1.5
  [[contest.stage]]
  id = "plp"
  title = "Nominations from CLPs"
  opens = 2026-01-15
  close = 2026-02-14T17:00:00
  [[contest.stage.route]]
  kind = "clp"
  unions = 2
  [contest.ballot]
  opens = 2026-01-06T09:00:00

[[contest]]
slug = "leader"
title = "Leader again"
  [[contest.stage]]
  id = "x"
  title = "X"
  opens = 2026-01-07T09:00:00
  closes = 2026-01-08T09:00:00
  [[contest.stage.route]]
  kind = "clp"
  of = 10
"""
    assert failure(text) == [
        "election.toml: timezone: 'Europe/Lundon' is not a time zone name such as Europe/London",
        "election.toml: slug: must be lower-case letters, digits and hyphens, such as leader-2026",
        "election.toml: contest[leader].seats: must be a whole number of at least 1",
        "election.toml: contest[leader].stage[plp].closes: must be after the stage opens",
        "election.toml: contest[leader].stage[plp].route[1].kind: must be one of mp, clp, affiliate",
        "election.toml: contest[leader].stage[plp].route[1].share: must be a share more than 0 and at most 1, such as 0.10",
        "election.toml: contest[leader].stage[plp].close: is not a field here; the fields are closes, id, opens, route, title",
        "election.toml: contest[leader].stage[plp].opens: is a date; give a date and time such as 2026-01-07T09:00:00",
        "election.toml: contest[leader].stage[plp].closes: is required",
        "election.toml: contest[leader].stage[plp].route[1].unions: applies only to a route of kind affiliate",
        "election.toml: contest[leader].ballot.opens: must be at or after the close of the last nomination stage",
        "election.toml: contest[leader].stage[x].route[1].of: gives the base of a share, but the route has no share",
        "election.toml: contest[2].slug: 'leader' names another contest too; slugs must differ",
    ]


def test_stages_must_run_in_the_order_written(app):
    text = ELECTION_TOML.replace("opens = 2026-01-15T09:00:00", "opens = 2026-01-12T09:00:00")
    assert failure(text) == [
        "election.toml: contest[leader].stage[supporting].opens: must be at or after the close of stage 'plp' "
        "(2026-01-13T14:30): stages run in the order written"
    ]


def test_numbers_too_large_to_store_are_refused(app):
    text = ELECTION_TOML.replace("seats = 1", "seats = 99999999999").replace("count = 5", "count = 99999999999")
    assert failure(text) == [
        "election.toml: contest[leader].seats: must be at most 2,147,483,647",
        "election.toml: contest[nec-clp].stage[clp].route[1].count: must be at most 2,147,483,647",
    ]


def test_duplicate_stage_ids_are_refused(app):
    text = ELECTION_TOML.replace('id = "supporting"', 'id = "plp"')
    assert failure(text) == [
        "election.toml: contest[leader].stage[plp].id: 'plp' names another stage of this contest too; ids must differ"
    ]


def test_slugs_and_stage_ids_follow_the_one_slug_rule(app):
    """The rule organisations' slugs follow too: no hyphen at either end, none doubled."""
    text = (ELECTION_TOML.replace('slug = "leadership-2026"', 'slug = "leadership-2026-"')
            .replace('slug = "leader"', 'slug = "leader--2026"').replace('id = "plp"', 'id = "-plp"'))
    rule = "must be lower-case letters, digits and hyphens, such as leader-2026"
    assert failure(text) == [
        f"election.toml: slug: {rule}",
        f"election.toml: contest[1].stage[1].id: {rule}",
        f"election.toml: contest[1].slug: {rule}",
    ]


def test_a_file_that_is_not_toml_is_reported_with_where_it_breaks(app):
    [line] = failure('slug = "x"\ntitle = \n')
    assert line.startswith("election.toml: is not valid TOML: Invalid value (at line 2")


def test_a_file_that_is_not_utf8_is_reported(app, files):
    path = files("latin1.toml", ELECTION_TOML.replace("title = \"Leader\"", "title = \"Líder\"").encode("latin-1"))
    assert failure(path, None) == [f"{path}:7: is not UTF-8 text; save it as UTF-8 and load it again"]


def test_contest_dropped_from_the_file_but_with_candidates_is_a_problem_not_a_deletion(load_all):
    load_all()
    without_nec = ELECTION_TOML[: ELECTION_TOML.index('[[contest]]\nslug = "nec-clp"')]
    assert failure(without_nec) == [
        "election.toml: contest[nec-clp]: is no longer in the file, but NEC: CLP section has 2 candidates and "
        "2 nominations; it is not removed (put it back in the file)"
    ]


def test_contest_dropped_from_the_file_with_nothing_recorded_is_removed(app, files):
    load_election(files.election)
    without_nec = ELECTION_TOML[: ELECTION_TOML.index('[[contest]]\nslug = "nec-clp"')]
    summary = load_election(without_nec, "election.toml")
    assert str(summary) == "0 created, 0 updated, 2 unchanged, 1 removed"
    assert db.session.scalars(select(Contest.slug)).all() == ["leader"]


def test_slots_in_use_keep_max_nominations_per_body_from_going_below_them(load_all):
    load_all()
    assert failure(ELECTION_TOML.replace("max_nominations_per_body = 9", "max_nominations_per_body = 1")) == [
        "election.toml: contest[nec-clp].max_nominations_per_body: cannot be lower than 2: a body already holds "
        "2 nominations in NEC: CLP section"
    ]


def test_a_stage_time_the_clocks_skipped_is_a_problem(app):
    text = ELECTION_TOML.replace("opens = 2026-01-07T09:00:00", "opens = 2026-03-29T01:15:00").replace(
        "closes = 2026-01-13T14:30:00", "closes = 2026-04-13T14:30:00")
    problems = failure(text)
    assert any("opens: 01:15 on 29 March 2026 did not happen in Europe/London" in p for p in problems), problems


def test_times_written_without_seconds_are_read_in_the_election_zone(app):
    text = ELECTION_TOML.replace("opens = 2026-01-07T09:00:00", "opens = 2026-01-07T09:00").replace(
        "closes = 2026-04-02T12:00:00", "closes = 2026-04-02 12:00").replace(
        'title = "Nominations from MPs"', 'title = "Nominations from MPs (opens 2026-01-07T09:00)"')
    load_election(text, "leadership.toml")
    plp = db.session.scalars(select(Stage).where(Stage.key == "plp")).one()
    assert (plp.opens_at, plp.title) == (datetime(2026, 1, 7, 9, 0, tzinfo=UTC), "Nominations from MPs (opens 2026-01-07T09:00)")
    leader = db.session.scalars(select(Contest).where(Contest.slug == "leader")).one()
    assert leader.ballot_closes_at == datetime(2026, 4, 2, 11, 0, tzinfo=UTC)  # BST, +01:00


@pytest.mark.parametrize("written", ['"07/01/2026 09:00"', '"2026-01-07 09:00"', '"7/1/2026 9:00:00"'])
def test_a_time_written_as_a_string_is_read_as_forms_read_it(app, written):
    load_election(ELECTION_TOML.replace("opens = 2026-01-07T09:00:00", f"opens = {written}"), "leadership.toml")
    assert db.session.scalars(select(Stage.opens_at).where(Stage.key == "plp")).one() == datetime(2026, 1, 7, 9, 0, tzinfo=UTC)


def test_an_unreadable_time_string_is_a_sentence_naming_the_field(app):
    problems = failure(ELECTION_TOML.replace("opens = 2026-01-07T09:00:00", 'opens = "7 January 2026"'), "leadership.toml")
    assert problems == ["leadership.toml: contest[leader].stage[plp].opens: '7 January 2026' is not a date and time: "
                        "write it as 2026-02-14 17:00 or 14/02/2026 17:00"]
