"""The JSON API: elections, contests, candidates, bodies, nominations and the ballot; ?since= on lists; errors
that name the parameter. Every response here is also checked against openapi.json (see conftest)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from tests.factories import T0
from tests.public.worlds import AFTER, DURING_SUPPORTING, audit, leader_world
from tracker.extensions import db

E = "/api/v1/elections/leadership-2026"
C = E + "/contests/leader"


@pytest.fixture
def world(app):
    found = leader_world()
    db.session.commit()
    return found


def ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_elections_list_keeps_designs_shape(client, clock, world):
    assert ok(client, "/api/v1/elections") == [
        {"slug": "leadership-2026", "title": "Leadership elections 2026",
         "contests": [{"slug": "leader", "title": "Leader", "seats": 1, "stage": "plp"}]}
    ]


def test_ballot_keeps_designs_shape(client, clock, world):
    clock.set(AFTER)
    ballot = ok(client, C + "/ballot")
    assert set(ballot) == {"election", "contest", "as_of", "stage", "frozen", "on_ballot", "candidates"}
    assert ballot["on_ballot"] == ["Sam Carter"]
    assert ballot["stage"] == "awaiting_ballot" and ballot["frozen"] is False
    assert [c["name"] for c in ballot["candidates"]] == ["Kim Adams", "Jo Bloggs", "Sam Carter", "Ria Patel", "Alex Zed"]
    sam = ballot["candidates"][2]
    assert sam["name"] == "Sam Carter" and sam["status"] == "on_ballot" and sam["eligible"] is True
    assert sam["stages"][0] == {"id": "plp", "met": True, "final": True, "met_at": "2026-01-08T09:00:00+00:00",
                                "needed": 3, "have": 4, "detail": "4 of 3 MPs (10% of 30) ✓"}


def test_ballot_is_empty_until_the_last_stage_closes(client, clock, world):
    assert ok(client, C + "/ballot?as_of=" + DURING_SUPPORTING.isoformat())["on_ballot"] == []


def test_election_and_contest_detail(client, clock, world):
    election = ok(client, E)
    assert election["timezone"] == "Europe/London"
    assert election["contests"][0]["stage_label"].startswith("Nominations from MPs (closes")
    contest = ok(client, C)
    assert [s["id"] for s in contest["stages"]] == ["plp", "supporting"]
    assert contest["stages"][1]["routes"][1] == {"kind": "affiliate", "count": 3, "share": None, "of": None,
                                                 "unions": 2, "membership_share": "0.05"}
    assert contest["counting_statuses"] == ["submitted", "verified"]
    assert ok(client, E + "/contests")[0]["slug"] == "leader"
    assert ok(client, C + "?as_of=" + AFTER.isoformat())["stage"] == "awaiting_ballot"


def test_candidates_in_ballot_order_with_standing_and_reasons(client, clock, world):
    clock.set(AFTER)
    found = ok(client, C + "/candidates")
    assert [c["slug"] for c in found] == ["kim-adams", "jo-bloggs", "sam-carter", "ria-patel", "alex-zed"]
    jo = found[1]
    assert jo["status"] == "withdrawn" and jo["withdrawn_at"] == (T0 + timedelta(days=2)).isoformat()
    assert jo["reason"] == "Withdrew on 9 January 2026."


def test_nominations_with_filters(client, clock, world):
    clock.set(DURING_SUPPORTING)
    everything = ok(client, C + "/nominations")
    assert len(everything) == 18
    assert {n["body_kind"] for n in ok(client, C + "/nominations?stage=supporting")} == {"clp"}
    sams = ok(client, C + "/nominations?candidate=sam-carter")
    assert len(sams) == 7 and all(n["candidate"] == "Sam Carter" for n in sams)
    assert ok(client, C + "/nominations?body=CLP0")[0]["body_name"] == "CLP 0 CLP"
    assert ok(client, C + "/nominations?status=rejected") == []


def test_bodies_by_election_and_search_everywhere(client, clock, world):
    bodies = ok(client, E + "/bodies?kind=affiliate")
    assert [b["code"] for b in bodies] == ["AFF0", "AFF1", "AFF2", "AFF3"]
    assert bodies[0]["is_union"] is True and bodies[0]["members"] == 1000
    found = ok(client, "/api/v1/bodies?q=clp 1")
    assert {b["code"] for b in found} == {"CLP1", *(f"CLP1{i}" for i in range(10))}
    assert found[0]["election"] == "leadership-2026"
    body = ok(client, E + "/bodies/CLP0")
    assert body["nominations"] == [{"contest": "leader", "candidate": "Sam Carter", "candidate_slug": "sam-carter",
                                    "nominated_at": (T0 + timedelta(days=10)).isoformat(), "status": "verified"}]


def test_candidates_everywhere_and_one_candidate(client, clock, world):
    people = ok(client, "/api/v1/candidates")
    assert {p["slug"] for p in people} == {"sam-carter", "ria-patel", "alex-zed", "jo-bloggs", "kim-adams"}
    kim = ok(client, "/api/v1/candidates/kim-adams?as_of=" + AFTER.isoformat())
    assert kim["candidacies"][0]["status"] == "suspended"
    assert kim["suspensions"] == [{"starts_at": (T0 + timedelta(days=15)).isoformat(), "ends_at": None,
                                   "reason": None, "outcome": None}]
    assert len(kim["nominations"]) == 3


def test_changes_are_the_public_audit_events(client, clock, world):
    audit("Sam Carter nominated", contest=world.contest, at=T0 + timedelta(days=1))
    audit("A private note", contest=world.contest, public=False)
    db.session.commit()
    changes = ok(client, E + "/changes")
    assert [c["summary"] for c in changes] == ["Sam Carter nominated"]
    assert changes[0]["contest"] == "leader"


def test_changes_come_a_page_at_a_time_with_the_total_and_the_next_page_in_headers(client, clock, world):
    for i in range(7):
        audit(f"Change {i}", contest=world.contest, at=T0 + timedelta(days=1, hours=i))
    db.session.commit()
    first = client.get(E + "/changes?per_page=3&contest=leader")
    assert first.status_code == 200 and first.headers["X-Total-Count"] == "7"
    assert [c["summary"] for c in first.get_json()] == ["Change 6", "Change 5", "Change 4"]
    link = first.headers["Link"]
    assert link.endswith('>; rel="next"') and "page=2" in link and "per_page=3" in link and "contest=leader" in link
    last = client.get(E + "/changes?per_page=3&page=3")
    assert [c["summary"] for c in last.get_json()] == ["Change 0"] and "Link" not in last.headers
    assert client.get(E + "/changes?per_page=501").status_code == 400


# --- ?since= ---------------------------------------------------------------------------------------------


def test_since_lists_only_what_changed(client, clock, world):
    from tracker.nominations.operations import add_nomination

    moment = datetime.now(UTC)
    nomination = add_nomination(world.contest, world.candidates["Alex Zed"], world.mps[29], T0 + timedelta(days=2),
                                status="verified", enforce_deadline=False, now=moment + timedelta(seconds=1))
    db.session.commit()
    since = "?since=" + moment.isoformat().replace("+", "%2B")
    assert [n["id"] for n in ok(client, C + "/nominations" + since)] == [nomination.id]
    assert [c["slug"] for c in ok(client, C + "/candidates" + since)] == ["alex-zed"]
    assert [p["slug"] for p in ok(client, "/api/v1/candidates" + since)] == ["alex-zed"]
    assert [e["slug"] for e in ok(client, "/api/v1/elections" + since)] == ["leadership-2026"]
    assert [c["slug"] for c in ok(client, E + "/contests" + since)] == ["leader"]
    later = "?since=" + (moment + timedelta(hours=1)).isoformat().replace("+", "%2B")
    assert ok(client, C + "/nominations" + later) == []
    assert ok(client, C + "/candidates" + later) == []
    assert ok(client, "/api/v1/elections" + later) == []
    assert ok(client, E + "/bodies" + later) == []


def test_since_lists_candidates_suspended_or_withdrawn_since(client, clock, world):
    from tests.factories import create_suspension

    moment = datetime.now(UTC)
    create_suspension(world.candidates["Ria Patel"].person, starts_at=moment + timedelta(seconds=1))
    world.candidates["Sam Carter"].withdrawn_at = moment + timedelta(seconds=1)
    db.session.commit()
    since = "?since=" + moment.isoformat().replace("+", "%2B")
    assert sorted(c["slug"] for c in ok(client, C + "/candidates" + since)) == ["ria-patel", "sam-carter"]
    assert sorted(p["slug"] for p in ok(client, "/api/v1/candidates" + since)) == ["ria-patel", "sam-carter"]


def test_since_without_an_offset_is_in_the_elections_time_zone(client, clock, world):
    assert len(ok(client, C + "/nominations?since=2000-01-01T00:00")) == 18


def test_since_and_as_of_take_the_forms_the_rest_of_the_tracker_takes(client, clock, world):
    for since in ("2000-01-01", "01/01/2000", "01/01/2000 00:00", "2000-01-01 00:00", "2000-01-01T00:00:00 00:00"):
        assert len(ok(client, C + "/nominations?since=" + quote(since))) == 18, since


def test_an_as_of_the_clocks_skipped_is_a_400_naming_it(client, clock, world):
    response = client.get(C + "/ballot", query_string={"as_of": "2026-03-29T01:30"})
    assert response.status_code == 400
    body = response.get_json()
    assert body["problems"][0]["field"] == "as_of"
    assert body["message"] == ("as_of 01:30 on 29 March 2026 did not happen in Europe/London: the clocks went forward "
                               "over it; give the time as the clocks showed it")


# --- errors ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/elections?since=last-tuesday", "since"),
        (C + "/ballot?as_of=soon", "as_of"),
        (C + "?as_of=2026-13-01", "as_of"),
        (C + "/candidates?since=x", "since"),
        (C + "/nominations?status=approved", "status"),
        (C + "/nominations?stage=final", "stage"),
        (E + "/bodies?kind=union", "kind"),
        ("/api/v1/bodies?q=" + "x" * 101, "q"),
        (E + "/changes?contest=nope", "contest"),
        (E + "/changes?page=0", "page"),
        (E + "/changes?per_page=many", "per_page"),
        ("/api/v1/candidates/sam-carter?as_of=never", "as_of"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, clock, world, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    body = response.get_json()
    assert body["status"] == 400
    assert body["message"].startswith(parameter + " ")
    assert body["problems"][0]["field"] == parameter


@pytest.mark.parametrize(
    "url",
    [E.replace("leadership-2026", "nope"), C.replace("leader", "nope") + "/ballot", E + "/bodies/NOPE",
     "/api/v1/candidates/nobody", E + "/contests/nope/nominations"],
)
def test_an_unknown_thing_is_a_json_404(client, clock, world, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.get_json()["status"] == 404 and response.get_json()["message"]


def test_the_api_is_read_only(client, clock, world):
    response = client.post(C + "/ballot", json={})
    assert response.status_code == 405
    assert response.get_json()["status"] == 405


def test_an_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.is_json


def test_a_dated_admin_act_moves_the_stage_in_the_api_when_its_moment_passes(client, clock, world):
    """A halt dated ahead of when it was written changes the stage with nothing else written: the cached
    answers of the contest listings must not outlive that moment."""
    from tracker.elections.models import ContestHalt

    db.session.add(ContestHalt(contest=world.contest, halted_at=T0 + timedelta(days=4), reason="a legal challenge"))
    db.session.commit()
    urls = ("/api/v1/elections", E, E + "/contests", C)
    before = [client.get(url) for url in urls]
    assert ok(client, C)["halt_reason"] is None
    clock.set(T0 + timedelta(days=5))
    assert ok(client, E)["contests"][0]["halted"] is True
    assert ok(client, E + "/contests")[0]["halt_reason"] == "a legal challenge"
    assert ok(client, C)["halt_reason"] == "a legal challenge"
    for url, earlier in zip(urls, before, strict=True):
        assert client.get(url, headers={"If-None-Match": earlier.headers["ETag"]}).status_code == 200, url
