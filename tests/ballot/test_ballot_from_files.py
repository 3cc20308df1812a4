"""A contest loaded from TOML and CSV gives the right ballot through the API at three moments."""
import textwrap

import pytest

from tracker.extensions import db

ELECTION = textwrap.dedent("""
    slug = "leadership-2026"
    title = "Leadership elections 2026"
    timezone = "Europe/London"

    [[contest]]
    slug = "leader"
    title = "Leader"
    seats = 1

      [[contest.stage]]
      id = "plp"
      title = "Nominations from MPs"
      opens = 2026-01-07T09:00:00
      closes = 2026-01-13T14:30:00
      [[contest.stage.route]]
      kind = "mp"
      share = 0.20

      [[contest.stage]]
      id = "supporting"
      title = "Nominations from CLPs or affiliates"
      opens = 2026-01-15T09:00:00
      closes = 2026-02-14T17:00:00
      [[contest.stage.route]]
      kind = "clp"
      share = 0.5
      [[contest.stage.route]]
      kind = "affiliate"
      count = 2
      unions = 1
      membership_share = 0.5

      [contest.ballot]
      opens = 2026-02-24T09:00:00
      closes = 2026-04-02T12:00:00
      result = 2026-04-04T11:00:00
""")

BODIES = """code,name,kind,region,is_union,members
MP01,Alex Abbott,mp,London,,
MP02,Bea Brown,mp,Wales,,
MP03,Cal Cole,mp,Scotland,,
MP04,Dee Dunn,mp,London,,
MP05,Eve Ekwu,mp,North West,,
MP06,Fin Ford,mp,North East,,
MP07,Gil Grey,mp,London,,
MP08,Hal Hume,mp,Wales,,
MP09,Ida Ince,mp,London,,
MP10,Jo Jones,mp,South West,,
CLP1,Anytown,clp,London,,
CLP2,Beeton,clp,Wales,,
CLP3,Ceeville,clp,Scotland,,
CLP4,Deeford,clp,London,,
U1,Big Union,affiliate,,yes,600
S1,Small Society,affiliate,,no,400
"""

CANDIDATES = """contest,name,woman,withdrawn_at
leader,Sam Carter,no,
leader,Ria Patel,yes,
leader,Lee Hughes,no,
leader,Mo Okafor,no,2026-01-20T12:00:00
"""

# Carter: 3 MPs (needs 20% of 10 = 2), then 2 CLPs (50% of 4 = 2) -> on the ballot.
# Patel: 2 MPs, then the affiliate route: U1 + S1 = 2 nominations, 1 union, 100% membership -> on the ballot.
# Hughes: 1 MP -> eliminated at the MP stage. Okafor: 2 MPs, then withdrew on 20 January.
NOMINATIONS = """contest,candidate,body,nominated_at,status
leader,Sam Carter,MP01,2026-01-08T10:00:00,verified
leader,Sam Carter,MP02,2026-01-08T11:00:00,verified
leader,Sam Carter,MP03,2026-01-12T11:00:00,verified
leader,Ria Patel,MP04,2026-01-09T10:00:00,verified
leader,Ria Patel,MP05,2026-01-13T14:00:00,submitted
leader,Lee Hughes,MP06,2026-01-09T10:00:00,verified
leader,Mo Okafor,MP07,2026-01-10T10:00:00,verified
leader,Mo Okafor,MP08,2026-01-10T12:00:00,verified
leader,Sam Carter,CLP1,2026-01-20T19:30:00,verified
leader,Sam Carter,CLP2,2026-02-10T19:30:00,verified
leader,Ria Patel,CLP3,2026-01-22T19:30:00,verified
leader,Ria Patel,U1,2026-01-25T12:00:00,verified
leader,Ria Patel,S1,2026-02-01T12:00:00,verified
"""


@pytest.fixture
def loaded(app, runner, tmp_path):
    files = {"election.toml": ELECTION, "bodies.csv": BODIES, "candidates.csv": CANDIDATES,
             "nominations.csv": NOMINATIONS}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    steps = [["load", str(tmp_path / "election.toml")]] + [
        ["import", kind, str(tmp_path / f"{kind}.csv"), "--election", "leadership-2026"]
        for kind in ("bodies", "candidates", "nominations")
    ]
    for args in steps:
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    db.session.remove()
    return app


def ballot(client, as_of):
    response = client.get(f"/api/v1/elections/leadership-2026/contests/leader/ballot?as_of={as_of}")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    return body, {c["name"]: c["status"] for c in body["candidates"]}


def test_midway_through_the_mp_stage_those_with_enough_mps_have_qualified_and_nothing_is_final(loaded, client):
    body, statuses = ballot(client, "2026-01-10T12:00:00")
    assert body["stage"] == "plp"
    assert body["on_ballot"] == []
    assert statuses == {"Sam Carter": "qualified", "Ria Patel": "in_progress",
                        "Lee Hughes": "in_progress", "Mo Okafor": "qualified"}
    carter = next(c for c in body["candidates"] if c["name"] == "Sam Carter")
    assert carter["stages"][0]["have"] == 2 and carter["stages"][0]["needed"] == 2
    assert (carter["stages"][0]["met"], carter["stages"][0]["final"]) == (True, False)
    assert carter["stages"][0]["met_at"] == "2026-01-08T11:00:00+00:00"  # MP02's nomination made it 2
    patel = next(c for c in body["candidates"] if c["name"] == "Ria Patel")
    assert (patel["stages"][0]["met"], patel["stages"][0]["met_at"]) == (False, None)


def test_between_stages_the_mp_stage_is_final_and_those_who_met_it_are_qualified(loaded, client):
    body, statuses = ballot(client, "2026-01-14T12:00:00")
    assert body["stage"] == "between:supporting"
    assert body["on_ballot"] == []
    assert statuses == {"Sam Carter": "qualified", "Ria Patel": "qualified",
                        "Lee Hughes": "eliminated", "Mo Okafor": "qualified"}
    patel = next(c for c in body["candidates"] if c["name"] == "Ria Patel")
    assert patel["stages"][0] | {"detail": ""} == {"id": "plp", "met": True, "final": True,
                                                   "met_at": "2026-01-13T14:00:00+00:00", "needed": 2, "have": 2,
                                                   "detail": ""}
    assert (patel["stages"][1]["met"], patel["stages"][1]["final"], patel["stages"][1]["met_at"]) == (False, False, None)


def test_after_the_last_close_the_ballot_is_set_in_surname_order(loaded, client):
    body, statuses = ballot(client, "2026-02-15T09:00:00")
    assert body["on_ballot"] == ["Sam Carter", "Ria Patel"]
    assert statuses == {"Sam Carter": "on_ballot", "Ria Patel": "on_ballot",
                        "Lee Hughes": "eliminated", "Mo Okafor": "withdrawn"}
    assert [c["name"] for c in body["candidates"]] == ["Sam Carter", "Lee Hughes", "Mo Okafor", "Ria Patel"]


def test_as_of_that_is_not_a_date_is_a_400_naming_the_parameter(loaded, client):
    response = client.get("/api/v1/elections/leadership-2026/contests/leader/ballot?as_of=yesterday")
    assert response.status_code == 400
    assert "as_of" in response.get_json()["message"]


def test_unknown_contest_is_a_404(loaded, client):
    assert client.get("/api/v1/elections/leadership-2026/contests/nope/ballot").status_code == 404
