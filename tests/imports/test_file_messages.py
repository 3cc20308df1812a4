"""Messages about whole files, as a secretary's spreadsheet writes them: a problem repeated on many rows is said
once with its rows, a file separated by semicolons or tabs is one sentence, and a name that is not found comes
with the nearest one. The command line prints the same lines."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.imports.csv_import import import_bodies, import_candidates, import_nominations, import_suspensions
from tracker.imports.election_toml import load_election
from tracker.imports.problems import ImportFailed, row_ranges
from tracker.nominations.models import Nomination

HEADER = "contest,candidate,body,nominated_at\n"


@pytest.fixture
def registered(app, files):
    election = load_election(files.election).election
    import_bodies(election, files.bodies)
    import_candidates(election, files.candidates)
    db.session.commit()
    return election


def lines(importer, election, path) -> list[str]:
    with pytest.raises(ImportFailed) as refused:
        importer(election, path)
    return [line.replace(str(path), path.name) for line in refused.value.lines]


def test_row_ranges_are_compressed():
    assert row_ranges([2, 3, 4, 5, 9, 11, 12, 40, 13]) == "2–5, 9, 11–13, 40"
    assert row_ranges([7]) == "7"


def test_the_same_problem_on_many_rows_is_said_once_with_the_rows(registered, files):
    rows = [f"leader,Sam Carter,CLP00{i % 3 + 1},{i} Jan 2026\n" for i in range(1, 5)]
    rows += ["leader,Sam Carter,MP01,2026-01-08 10:00\n", "leader,Ria Patel,MP02,9th January\n"]
    rows += [f"leader,Sam Carter,U0{i},yesterday\n" for i in (1, 2)]
    path = files("nominations.csv", HEADER + "".join(rows))
    assert lines(import_nominations, registered, path) == [
        "nominations.csv: nominated_at, rows 2–5, 7–9: is not a date and time: write it as 2026-02-14 17:00 or "
        "14/02/2026 17:00 (row 2: '1 Jan 2026')",
        "nominations.csv:5: candidate: repeats the nomination of Sam Carter by CLP002 given on row 2",
    ]


def test_the_same_refusal_of_an_operation_on_many_rows_is_said_once(registered, files):
    late = "".join(f"leader,Ria Patel,MP0{i},2026-01-14 10:00\n" for i in (1, 3, 4))
    path = files("nominations.csv", HEADER + late + "leader,Sam Carter,MP05,2026-01-14 10:00\n")
    assert lines(import_nominations, registered, path) == [
        "nominations.csv: nominated_at, rows 2–5: Nominations from MPs for Leader closed at 14:30 on 13 January 2026",
    ]


def test_two_rows_with_the_same_problem_are_still_said_row_by_row(registered, files):
    path = files("nominations.csv", HEADER + "leader,Sam Carter,MP01,soon\nleader,Ria Patel,MP02,later\n")
    assert lines(import_nominations, registered, path) == [
        "nominations.csv:2: nominated_at: 'soon' is not a date and time: write it as 2026-02-14 17:00 or 14/02/2026 17:00",
        "nominations.csv:3: nominated_at: 'later' is not a date and time: write it as 2026-02-14 17:00 or 14/02/2026 17:00",
    ]


@pytest.mark.parametrize(("separator", "words"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_file_separated_otherwise_than_by_commas_is_one_sentence(registered, files, separator, words):
    text = HEADER + "leader,Sam Carter,MP01,08/01/2026 10:00\nleader,Ria Patel,MP02,09/01/2026 11:00\n"
    path = files("nominations.csv", text.replace(",", separator))
    assert lines(import_nominations, registered, path) == [
        f"nominations.csv: this file is separated by {words}; use commas (in a spreadsheet, save it as "
        '"CSV UTF-8 (comma delimited)") and import it again',
    ]


def test_a_semicolon_inside_a_comma_separated_file_is_only_text(app, files):
    election = load_election(files.election).election
    path = files("bodies.csv", "code,name,kind\nCLP001,Anytown; and District,clp\n")
    assert import_bodies(election, path).created == 1


def test_a_mistyped_candidate_is_answered_with_the_nearest_name_in_the_contest(registered, files):
    path = files("nominations.csv", HEADER + "leader,Ria Patell,MP02,2026-01-09 11:00\n"
                                             "leader,sam  carter,MP01,2026-01-08 10:00\n"
                                             "leader,Ann Ash,MP03,2026-01-08 10:00\n")
    assert lines(import_nominations, registered, path) == [
        "nominations.csv:2: candidate: no candidate named 'Ria Patell' in Leader; did you mean 'Ria Patel'?",
        "nominations.csv:3: candidate: no candidate named 'sam carter' in Leader; did you mean 'Sam Carter'?",
        "nominations.csv:4: candidate: no candidate named 'Ann Ash' in Leader",  # a candidate of another contest
    ]


def test_a_mistyped_body_code_or_a_body_named_instead_is_answered_with_the_code(registered, files):
    path = files("nominations.csv", HEADER + "leader,Sam Carter,MP1,2026-01-08 10:00\n"
                                             "leader,Sam Carter,Anytown,2026-01-21 10:00\n")
    assert lines(import_nominations, registered, path) == [
        "nominations.csv:2: body: no body has the code 'MP1' in Leadership elections 2026; did you mean 'MP01'?",
        "nominations.csv:3: body: no body has the code 'Anytown' in Leadership elections 2026; did you mean "
        "'CLP001' (Anytown)? The body column takes a code",
    ]


def test_a_mistyped_person_suspended_is_answered_with_the_nearest_name(registered, files):
    path = files("suspensions.csv", "person,starts_at\nTom Read,2026-01-05 00:00\n")
    assert lines(import_suspensions, registered, path) == [
        "suspensions.csv:2: person: Tom Read is neither a candidate nor an MP in Leadership elections 2026; "
        "did you mean 'Tom Reed'?",
    ]


def test_the_command_line_prints_the_same_lines(runner, files):
    runner.invoke(args=["load", str(files.election)])
    runner.invoke(args=["import", "bodies", str(files.bodies), "--election", "leadership-2026"])
    runner.invoke(args=["import", "candidates", str(files.candidates), "--election", "leadership-2026"])
    path = files("nominations.csv", HEADER + "".join(f"leader,Sam Carter,CLP00{i},{i}/13/2026 10:00\n" for i in (1, 2, 3))
                 + "leader,Ben Carter,MP01,2026-01-08 10:00\n")
    result = runner.invoke(args=["import", "nominations", str(path), "--election", "leadership-2026"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: nominated_at, rows 2–4: is not a date and time: write it as 2026-02-14 17:00 or 14/02/2026 17:00 "
        "(row 2: '1/13/2026 10:00')",
        f"{path}:5: candidate: no candidate named 'Ben Carter' in Leader; did you mean 'Sam Carter'?",
    ]
    semicolons = files("semi.csv", HEADER.replace(",", ";") + "leader;Sam Carter;MP01;2026-01-08 10:00\n")
    result = runner.invoke(args=["import", "nominations", str(semicolons), "--election", "leadership-2026"])
    assert result.stderr.splitlines() == [
        f"{semicolons}: this file is separated by semicolons; use commas (in a spreadsheet, save it as "
        '"CSV UTF-8 (comma delimited)") and import it again',
    ]
    assert db.session.scalar(select(func.count(Nomination.id))) == 0
