"""Every public table downloads as CSV with the rows the page shows; Atom feeds carry public changes only."""
from __future__ import annotations

import csv
import io
import re
from xml.etree import ElementTree as ET

import pytest

from tests.public.test_dashboard import section
from tests.public.worlds import AFTER, DURING_SUPPORTING, audit, leader_world
from tracker.extensions import db

ATOM = "{http://www.w3.org/2005/Atom}"


def download(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


@pytest.fixture
def world(app):
    found = leader_world()
    db.session.commit()
    return found


def test_progress_csv_has_the_candidates_in_the_pages_order(client, clock, world):
    url = world.url + "/stages/supporting"
    q = "?as_of=" + DURING_SUPPORTING.isoformat()
    html = client.get(url + q).get_data(as_text=True)
    on_page = re.findall(r'<li class="candidate" id="c-[a-z-]+">\s*<div class="cand-head">\s*<h3><a [^>]+>([^<]+)</a>', html)
    rows = download(client, url + "/progress.csv" + q)
    assert [r["candidate"] for r in rows] == on_page
    sam = rows[0]
    assert sam["status"] == "qualified" and sam["clps_have"] == "3" and sam["clps_needed"] == "2"
    assert sam["affiliates_unions_needed"] == "2" and sam["affiliates_membership_needed"] == "0.05"


def test_nominations_csv_has_every_nomination_the_page_lists(client, clock, world):
    html = client.get(world.url + "/stages/plp").get_data(as_text=True)
    listed = len(re.findall(r'<li><a href="/bodies/', section(html, "progress-title")))
    rows = download(client, world.url + "/stages/plp/nominations.csv")
    assert len(rows) == listed == 14
    assert set(rows[0]) == {"candidate", "body_code", "body", "kind", "region", "nominated_at", "status", "note"}


def test_not_nominated_and_regions_csv_match_the_page(client, clock, world):
    html = client.get(world.url + "/stages/plp").get_data(as_text=True)
    not_yet = section(html, "not-yet-title")
    rows = download(client, world.url + "/stages/plp/not-nominated.csv")
    assert len(rows) == not_yet.count("<li>") == 16
    regions = download(client, world.url + "/stages/plp/regions.csv")
    assert [r["region"] for r in regions] == ["North", "South", "Wales"]
    assert sum(int(r["registered"]) for r in regions) == 30


def test_ballot_csv_lists_every_candidate_with_the_reason(client, clock, world):
    clock.set(AFTER)
    rows = download(client, world.url + "/stages/ballot/candidates.csv")
    assert rows[0] == {"position": "1", "candidate": "Sam Carter", "status": "on_ballot", "eligible": "yes",
                       "reason": "On the ballot: met every stage — Nominations from MPs: 4 of 3 MPs (10% of 30);"
                                 " Nominations from CLPs or affiliates: 3 of 2 CLPs (5% of 40)."}
    assert {r["candidate"] for r in rows} == {"Sam Carter", "Ria Patel", "Alex Zed", "Jo Bloggs", "Kim Adams"}


def test_home_candidate_body_and_search_tables_download(client, clock, world):
    clock.set(DURING_SUPPORTING)
    assert [r["contest"] for r in download(client, "/contests.csv")] == ["leader"]
    assert len(download(client, "/candidates/sam-carter/nominations.csv")) == 7
    assert download(client, "/bodies/CLP0/nominations.csv")[0]["candidate"] == "Sam Carter"
    assert len(download(client, "/bodies.csv?q=aff")) == 4


def test_an_unknown_table_is_404(client, clock, world):
    assert client.get(world.url + "/stages/plp/secrets.csv").status_code == 404
    assert client.get(world.url + "/stages/ballot/progress.csv").status_code == 404


def test_csv_cells_never_start_a_spreadsheet_formula(client, clock, world):
    world.mps[29].name = "=HYPERLINK(\"http://evil\")"
    db.session.commit()
    rows = download(client, world.url + "/stages/plp/not-nominated.csv")
    assert any(r["body"] == "'=HYPERLINK(\"http://evil\")" for r in rows)


def test_csv_is_utf8(client, clock, world):
    world.clps[39].name = "Ynys Môn CLP"
    db.session.commit()
    rows = download(client, world.url + "/stages/supporting/not-nominated.csv")
    assert "Ynys Môn CLP" in {r["body"] for r in rows}


def parse_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


def test_contest_feed_carries_the_public_changes_newest_first(client, clock, world):
    audit("Sam Carter nominated by CLP 0 CLP", contest=world.contest)
    audit("Nomination of Ria Patel verified", contest=world.contest)
    audit("Returning officer's password changed", contest=world.contest, public=False)
    db.session.commit()
    feed = parse_feed(client, world.url + "/feed.atom")
    titles = [e.find(f"{ATOM}title").text for e in changes(feed)]
    assert titles == ["Nomination of Ria Patel verified", "Sam Carter nominated by CLP 0 CLP"]
    assert feed.find(f"{ATOM}id").text.endswith(world.url + "/feed.atom")
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}id").text.startswith("tag:")
        assert entry.find(f"{ATOM}updated").text.endswith("Z")


def test_election_feed_includes_every_contests_changes(client, clock, world):
    from tests.factories import create_contest

    deputy = create_contest(world.election, slug="deputy", title="Deputy Leader")
    audit("A Leader change", contest=world.contest)
    audit("A Deputy change", contest=deputy)
    audit("An election-wide change", election=world.election)
    db.session.commit()
    feed = parse_feed(client, f"/elections/{world.election.slug}/feed.atom")
    titles = {e.find(f"{ATOM}title").text for e in changes(feed)}
    assert titles == {"A Leader change", "A Deputy change", "An election-wide change"}
    contest_titles = {e.find(f"{ATOM}title").text for e in changes(parse_feed(client, world.url + "/feed.atom"))}
    assert contest_titles == {"A Leader change"}


def test_feeds_say_when_a_stage_opened_and_closed_and_who_met_it(client, clock, world):
    clock.set(AFTER)
    feed = parse_feed(client, world.url + "/feed.atom")
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")
              if e.find(f"{ATOM}category").get("term").startswith("stage.")]
    assert titles == [
        "Leader: Nominations from CLPs or affiliates closed — 1 of 4 candidates met it",
        "Leader: Nominations from CLPs or affiliates opened",
        "Leader: Nominations from MPs closed — 4 of 5 candidates met it",
        "Leader: Nominations from MPs opened",
    ]
    clock.set(DURING_SUPPORTING)
    titles = [e.find(f"{ATOM}title").text for e in parse_feed(client, world.url + "/feed.atom").findall(f"{ATOM}entry")
              if e.find(f"{ATOM}category").get("term").startswith("stage.")]
    assert titles[0] == "Leader: Nominations from CLPs or affiliates opened"


def test_feeds_carry_each_qualification_dated_when_the_nomination_that_made_it_was_made(client, clock, world):
    clock.set(DURING_SUPPORTING)
    for url in (world.url + "/feed.atom", f"/elections/{world.election.slug}/feed.atom"):
        entries = [e for e in parse_feed(client, url).findall(f"{ATOM}entry")
                   if e.find(f"{ATOM}category").get("term") == "candidate.qualified"]
        found = {e.find(f"{ATOM}title").text: e.find(f"{ATOM}updated").text for e in entries}
        assert found == {
            "Leader: Sam Carter qualified for Nominations from CLPs or affiliates at 09:00 on 17 January 2026 with the"
            " nominations of CLP 0 CLP, CLP 1 CLP and CLP 2 CLP: 3 CLPs": "2026-01-17T09:00:00Z",
            "Leader: Sam Carter qualified for Nominations from MPs at 09:00 on 8 January 2026 with the nominations of"
            " MP Member 0, MP Member 1 and 2 others: 4 MPs": "2026-01-08T09:00:00Z",
            **{f"Leader: {name} qualified for Nominations from MPs at 09:00 on 8 January 2026 with the nominations of"
               f" MP Member {a}, MP Member {b} and MP Member {c}: 3 MPs": "2026-01-08T09:00:00Z"
               for name, (a, b, c) in (("Ria Patel", (4, 5, 6)), ("Jo Bloggs", (10, 8, 9)), ("Kim Adams", (11, 12, 13)))},
        }
        assert entries[0].find(f"{ATOM}link").get("href").startswith("http://localhost/candidates/")


def changes(feed):
    """The entries of a feed that come from the audit trail (not from the timetable)."""
    return [e for e in feed.findall(f"{ATOM}entry") if e.find(f"{ATOM}category").get("term") == "test.change"]


def test_pages_link_their_feed(client, clock, world):
    html = client.get(world.url).get_data(as_text=True)
    assert f'type="application/atom+xml" title="Changes to Leader" href="{world.url}/feed.atom"' in html
