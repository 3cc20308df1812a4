"""Bodies of the kinds an election declares (msp, mep, member, ...): the API answers about them match openapi.json
(the checked client validates every answer), and every filter by kind accepts them, refusing any other kind with a
400 that names the kinds allowed."""
from __future__ import annotations

import pytest

from tests.imports.test_rules_beyond_basic_routes import BODIES, DEFINITION
from tracker.extensions import db
from tracker.imports.csv_import import import_bodies
from tracker.imports.election_toml import load_election


@pytest.fixture
def declared(app, clock, tmp_path):
    election = load_election(DEFINITION, "election.toml").election
    path = tmp_path / "bodies.csv"
    path.write_text(BODIES)
    import_bodies(election, path)
    db.session.commit()
    return election


def test_a_body_of_a_declared_kind_is_answered_as_the_document_describes(client, declared):
    body = client.get("/api/v1/elections/rules-2026/bodies/MEP1")
    assert body.status_code == 200  # and checked against openapi.json by the client
    assert body.get_json()["kind"] == "mep"
    member = client.get("/api/v1/elections/rules-2026/bodies/M1").get_json()
    assert member["kind"] == "member"
    listed = client.get("/api/v1/elections/rules-2026/bodies").get_json()
    assert {b["kind"] for b in listed} == {"mp", "mep", "member", "clp"}
    everywhere = client.get("/api/v1/bodies").get_json()
    assert {b["kind"] for b in everywhere} == {"mp", "mep", "member", "clp"}


def test_the_contest_and_ballot_of_declared_kinds_are_answered_as_the_document_describes(client, declared):
    contest = client.get("/api/v1/elections/rules-2026/contests/leader")
    assert contest.status_code == 200
    assert contest.get_json()["stages"][0]["routes"][0]["kinds"] == ["mp", "mep"]
    ballot = client.get("/api/v1/elections/rules-2026/contests/leader/ballot?as_of=2026-06-12T12:00")
    assert ballot.status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/elections/rules-2026/bodies", "/api/v1/bodies"])
def test_the_api_filters_bodies_by_a_declared_kind(client, declared, url):
    members = client.get(url, query_string={"kind": "member"})
    assert members.status_code == 200
    assert [b["code"] for b in members.get_json()] == ["M1", "M2"]
    meps = client.get(url, query_string={"kind": "mep", "q": "one"}).get_json()
    assert [b["code"] for b in meps] == ["MEP1"]
    assert [b["code"] for b in client.get(url, query_string={"kind": "mp"}).get_json()] == ["MP1", "MP2"]


@pytest.mark.parametrize("url", ["/api/v1/elections/rules-2026/bodies", "/api/v1/bodies"])
def test_the_api_refuses_a_kind_no_election_declares_naming_the_kinds_allowed(client, declared, url):
    refused = client.get(url, query_string={"kind": "msp"})
    assert refused.status_code == 400
    assert "kind must be one of mp, clp, affiliate, member, mep, not 'msp'" in refused.get_data(as_text=True)


def test_an_elections_bodies_accept_only_the_kinds_that_election_declares(client, declared):
    load_election(DEFINITION.replace('slug = "rules-2026"', 'slug = "other-2026"')
                  .replace('id = "mep"', 'id = "msp"').replace('"mep"]', '"msp"]'), "other.toml")
    db.session.commit()
    assert client.get("/api/v1/bodies", query_string={"kind": "msp"}).status_code == 200
    refused = client.get("/api/v1/elections/rules-2026/bodies", query_string={"kind": "msp"})
    assert refused.status_code == 400
    assert "one of mp, clp, affiliate, member, mep, not 'msp'" in refused.get_data(as_text=True)


def test_the_public_bodies_search_offers_and_filters_by_declared_kinds(client, declared):
    page = client.get("/bodies")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<option value="member">members</option>' in html and '<option value="mep">MEPs</option>' in html
    found = client.get("/bodies", query_string={"q": "one", "kind": "member"}).get_data(as_text=True)
    assert 'href="/bodies/M1"' in found and 'href="/bodies/MEP1"' not in found
    csv_text = client.get("/bodies.csv", query_string={"q": "one", "kind": "mep"}).get_data().decode("utf-8-sig")
    assert "MEP1" in csv_text and "M1," not in csv_text


def test_the_public_bodies_search_refuses_an_unknown_kind_naming_the_kinds_allowed(client, declared):
    refused = client.get("/bodies", query_string={"q": "one", "kind": "councillor"})
    assert refused.status_code == 400
    assert "kind must be one of mp, clp, affiliate, member, mep, not &#39;councillor&#39;" in refused.get_data(
        as_text=True)
