"""A bulk import is one entry in the public feeds and on "What changed" ("6 nominations imported"), not one per
row; a contest's feed shows the import's part in that contest; changes made by hand stay entries of their own."""
from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

import pytest

from tracker.extensions import db
from tracker.imports.election_toml import load_election
from tracker.imports.operations import run_import

ATOM = "{http://www.w3.org/2005/Atom}"
ELECTION = "/elections/leadership-2026"


@pytest.fixture
def imported(app, files):
    election = load_election(files.election).election
    for kind in ("bodies", "candidates"):
        run_import(election, kind, getattr(files, kind))
    db.session.commit()
    run_import(election, "nominations", files("by-hand.csv", "contest,candidate,body,nominated_at\n"
                                                            "leader,Ria Patel,MP03,2026-01-09 12:00\n"))
    db.session.commit()
    run_import(election, "nominations", files.nominations)  # 4 for Leader, 2 for the NEC's CLP section
    db.session.commit()
    return election


def titles(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [entry.find(f"{ATOM}title").text for entry in ET.fromstring(response.data).iter(f"{ATOM}entry")]


def test_the_election_feed_has_one_entry_for_an_import(client, imported):
    found = titles(client, ELECTION + "/feed.atom")
    assert found.count("6 nominations imported") == 1
    assert not [t for t in found if " nominated " in t]  # no entry per row
    assert found.count("1 nomination imported") == 1  # the one-row file is an import too


def test_a_contest_feed_shows_the_imports_part_in_that_contest(client, imported):
    assert "4 nominations imported" in titles(client, ELECTION + "/contests/leader/feed.atom")
    assert "2 nominations imported" in titles(client, ELECTION + "/contests/nec-clp/feed.atom")


def test_what_changed_lists_the_import_once_with_its_count(client, imported):
    html = client.get(ELECTION + "/changes").get_data(as_text=True)
    assert html.count("6 nominations imported") == 1
    rows = list(csv.DictReader(io.StringIO(client.get(ELECTION + "/changes.csv?kind=nominations").data.decode("utf-8-sig"))))
    [row] = [r for r in rows if r["change"] == "6 nominations imported"]
    assert (row["count"], row["kind"]) == ("6", "nominations")
    leader = client.get(ELECTION + "/changes?contest=leader").get_data(as_text=True)
    assert "4 nominations imported" in leader and "6 nominations imported" not in leader
    assert "2 nominations imported" in client.get(ELECTION + "/changes?contest=nec-clp").get_data(as_text=True)


def test_an_import_that_changes_nothing_is_audited_but_not_in_the_feeds(client, imported, files):
    from sqlalchemy import select

    from tracker.audit.models import AuditEvent

    run_import(imported, "nominations", files.nominations)
    db.session.commit()
    last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert (last.action, last.public) == ("election.import", False)
    assert last.summary == "A nominations file changed nothing (6 nominations already as recorded)"
    assert titles(client, ELECTION + "/feed.atom").count("6 nominations imported") == 1
