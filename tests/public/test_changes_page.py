"""The public "What changed" page: changes dated by when they happened, an import as one entry, filters that
are checked and kept, pages, and the same list as CSV and Atom."""
from __future__ import annotations

import csv
import io
from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest

from tests.factories import T0
from tests.public.worlds import AFTER, audit, leader_world
from tracker.extensions import db

ATOM = "{http://www.w3.org/2005/Atom}"
URL = "/elections/leadership-2026/changes"


@pytest.fixture
def world(app, clock):
    found = leader_world()
    clock.set(AFTER)
    recorded = T0 + timedelta(days=30)
    audit("CLP 9 nominated Sam Carter for Leader on 2 January", contest=found.contest,
                 action="nomination.create", at=recorded, after={"nominated_at": (T0 + timedelta(hours=2)).isoformat()})
    for i in range(248):  # one import: an event per row, written one after another
        audit(f"CLP {i} nominated Ria Patel", contest=found.contest, action="nomination.create",
              at=recorded + timedelta(hours=1, milliseconds=5 * i))
    audit("Kim Adams suspended", contest=found.contest, action="suspension.create", at=recorded + timedelta(hours=2))
    db.session.commit()
    return found


def test_a_change_is_dated_when_it_happened_and_an_import_is_one_entry(client, world):
    html = client.get(URL).get_data(as_text=True)
    assert "248 nominations imported" in html
    assert html.count("nominated Ria Patel") == 0
    rows = list(csv.DictReader(io.StringIO(client.get(URL + ".csv").data.decode("utf-8-sig"))))
    late = next(r for r in rows if r["change"].startswith("CLP 9 nominated Sam Carter"))
    assert late["happened_at"].startswith((T0 + timedelta(hours=2)).isoformat()[:13])
    imported = next(r for r in rows if r["change"] == "248 nominations imported")
    assert imported["count"] == "248" and imported["kind"] == "nominations"
    assert [r["happened_at"] for r in rows] == sorted((r["happened_at"] for r in rows), reverse=True)


def test_changes_include_stage_closings_and_qualifications_from_the_verdicts(client, world):
    rows = list(csv.DictReader(io.StringIO(client.get(URL + ".csv?kind=stages&kind=qualifications")
                                           .data.decode("utf-8-sig"))))
    assert {r["kind"] for r in rows} == {"stages", "qualifications"}
    assert any("closed" in r["change"] for r in rows)
    assert any("Sam Carter qualified" in r["change"] for r in rows)


def test_kind_filter_picks_one_kind_and_an_unknown_kind_is_refused_naming_the_parameter(client, world):
    rows = list(csv.DictReader(io.StringIO(client.get(URL + ".csv?kind=suspensions").data.decode("utf-8-sig"))))
    assert [r["change"] for r in rows] == ["Kim Adams suspended"]
    refused = client.get(URL + "?kind=gossip")
    assert refused.status_code == 400 and "kind" in refused.get_data(as_text=True)
    assert client.get(URL + "?contest=nowhere").status_code == 400
    assert client.get(URL + "?page=0").status_code == 400


def test_changes_are_paged_and_the_links_keep_the_filters(client, world):
    for i in range(60):  # sixty corrections made by hand, minutes apart: sixty entries
        audit(f"Correction {i}", contest=world.contest, action="nomination.correct",
              at=T0 + timedelta(days=31, minutes=10 * i))
    db.session.commit()
    first = client.get(URL + "?contest=leader").get_data(as_text=True)
    total = first.split("Showing 1–50 of ")[1].split("<")[0]
    assert int(total) > 50
    assert 'href="/elections/leadership-2026/changes?page=2&amp;contest=leader"' in first
    second = client.get(URL + "?contest=leader&page=2").get_data(as_text=True)
    assert f"Showing 51–{min(100, int(total))} of {total}" in second


def test_changes_feed_carries_the_filtered_changes(client, world):
    response = client.get(URL + ".atom?kind=nominations")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    titles = [t.text for t in ET.fromstring(response.data).iter(f"{ATOM}title")][1:]
    assert "248 nominations imported" in titles and "Kim Adams suspended" not in titles


def test_election_page_and_contest_dashboard_link_to_what_changed(client, world):
    assert f'href="{URL}"' in client.get("/elections/leadership-2026").get_data(as_text=True)
    assert f'href="{URL}?contest=leader"' in client.get(world.url).get_data(as_text=True)
