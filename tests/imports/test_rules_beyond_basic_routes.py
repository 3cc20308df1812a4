"""Loading the rules beyond the basic routes: the definition file and the CSV columns accept each construct, store
it, and refuse a wrong use with a `file:line` message, writing nothing."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.imports.conftest import ELECTION_TOML
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy
from tracker.elections.models import Contest, ElectionKind, Stage
from tracker.extensions import db
from tracker.imports.csv_import import import_bodies, import_candidates, import_nominations
from tracker.imports.election_toml import load_election, toml_lines
from tracker.imports.problems import ImportFailed
from tracker.nominations.models import Nomination

DEFINITION = """\
slug = "rules-2026"
title = "Rules 2026"
timezone = "Europe/London"

[[kind]]
id = "member"
title = "member"
plural = "members"
person = true
groups = "local parties"

[[kind]]
id = "mep"
title = "MEP"
plural = "MEPs"
person = true

[[contest]]
slug = "leader"
title = "Leader"
incumbent_exempt = true
self_nomination = false
consent_by = 2026-06-20T12:00:00

  [[contest.stage]]
  id = "parliamentary"
  title = "Nominations from MPs and MEPs"
  opens = 2026-06-01T09:00:00
  closes = 2026-06-10T17:00:00
  [[contest.stage.route]]
  kind = ["mp", "mep"]
  share = 0.20
  [[contest.stage.route]]
  all = [
    { kind = "mp", share = 0.10 },
    { kind = "member", count = 3, spread = 2 },
  ]
  [[contest.stage.amendment]]
  made_at = 2026-06-08T18:00:00
  closes = 2026-06-15T12:30:00
  reason = "extended"

  [[contest.stage]]
  id = "supporting"
  title = "Supporting nominations"
  opens = 2026-06-16T09:00:00
  closes = 2026-06-19T17:00:00
  gates = false
  [[contest.stage.route]]
  kind = "clp"
"""


def failure(source, filename="election.toml") -> list[str]:
    with pytest.raises(ImportFailed) as error:
        load_election(source, filename)
    return error.value.lines


def test_every_construct_is_loaded_and_stored(app):
    election = load_election(DEFINITION, "election.toml").election
    assert [(k.key, k.title, k.plural, k.person, k.groups) for k in election.kinds] == [
        ("member", "member", "members", True, "local parties"), ("mep", "MEP", "MEPs", True, None),
    ]
    contest = election.contests[0]
    assert (contest.incumbent_exempt, contest.self_nomination) == (True, False)
    assert contest.consent_by == datetime(2026, 6, 20, 11, 0, tzinfo=UTC)
    plp, supporting = contest.stages
    assert [(r.position, r.part, r.kind, r.share, r.count, r.spread) for r in plp.routes] == [
        (0, None, "mp,mep", "0.20", None, None), (1, 1, "mp", "0.10", None, None), (1, 2, "member", None, 3, 2),
    ]
    [amendment] = plp.amendments
    assert (amendment.made_at, amendment.closes_at, amendment.reason) == (
        datetime(2026, 6, 8, 17, 0, tzinfo=UTC), datetime(2026, 6, 15, 11, 30, tzinfo=UTC), "extended")
    assert (plp.gates, supporting.gates) == (True, False)


def test_loading_the_same_constructs_twice_changes_nothing(app):
    load_election(DEFINITION, "election.toml")
    db.session.commit()
    assert str(load_election(DEFINITION, "election.toml")) == "0 created, 0 updated, 2 unchanged"


def test_an_old_definition_means_what_it_meant(app):
    election = load_election(ELECTION_TOML, "election.toml").election
    assert election.kinds == []
    leader = election.contests[0]
    assert (leader.incumbent_exempt, leader.self_nomination, leader.consent_by) == (False, True, None)
    assert all(stage.gates and not stage.amendments for stage in leader.stages)
    assert all(route.part is None and route.spread is None for stage in leader.stages for route in stage.routes)


def test_a_pooled_kind_that_is_not_declared_is_refused_with_its_line(app):
    text = DEFINITION.replace('kind = ["mp", "mep"]', 'kind = ["mp", "msp"]')
    line = text.splitlines().index('  kind = ["mp", "msp"]') + 1
    assert failure(text) == [
        f"election.toml:{line}: contest[leader].stage[parliamentary].route[1].kind: 'msp' is not a kind of body this "
        "election knows: declare it with [[kind]], or use one of mp, clp, affiliate, member, mep"
    ]


def test_an_amendment_closing_before_it_was_made_is_refused_with_its_line(app):
    text = DEFINITION.replace("closes = 2026-06-15T12:30:00", "closes = 2026-06-08T12:30:00")
    line = text.splitlines().index("  closes = 2026-06-08T12:30:00") + 1
    assert failure(text) == [
        f"election.toml:{line}: contest[leader].stage[parliamentary].amendment[1].closes: closes at 2026-06-08T12:30, "
        "before the amendment was made at 2026-06-08T18:00"
    ]


def test_a_route_of_one_part_is_refused(app):
    text = DEFINITION.replace('    { kind = "member", count = 3, spread = 2 },\n', "")
    line = text.splitlines().index("  all = [") + 1
    assert failure(text) == [
        f"election.toml:{line}: contest[leader].stage[parliamentary].route[2].all: must list at least two parts, each "
        'a table such as { kind = "mp", share = 0.10 }'
    ]


def test_a_declared_kind_may_not_redeclare_mp(app):
    text = DEFINITION.replace('id = "mep"', 'id = "mp"')
    line = text.splitlines().index('id = "mp"') + 1
    problems = failure(text)
    assert problems[0] == f"election.toml:{line}: kind[2].id: 'mp' is known already: mp, clp and affiliate need no declaring"


def test_every_stage_not_gating_is_refused(app):
    text = DEFINITION.replace('  id = "parliamentary"', '  id = "parliamentary"\n  gates = false')
    assert any("every stage has gates = false" in problem for problem in failure(text))


def test_toml_lines_finds_tables_keys_and_the_parts_of_all():
    lines = toml_lines(DEFINITION)
    text = DEFINITION.splitlines()
    assert text[lines[("contest", 0, "stage", 0, "amendment", 0, "made_at")] - 1].strip().startswith("made_at")
    assert text[lines[("contest", 0, "stage", 0, "route", 1, "all", 1)] - 1].strip().startswith('{ kind = "member"')
    assert text[lines[("kind", 1)] - 1] == "[[kind]]" and text[lines[("kind", 1)]] == 'id = "mep"'


# --- The CSV columns -----------------------------------------------------------------------------------


BODIES = """\
code,name,kind,group,person
MP1,Jo Swinson,mp,,
MP2,MP Two,mp,,
MEP1,MEP One,mep,,Mary Meps
M1,Member One,member,North,
M2,Member Two,member,South,
C1,Anytown,clp,,
"""


@pytest.fixture
def election(app, files):
    found = load_election(DEFINITION, "election.toml").election
    db.session.commit()
    return found


def test_bodies_of_declared_kinds_with_groups_and_persons_are_imported(election, files):
    import_bodies(election, files("bodies.csv", BODIES))
    bodies = {b.code: b for b in db.session.scalars(select(NominatingBody))}
    assert (bodies["M1"].kind, bodies["M1"].group, bodies["M1"].person.name) == ("member", "North", "Member One")
    assert bodies["MEP1"].person.name == "Mary Meps"
    assert bodies["C1"].person is None


def test_an_unknown_kind_in_the_bodies_file_is_refused_with_its_row(election, files):
    path = files("bodies.csv", BODIES.replace("MEP1,MEP One,mep", "MEP1,MEP One,msp"))
    with pytest.raises(ImportFailed) as error:
        import_bodies(election, path)
    assert error.value.lines == [f"{path}:4: kind: 'msp' is not one of mp, clp, affiliate, member, mep"]


def test_spread_without_a_group_column_is_refused(election, files):
    path = files("bodies.csv", "code,name,kind\nM1,Member One,member\n")
    with pytest.raises(ImportFailed) as error:
        import_bodies(election, path)
    assert error.value.lines == [f"{path}:2: group: this column is needed: Leader counts members from distinct "
                                 "groups (spread), so each one needs its group"]


def test_spread_with_a_blank_group_is_refused(election, files):
    path = files("bodies.csv", BODIES.replace("M2,Member Two,member,South", "M2,Member Two,member,"))
    with pytest.raises(ImportFailed) as error:
        import_bodies(election, path)
    assert error.value.lines == [f"{path}:6: group: is empty: Leader counts members from distinct groups (spread), "
                                 "so each one needs its group"]


def test_candidates_columns_incumbent_own_body_and_consent(election, files):
    import_bodies(election, files("bodies.csv", BODIES))
    candidates = files("candidates.csv", "contest,name,incumbent,body,consented_at\n"
                                         "leader,Jo Swinson,no,MP1,2026-06-01 10:00\n"
                                         "leader,Keir Old,yes,,\n")
    import_candidates(election, candidates)
    found = {c.person.name: c for c in db.session.scalars(select(Candidacy))}
    assert (found["Jo Swinson"].body.code, found["Jo Swinson"].consented_at) == (
        "MP1", datetime(2026, 6, 1, 9, 0, tzinfo=UTC))
    assert (found["Keir Old"].incumbent, found["Jo Swinson"].incumbent) == (True, False)
    again = import_candidates(election, candidates)
    assert str(again) == "0 created, 0 updated, 2 unchanged"


def test_nominations_withdrawn_at_a_moment_are_imported_once(election, files):
    import_bodies(election, files("bodies.csv", BODIES))
    import_candidates(election, files("candidates.csv", "contest,name\nleader,Jo Swinson\nleader,Ed Davey\n"))
    nominations = files("nominations.csv", "contest,candidate,body,nominated_at,withdrawn_at\n"
                                           "leader,Ed Davey,MP2,2026-06-02 09:00,2026-06-03 09:00\n"
                                           "leader,Jo Swinson,MP2,2026-06-03 10:00,\n")
    assert str(import_nominations(election, nominations)) == "2 created, 0 updated, 0 unchanged"
    assert str(import_nominations(election, nominations)) == "0 created, 0 updated, 2 unchanged"
    davey = db.session.scalar(select(Nomination).join(Candidacy).where(Nomination.status == "withdrawn"))
    assert davey.withdrawn_at == datetime(2026, 6, 3, 8, 0, tzinfo=UTC)


def test_a_nomination_withdrawn_before_it_was_made_is_refused(election, files):
    import_bodies(election, files("bodies.csv", BODIES))
    import_candidates(election, files("candidates.csv", "contest,name\nleader,Ed Davey\n"))
    path = files("nominations.csv", "contest,candidate,body,nominated_at,withdrawn_at\n"
                                    "leader,Ed Davey,MP2,2026-06-02 09:00,2026-06-01 09:00\n")
    with pytest.raises(ImportFailed) as error:
        import_nominations(election, path)
    assert error.value.lines == [f"{path}:2: withdrawn_at: must be after the nomination was made"]


def test_a_declared_kind_in_use_cannot_be_dropped_from_the_definition(election, files):
    import_bodies(election, files("bodies.csv", BODIES))
    db.session.commit()
    text = DEFINITION.replace('[[kind]]\nid = "mep"\ntitle = "MEP"\nplural = "MEPs"\nperson = true\n', "").replace(
        'kind = ["mp", "mep"]', 'kind = "mp"')
    assert failure(text) == ["election.toml: kind: mep is no longer declared, but bodies of that kind are registered "
                             "in Rules 2026; put the [[kind]] back in the file"]
    assert db.session.scalar(select(ElectionKind.key).where(ElectionKind.key == "mep")) == "mep"
    assert db.session.scalar(select(Stage.gates).join(Contest).where(Stage.key == "supporting")) is False
