"""CSV imports: every row checked, every problem reported by row and column, all rows or none, idempotent."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests.imports.conftest import BODIES_CSV, NOMINATIONS_CSV
from tracker.audit.models import AuditEvent
from tracker.ballot.judging import judge
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy, Person
from tracker.extensions import db
from tracker.imports.csv_import import import_bodies, import_candidates, import_nominations, import_suspensions
from tracker.imports.election_toml import load_election
from tracker.imports.problems import ImportFailed
from tracker.models import Contest, Election, Route, Stage
from tracker.nominations.models import Nomination
from tracker.suspensions.models import Suspension
from tracker.vocabulary import AuditObject

MODELS = (Election, Contest, Stage, Route, NominatingBody, Person, Candidacy, Nomination, Suspension, AuditEvent)


def rows() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in MODELS}


def failure(importer, election, path) -> list[str]:
    """The problems of a refused import, checking that it wrote nothing."""
    before = rows()
    with pytest.raises(ImportFailed) as error:
        importer(election, path)
    assert rows() == before
    return [line.replace(f"{path}", path.name) for line in error.value.lines]


@pytest.fixture
def election(app, files):
    loaded = load_election(files.election).election
    db.session.commit()
    return loaded


@pytest.fixture
def registered(election, files):
    """The election with its bodies and candidates imported."""
    import_bodies(election, files.bodies)
    import_candidates(election, files.candidates)
    db.session.commit()
    return election


def test_definition_and_every_file_loaded_twice_change_nothing_the_second_time(load_all):
    _, first = load_all()
    after_first = rows()
    _, second = load_all()
    assert rows() == after_first
    assert [str(s) for s in first] == [
        "3 created, 0 updated, 0 unchanged", "11 created, 0 updated, 0 unchanged", "5 created, 0 updated, 0 unchanged",
        "6 created, 0 updated, 0 unchanged", "2 created, 0 updated, 0 unchanged",
    ]
    assert [str(s) for s in second] == [
        "0 created, 0 updated, 3 unchanged", "0 created, 0 updated, 11 unchanged", "0 created, 0 updated, 5 unchanged",
        "0 created, 0 updated, 6 unchanged", "0 created, 0 updated, 2 unchanged",
    ]


def test_loaded_files_give_the_verdicts_they_describe(load_all):
    election, _ = load_all()
    leader = election.contests[0]
    verdict = judge(leader, datetime(2026, 2, 20, tzinfo=UTC)).verdict
    assert {v.name: v.status for v in verdict.candidates} == {
        "Sam Carter": "on_ballot", "Ria Patel": "suspended", "Jo Bloggs": "withdrawn",
    }


def test_every_created_object_is_audited_and_nomination_facts_are_public(load_all):
    load_all()
    public = db.session.scalars(select(AuditEvent.action).where(AuditEvent.public)).all()
    assert public.count("nomination.create") == 6
    assert public.count("suspension.create") == 2
    assert public.count("candidacy.withdraw") == 1
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "body.create")) == 11


def test_every_audit_event_names_an_object_of_the_type_it_is_stored_with(load_all):
    """The stored object types are the lower-cased class names they always were (the feeds filter on them)."""
    load_all()
    model_of = {AuditObject.ELECTION: Election, AuditObject.CONTEST: Contest, AuditObject.BODY: NominatingBody,
                AuditObject.PERSON: Person, AuditObject.CANDIDACY: Candidacy, AuditObject.NOMINATION: Nomination,
                AuditObject.SUSPENSION: Suspension}
    events = db.session.scalars(select(AuditEvent)).all()
    assert {e.object_type for e in events} == set(model_of)
    for event in events:
        model = model_of[event.object_type]
        assert event.object_type == model.__name__.lower()
        assert db.session.get(model, event.object_id) is not None, event.action


def test_mp_bodies_are_linked_to_their_person_by_name(registered):
    mp = db.session.scalars(select(NominatingBody).where(NominatingBody.code == "MP01")).one()
    assert (mp.person.name, mp.person.slug) == ("Tom Reed", "tom-reed")


def test_rows_that_changed_are_updated_and_the_rest_left_alone(registered, files):
    renamed = BODIES_CSV.replace("CLP002,Bridgeford,clp,Wales,,", "CLP002,Bridgeford and Ely,clp,Wales,,")
    summary = import_bodies(registered, files("bodies2.csv", renamed))
    assert str(summary) == "0 created, 1 updated, 10 unchanged"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "body.update")).one()
    assert (event.before["name"], event.after["name"]) == ("Bridgeford", "Bridgeford and Ely")


def test_nomination_status_changes_go_through_the_operations(registered, files):
    import_nominations(registered, files.nominations)
    verified = NOMINATIONS_CSV.replace("2026-06-05T19:00:00,submitted", "2026-06-05T19:00:00,verified")
    withdrawn = verified.replace("leader,Sam Carter,CLP001,2026-01-20T19:30:00,", "leader,Sam Carter,CLP001,2026-01-20T19:30:00,withdrawn")
    summary = import_nominations(registered, files("nominations2.csv", withdrawn))
    assert str(summary) == "0 created, 2 updated, 4 unchanged"
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.in_(["nomination.verify", "nomination.withdraw"]))).all()
    assert sorted(actions) == ["nomination.verify", "nomination.withdraw"]


def test_a_nomination_may_come_before_the_earlier_stage_rows_it_depends_on(registered, files):
    # CLP row first in the file: the import works in time order, so the MP nomination counts first.
    summary = import_nominations(registered, files.nominations)
    assert summary.created == 6


def test_broken_nominations_file_writes_nothing_and_reports_every_problem(registered, files):
    path = files("nominations.csv", """\
contest,candidate,body,nominated_at,status
leader,Sam Carter,MP01,2026-01-08T10:00:00,
deputy,Sam Carter,MP02,2026-01-08T10:00:00,
leader,Sam Cartre,MP02,2026-01-08T10:00:00,
leader,Ria Patel,MP99,2026-01-08T10:00:00,
leader,Ria Patel,MP03,8 Jan 2026,
leader,Ria Patel,MP04,2026-01-08T10:00:00,approved
leader,Sam Carter,MP01,2026-01-09T10:00:00,
leader,Ria Patel,MP05,2026-01-14T10:00:00,
nec-clp,Ann Ash,MP02,2026-06-05T10:00:00,
leader,Jo Bloggs,CLP002,2026-01-21T10:00:00,
leader,Ria Patel,CLP003,2026-01-21T10:00:00,
""")
    assert failure(import_nominations, registered, path) == [
        "nominations.csv:3: contest: Leadership elections 2026 has no contest 'deputy'; its contests are leader, nec-clp",
        "nominations.csv:4: candidate: no candidate named 'Sam Cartre' in Leader; did you mean 'Sam Carter'?",
        "nominations.csv:5: body: no body has the code 'MP99' in Leadership elections 2026",
        "nominations.csv:6: nominated_at: '8 Jan 2026' is not a date and time: write it as 2026-02-14 17:00 or 14/02/2026 17:00",
        "nominations.csv:7: status: 'approved' is not one of submitted, verified, rejected, withdrawn",
        "nominations.csv:8: candidate: repeats the nomination of Sam Carter by MP01 given on row 2",
        "nominations.csv:9: nominated_at: Nominations from MPs for Leader closed at 14:30 on 13 January 2026",
        "nominations.csv:10: nominated_at: NEC: CLP section takes no nominations from MPs",
        "nominations.csv:11: candidate: Jo Bloggs withdrew on 20 January 2026, so cannot be nominated",
        "nominations.csv:11: candidate: Jo Bloggs did not meet Nominations from MPs, so cannot be nominated by CLPs",
        "nominations.csv:12: candidate: Ria Patel did not meet Nominations from MPs, so cannot be nominated by CLPs",
    ]


def test_broken_bodies_file_writes_nothing_and_reports_every_problem(election, files):
    path = files("bodies.csv", """\
code,name,kind,region,is_union,members
CLP001,Anytown,clp,,,
CLP002,,clp,,,
U01,Union of Care Workers,union,,yes,1000
U02,General Union of Builders,affiliate,,maybe,lots
CLP001,Anytown Again,clp,,,
MP01,Tom Reed,mp,,yes,
CLP003,Castlemoor,clp,Scotland,,,,extra
""")
    assert failure(import_bodies, election, path) == [
        "bodies.csv:3: name: is empty",
        "bodies.csv:4: kind: 'union' is not one of mp, clp, affiliate",
        "bodies.csv:5: is_union: 'maybe' is not yes or no",
        "bodies.csv:5: members: 'lots' is not a whole number (0 or more)",
        "bodies.csv:6: code: repeats the code CLP001 given on row 2",
        "bodies.csv:7: is_union: only an affiliate can be a trade union",
        "bodies.csv:8: has 8 values, but the header names 6 columns",
    ]


def test_a_membership_too_large_to_store_is_refused(election, files):
    path = files("bodies.csv", "code,name,kind,members\nU01,Union of Care Workers,affiliate,99999999999\n")
    assert failure(import_bodies, election, path) == [
        "bodies.csv:2: members: '99999999999' is more than 2,147,483,647",
    ]


def test_a_superscript_digit_is_not_a_whole_number(election, files):
    path = files("bodies.csv", "code,name,kind,members\nU01,Union of Care Workers,affiliate,10²\n")
    assert failure(import_bodies, election, path) == [
        "bodies.csv:2: members: '10²' is not a whole number (0 or more)",
    ]


def test_missing_and_unknown_columns_are_reported_on_the_header_row(election, files):
    path = files("bodies.csv", "code,title,kind,colour\nCLP001,Anytown,clp,red\n")
    assert failure(import_bodies, election, path) == [
        "bodies.csv:1: name: this column is missing",
        "bodies.csv:1: title: is not a column of this file; the columns are code, name, kind, region, is_union, members",
        "bodies.csv:1: colour: is not a column of this file; the columns are code, name, kind, region, is_union, members",
    ]


def test_a_file_that_is_not_utf8_is_one_problem_naming_the_file(election, files):
    path = files("bodies.csv", "code,name,kind\nCLP001,Ynys Môn,clp\n".encode("cp1252"))
    assert failure(import_bodies, election, path) == [
        'bodies.csv: is not UTF-8 text (the first character that is not is on row 2); '
        'save it as UTF-8 ("CSV UTF-8" in a spreadsheet) and import it again'
    ]


def test_a_byte_order_mark_and_blank_lines_are_fine(election, files):
    path = files("bodies.csv", "\ufeffcode,name,kind\r\nCLP001,Ynys Môn,clp\r\n\r\n")
    assert import_bodies(election, path).created == 1


def test_empty_file_asks_for_the_header(election, files):
    assert failure(import_bodies, election, files("bodies.csv", "")) == [
        "bodies.csv:1: has no header row; the first row must name the columns: code, name, kind, region, is_union, members"
    ]


def test_candidates_file_checks_contest_flags_and_dates(election, files):
    path = files("candidates.csv", """\
contest,name,woman,withdrawn_at
leader,Sam Carter,maybe,
nec,Ann Ash,yes,
leader,Sam Carter,no,
leader,Jo Bloggs,,20 January
""")
    assert failure(import_candidates, election, path) == [
        "candidates.csv:2: woman: 'maybe' is not yes or no",
        "candidates.csv:3: contest: Leadership elections 2026 has no contest 'nec'; its contests are leader, nec-clp",
        "candidates.csv:4: name: repeats Sam Carter in Leader given on row 2",
        "candidates.csv:5: withdrawn_at: '20 January' is not a date and time: write it as 2026-02-14 17:00 or 14/02/2026 17:00",
    ]


def test_withdrawal_in_the_candidates_file_is_recorded_in_local_time(registered):
    bloggs = db.session.scalars(select(Candidacy).join(Person).where(Person.name == "Jo Bloggs")).one()
    assert bloggs.withdrawn_at == datetime(2026, 1, 20, 12, 0, tzinfo=UTC)


def test_suspensions_name_a_candidate_or_an_mp(registered, files):
    path = files("suspensions.csv", """\
person,starts_at,ends_at,reason
Ria Patel,2026-01-25T10:00:00,,none published
Nobody Known,2026-01-25T10:00:00,,
Tom Reed,2026-01-05T00:00:00,2026-01-04T00:00:00,Conduct
Ria Patel,2026-01-25T10:00:00,,
Ria Patel,2026-01-26T10:00:00,,
""")
    assert failure(import_suspensions, registered, path) == [
        "suspensions.csv:3: person: Nobody Known is neither a candidate nor an MP in Leadership elections 2026",
        "suspensions.csv:4: ends_at: A suspension must end after it starts",
        "suspensions.csv:5: starts_at: repeats the suspension of Ria Patel from this moment given on row 2",
        "suspensions.csv:6: starts_at: Ria Patel is already recorded as suspended from 25 January 2026",
    ]


def test_suspension_of_an_mp_stops_their_nomination_counting(registered, files):
    import_nominations(registered, files.nominations)
    import_suspensions(registered, files("suspensions.csv", "person,starts_at\nTom Reed,2026-01-07T00:00:00\n"))
    leader = registered.contests[0]
    plp = judge(leader, datetime(2026, 1, 20, tzinfo=UTC)).verdict.verdict("sam-carter").stages[0]
    assert (plp.met, plp.have) == (False, 0)


def test_suspension_lifted_in_a_later_file_is_updated(registered, files):
    import_suspensions(registered, files.suspensions)
    summary = import_suspensions(registered, files("s2.csv", "person,starts_at,ends_at\nRia Patel,2026-01-25T10:00:00,2026-02-01T10:00:00\n"))
    assert str(summary) == "0 created, 1 updated, 0 unchanged"
    suspension = db.session.scalars(select(Suspension).join(Person).where(Person.name == "Ria Patel")).one()
    assert suspension.ends_at == datetime(2026, 2, 1, 10, 0, tzinfo=UTC)


def test_a_local_time_the_clocks_skipped_is_a_problem_not_an_hour_off(registered, files):
    path = files("suspensions.csv", "person,starts_at\nRia Patel,2026-03-29T01:30:00\n")
    [problem] = failure(import_suspensions, registered, path)
    assert problem.startswith("suspensions.csv:2: starts_at: 01:30 on 29 March 2026 did not happen in Europe/London")


def test_a_local_time_the_clocks_repeat_is_read_as_its_first_occurrence(registered, files):
    path = files("suspensions.csv", "person,starts_at\nRia Patel,2026-10-25T01:30:00\n")
    import_suspensions(registered, path)
    from tracker.suspensions.models import Suspension

    assert db.session.query(Suspension).one().starts_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # BST, +01:00


@pytest.mark.parametrize("written", ["14/02/2026 17:00", "2026-02-14 17:00", "14/2/2026 17:00:00", "2026-02-14T17:00"])
def test_a_nomination_time_in_any_accepted_form_imports(registered, files, written):
    path = files("nominations.csv", "contest,candidate,body,nominated_at\n"
                                    "leader,Sam Carter,MP01,2026-01-08T10:00:00\n"
                                    f"leader,Sam Carter,CLP001,{written}\n")
    assert import_nominations(registered, path).created == 2
    by_code = {n.body.code: n.nominated_at for n in db.session.scalars(select(Nomination))}
    assert by_code == {"MP01": datetime(2026, 1, 8, 10, 0, tzinfo=UTC), "CLP001": datetime(2026, 2, 14, 17, 0, tzinfo=UTC)}
