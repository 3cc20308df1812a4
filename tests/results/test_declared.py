"""Declared results: recorded by form, CSV or command, validated against the frozen ballot, drawn on the
result stage of the dashboard."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from flask import render_template

from tests.results.conftest import build_world
from tests.results.test_counts import FORMULA_NAMES, FORMULA_STARTS
from tracker.audit.models import AuditEvent
from tracker.ballot.judging import current_stage, judge
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.results import operations
from tracker.results.figures import DeclaredFigures, parse_result_csv
from tracker.results.models import DeclaredResult
from tracker.results.services import stage_extras
from tracker.types import utcnow

#: 1,000 valid votes: Clark excluded in round 1, Brown in round 2, Adams elected in round 3.
THREE_ROUNDS_CSV = """round,candidate,votes,status
1,Ann Adams,450,
1,Ben Brown,350,
1,Cat Clark,200,excluded
2,Ann Adams,480,
2,Ben Brown,490,
2,non-transferable,30,
3,Ann Adams,560,elected
3,Ben Brown,400,
3,non-transferable,40,
"""

GRID = {  # the same result as the admin form posts it: r<round>-<index in ballot order>
    "electorate": "2000", "turnout": "1012", "valid_votes": "1000", "rejected_votes": "12", "rounds": "3",
    "r1-0": "450", "r1-1": "350", "r1-2": "200", "r1-2-status": "excluded", "r1-nt": "0",
    "r2-0": "480", "r2-1": "490", "r2-nt": "30",
    "r3-0": "560", "r3-0-status": "elected", "r3-1": "400", "r3-nt": "40",
    "action": "save",
}


def frozen_world(**kwargs):
    world = build_world(**kwargs)
    _, digest = operations.ballot_preview(world.contest)
    operations.freeze_ballot(world.contest, digest)
    db.session.commit()
    return world


@pytest.fixture
def frozen(app):
    return frozen_world()


def figures(csv_text=THREE_ROUNDS_CSV, **headline):
    rounds, problems = parse_result_csv(csv_text)
    assert problems == []
    values = dict(valid_votes=1000, rejected_votes=12, electorate=2000, turnout=1012) | headline
    return DeclaredFigures(rounds=rounds, **values)


def test_a_three_round_result_is_recorded_and_moves_the_contest_to_result(frozen):
    result = operations.declare_result(frozen.contest, figures())
    db.session.commit()
    assert [r["round"] for r in result.rounds] == [1, 2, 3]
    assert result.rounds[2] == {"round": 3, "votes": {"Ann Adams": "560", "Ben Brown": "400"},
                                "non_transferable": "40", "elected": ["Ann Adams"], "excluded": []}
    assert (result.electorate, result.turnout, result.valid_votes, result.rejected_votes) == (2000, 1012, 1000, 12)
    assert current_stage(frozen.contest, utcnow()).key == "result"
    event = db.session.query(AuditEvent).filter_by(action="result.declare").one()
    assert event.public and event.summary == "The result for Leader was declared: elected Ann Adams."
    assert (event.object_type, event.object_id) == ("declaredresult", result.id)


def test_a_result_needs_a_frozen_ballot(app):
    world = build_world()
    with pytest.raises(DomainError) as refused:
        operations.declare_result(world.contest, figures())
    assert refused.value.messages == [
        "The ballot for Leader has not been frozen: freeze and publish it before recording the result."
    ]
    assert db.session.query(DeclaredResult).count() == 0


def test_a_result_cannot_be_recorded_before_voting_closes(app):
    world = frozen_world()
    world.contest.ballot_closes_at = utcnow() + timedelta(days=1)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        operations.declare_result(world.contest, figures())
    assert refused.value.messages[0].startswith("Voting in Leader closes at ")


@pytest.mark.parametrize(
    "csv_text, headline, sentence",
    [
        (THREE_ROUNDS_CSV.replace("2,non-transferable,30", "2,non-transferable,20"), {},
         "In round 2 the candidates' votes (970) and the non-transferable votes (20) add up to 990, "
         "not the valid vote of 1,000."),
        (THREE_ROUNDS_CSV.replace("3,non-transferable,40", "3,Cat Clark,40"), {},
         "Cat Clark was excluded in round 1 but has 40 votes in round 3; an excluded candidate stays excluded."),
        (THREE_ROUNDS_CSV.replace("3,Ben Brown,400,", "3,Ben Brown,400,elected"), {},
         "2 candidates are marked elected, but the contest has 1 seat."),
        (THREE_ROUNDS_CSV.replace("Cat Clark", "Zed Zane"), {},
         "Round 1 names Zed Zane, not on the frozen ballot."),
        (THREE_ROUNDS_CSV, {"turnout": 999},
         "The turnout (999) must be the valid (1,000) plus rejected (12) ballots, 1,012."),
    ],
    ids=["sums", "excluded-stays-excluded", "elected-equals-seats", "frozen-ballot-candidates", "turnout"],
)
def test_each_rule_is_refused_with_its_sentence_and_nothing_is_written(frozen, csv_text, headline, sentence):
    with pytest.raises(DomainError) as refused:
        operations.declare_result(frozen.contest, figures(csv_text, **headline))
    assert sentence in refused.value.messages
    db.session.rollback()
    assert db.session.query(DeclaredResult).count() == 0
    assert db.session.query(AuditEvent).filter(AuditEvent.action.like("result.%")).count() == 0


def test_names_are_matched_to_the_ballot_ignoring_case_and_spacing(frozen):
    result = operations.declare_result(frozen.contest, figures(THREE_ROUNDS_CSV.replace("Ann Adams", "ann  ADAMS")))
    assert result.rounds[2]["elected"] == ["Ann Adams"]


def test_a_second_declaration_corrects_the_first_and_keeps_the_old_figures_in_the_audit(frozen):
    operations.declare_result(frozen.contest, figures())
    db.session.commit()
    operations.declare_result(frozen.contest, figures(electorate=2100))
    db.session.commit()
    assert db.session.query(DeclaredResult).one().electorate == 2100
    event = db.session.query(AuditEvent).filter_by(action="result.correct").one()
    assert event.before["electorate"] == 2000 and event.after["electorate"] == 2100


def test_once_declared_the_ballot_can_no_longer_be_reissued(frozen):
    operations.declare_result(frozen.contest, figures())
    db.session.commit()
    _, digest = operations.ballot_preview(frozen.contest)
    with pytest.raises(DomainError, match="has been declared"):
        operations.freeze_ballot(frozen.contest, digest)


# --- drawn on the result stage -------------------------------------------------------------------------


def result_stage_html(app, contest) -> str:
    now = utcnow()
    with app.test_request_context():
        return render_template("results/_result_stage.html", **stage_extras(judge(contest, now)))


def test_the_result_stage_draws_the_rounds_as_a_table_and_a_chart_and_names_the_winner(app, frozen):
    assert "The declared result" not in result_stage_html(app, frozen.contest)  # nothing to show yet
    operations.declare_result(frozen.contest, figures())
    db.session.commit()
    html = result_stage_html(app, frozen.contest)
    assert "<strong>Elected:</strong> Ann Adams" in html
    assert html.count('<th scope="col">Round ') == 3
    assert ' class="num elected">560 <span class="share">(56.0%)</span> <strong>elected</strong></td>' in html
    assert ' class="num excluded">200 <span class="share">(20.0%)</span> <em>excluded</em></td>' in html
    assert "Electorate 2,000; turnout 1,012 (50.6%); valid votes 1,000; rejected ballots 12." in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "Ann Adams: 450 in round 1, 480 in round 2, 560 in round 3 (elected in round 3)" in html


def test_the_result_stage_shows_a_result_only_once_declared_as_of_the_moment_asked(app, frozen):
    operations.declare_result(frozen.contest, figures())
    db.session.commit()
    before = utcnow() - timedelta(hours=1)
    extras = stage_extras(judge(frozen.contest, before))
    assert extras["result_view"] is None


def test_the_public_dashboard_draws_the_declared_result(app, client, frozen):
    operations.declare_result(frozen.contest, figures())
    db.session.commit()
    response = client.get(f"/elections/{frozen.election.slug}/contests/leader")
    assert response.status_code == 200
    assert b"<strong>Elected:</strong> Ann Adams" in response.data
    assert b' class="num elected">560 <span class="share">(56.0%)</span> <strong>elected</strong></td>' in response.data


# --- by form, by CSV upload, by command --------------------------------------------------------------


def test_admin_records_three_rounds_through_the_form(client, admin, frozen):
    url = f"/admin/elections/{frozen.election.slug}/contests/leader/result"
    page = client.get(url)
    assert page.status_code == 200 and b'name="r3-2"' in page.data
    response = client.post(url, data=GRID)
    assert response.status_code == 302, response.data
    result = db.session.query(DeclaredResult).one()
    assert result.rounds[0]["excluded"] == ["Cat Clark"] and result.rounds[2]["elected"] == ["Ann Adams"]


def test_the_form_shows_every_problem_and_keeps_what_was_typed(client, admin, frozen):
    url = f"/admin/elections/{frozen.election.slug}/contests/leader/result"
    response = client.post(url, data=GRID | {"r2-nt": "20", "r3-0-status": ""})
    assert response.status_code == 400
    assert b"add up to 990, not the valid vote of 1,000." in response.data
    assert b"0 candidates are marked elected, but the contest has 1 seat." in response.data
    assert b'name="r2-nt" aria-label="Round 2: non-transferable votes" inputmode="decimal" size="9" value="20"' in response.data
    assert db.session.query(DeclaredResult).count() == 0


def test_a_declaration_time_the_clocks_skipped_is_refused_under_its_field(client, admin, frozen):
    url = f"/admin/elections/{frozen.election.slug}/contests/leader/result"
    response = client.post(url, data=GRID | {"declared_at": "2026-03-29 01:30"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert ('<p class="error" id="declared_at-error">01:30 on 29 March 2026 did not happen in Europe/London: '
            "the clocks went forward over it; give the time as the clocks showed it</p>") in page
    assert 'value="2026-03-29 01:30"' in page  # what was typed is kept
    assert db.session.query(DeclaredResult).count() == 0


def test_the_import_form_refuses_a_skipped_declaration_time_too(client, admin, frozen):
    url = f"/admin/elections/{frozen.election.slug}/contests/leader/result/import"
    response = client.post(url, data={
        "import-csv_file": (io.BytesIO(THREE_ROUNDS_CSV.encode()), "result.csv"), "import-declared_at": "29/03/2026 01:30",
    }, content_type="multipart/form-data")
    assert response.status_code == 400
    assert b"01:30 on 29 March 2026 did not happen in Europe/London" in response.data
    assert db.session.query(DeclaredResult).count() == 0


def test_a_declaration_time_is_read_day_first_and_shown_back_in_the_election_zone(client, admin, frozen):
    url = f"/admin/elections/{frozen.election.slug}/contests/leader/result"
    assert client.post(url, data=GRID | {"declared_at": "04/04/2026 11:00"}).status_code == 302
    assert db.session.query(DeclaredResult).one().declared_at == datetime(2026, 4, 4, 10, 0, tzinfo=UTC)  # BST
    assert b'name="declared_at" type="text" value="2026-04-04 11:00"' in client.get(url).data


@pytest.mark.parametrize("typed, message", [
    ({"r1-0": "1e999999"}, b"Round 1, Ann Adams: &#39;1e999999&#39; is not a number."),
    ({"r1-0": "99999999999"}, b"Round 1, Ann Adams: &#39;99999999999&#39; is more than 2,147,483,647 votes."),
    ({"electorate": "3000000000000", "turnout": "1000000000012", "valid_votes": "1000000000000",
      "r1-0": "999999999450", "r2-0": "999999999480", "r3-0": "999999999560"},
     b"Valid votes cannot exceed 2,147,483,647."),
], ids=["exponent", "huge-votes", "huge-headline"])
def test_figures_beyond_any_count_are_refused_not_a_server_error(client, admin, frozen, typed, message):
    url = f"/admin/elections/{frozen.election.slug}/contests/leader/result"
    response = client.post(url, data=GRID | typed)
    assert response.status_code == 400
    assert message in response.data
    assert db.session.query(DeclaredResult).count() == 0


def test_add_a_round_keeps_the_figures_and_writes_nothing(client, admin, frozen):
    url = f"/admin/elections/{frozen.election.slug}/contests/leader/result"
    response = client.post(url, data=GRID | {"action": "add-round"})
    assert response.status_code == 200
    assert b'name="r4-0"' in response.data and b'value="560"' in response.data
    assert db.session.query(DeclaredResult).count() == 0


def test_admin_imports_the_rounds_from_csv(client, admin, frozen):
    url = f"/admin/elections/{frozen.election.slug}/contests/leader/result/import"
    response = client.post(url, data={
        "import-csv_file": (io.BytesIO(THREE_ROUNDS_CSV.encode()), "result.csv"),
        "import-rejected_votes": "12", "import-turnout": "1012",
    }, content_type="multipart/form-data")
    assert response.status_code == 302, response.data
    result = db.session.query(DeclaredResult).one()
    assert result.valid_votes == 1000 and result.turnout == 1012


def test_a_bad_csv_upload_is_refused_with_row_and_column(client, admin, frozen):
    url = f"/admin/elections/{frozen.election.slug}/contests/leader/result/import"
    response = client.post(url, data={
        "import-csv_file": (io.BytesIO(THREE_ROUNDS_CSV.replace("2,Ben Brown,490", "2,Ben Brown,4x0").encode()),
                            "result.csv"),
    }, content_type="multipart/form-data")
    assert response.status_code == 400
    assert b"result.csv, row 6, column votes: &#39;4x0&#39; is not a number." in response.data
    assert db.session.query(DeclaredResult).count() == 0


def test_secretary_cannot_record_a_result(client, create_user, auth, frozen):
    create_user("sec@example.org", role="secretary", bodies=[frozen.body.code])
    auth.login("sec@example.org")
    url = f"/admin/elections/{frozen.election.slug}/contests/leader/result"
    assert client.get(url).status_code == 403
    assert client.post(url, data=GRID).status_code == 403
    assert client.post(url + "/import", data={}).status_code == 403


def test_import_result_command_records_the_csv(runner, frozen, tmp_path):
    path = tmp_path / "result.csv"
    path.write_text(THREE_ROUNDS_CSV)
    result = runner.invoke(args=["import-result", str(path), "--election", frozen.election.slug,
                                 "--contest", "leader", "--rejected", "12", "--electorate", "2000"])
    assert result.exit_code == 0, result.output
    assert "Recorded the result for Leader: 3 rounds, elected Ann Adams." in result.output
    stored = db.session.query(DeclaredResult).one()
    assert (stored.valid_votes, stored.rejected_votes, stored.electorate) == (1000, 12, 2000)
    assert db.session.query(AuditEvent).filter_by(action="result.declare").one().actor_label == "cli"


def test_import_result_command_prints_every_problem_and_writes_nothing(runner, frozen, tmp_path):
    path = tmp_path / "result.csv"
    path.write_text(THREE_ROUNDS_CSV.replace("3,Ann Adams,560,elected", "3,Ann Adams,560,"))
    result = runner.invoke(args=["import-result", str(path), "--election", frozen.election.slug,
                                 "--contest", "leader", "--valid", "1001"])
    assert result.exit_code == 1
    assert "not the valid vote of 1,001" in result.output
    assert "0 candidates are marked elected, but the contest has 1 seat." in result.output
    assert db.session.query(DeclaredResult).count() == 0


def test_import_result_command_names_an_unknown_contest(runner, app, tmp_path):
    path = tmp_path / "result.csv"
    path.write_text(THREE_ROUNDS_CSV)
    result = runner.invoke(args=["import-result", str(path), "--election", "nope", "--contest", "leader"])
    assert result.exit_code == 1
    assert "There is no contest 'leader' in election 'nope'." in result.output


def test_the_declared_rounds_download_as_csv(client, frozen):
    url = f"/elections/{frozen.election.slug}/contests/leader/result.csv"
    assert client.get(url).status_code == 404
    operations.declare_result(frozen.contest, figures())
    db.session.commit()
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.get_data().decode("utf-8-sig").splitlines() == [
        "candidate,round_1,round_2,round_3,outcome,round_1_percent,round_2_percent,round_3_percent",
        "Ann Adams,450,480,560,elected in round 3,45.0,48.0,56.0",
        "Ben Brown,350,490,400,,35.0,49.0,40.0",
        "Cat Clark,200,,,excluded in round 1,20.0,,",
        "non-transferable,0,30,40,,0.0,3.0,4.0",
        "total,1000,1000,1000,,100.0,100.0,100.0",
    ]


def test_declared_names_that_look_like_formulas_download_as_text(client, app):
    world = build_world()
    formulas = dict(zip(("Ann Adams", "Ben Brown", "Cat Clark"), FORMULA_NAMES, strict=False))
    text = THREE_ROUNDS_CSV
    for name, formula in formulas.items():
        world.candidacies[name].person.name = formula
        text = text.replace(name, '"' + formula.replace('"', '""') + '"')
    operations.freeze_ballot(world.contest, operations.ballot_preview(world.contest)[1])
    operations.declare_result(world.contest, figures(text))
    db.session.commit()
    response = client.get(f"/elections/{world.election.slug}/contests/leader/result.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    first_round = {"Ann Adams": "450", "Ben Brown": "350", "Cat Clark": "200"}
    assert {row[0]: row[1] for row in rows[1:4]} == {FORMULA_NAMES[formulas[name]]: votes
                                                     for name, votes in first_round.items()}
    assert not [value for row in rows for value in row if value.startswith(FORMULA_STARTS)]


def import_csv(client, frozen, text: str):
    url = f"/admin/elections/{frozen.election.slug}/contests/leader/result/import"
    return client.post(url, data={"import-csv_file": (io.BytesIO(text.encode()), "result.csv")},
                       content_type="multipart/form-data")


def test_a_carriage_return_inside_a_csv_field_is_refused_with_its_row_not_an_error(client, admin, frozen):
    response = import_csv(client, frozen, THREE_ROUNDS_CSV.replace("2,Ben Brown,490", "2,Ben\rBrown,490"))
    assert response.status_code == 400
    assert b"result.csv, row 6, column votes: &#39;&#39; is not a number." in response.data
    assert db.session.query(DeclaredResult).count() == 0


def test_a_csv_with_carriage_returns_for_line_ends_or_inside_quotes_is_read(client, admin, frozen):
    text = THREE_ROUNDS_CSV.replace("\n", "\r").replace("2,Ben Brown,490", '2,"Ben\rBrown",490')
    assert import_csv(client, frozen, text).status_code == 302
    assert db.session.query(DeclaredResult).one().rounds[1]["votes"]["Ben Brown"] == "490"


def test_a_csv_value_longer_than_any_field_is_refused_with_its_line(client, admin, frozen):
    response = import_csv(client, frozen, THREE_ROUNDS_CSV + '4,"' + "x" * 200_000 + '",1\n')
    assert response.status_code == 400
    assert b"result.csv, row 11: cannot be read as CSV (field larger than field limit" in response.data
    assert db.session.query(DeclaredResult).count() == 0


def test_a_valid_vote_of_310_digits_is_refused_under_its_field(client, admin, frozen):
    url = f"/admin/elections/{frozen.election.slug}/contests/leader/result"
    response = client.post(url, data=GRID | {"valid_votes": "9" * 310})
    assert response.status_code == 400
    assert 'id="valid_votes-error">Valid votes cannot exceed 2,147,483,647.' in response.get_data(as_text=True)
    assert db.session.query(DeclaredResult).count() == 0
