"""The demo's three contests each show a dashboard per stage with everything a member looks for."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tracker.demo.cli import load_demo
from tracker.extensions import db

SCALE = 0.1  # 20 MPs, 65 CLPs: the demo's situation, quickly


@pytest.fixture
def demo(app, tmp_path, clock):
    clock.set(datetime.now(UTC))  # the demo's timetable is built around today
    _, election, _ = load_demo(tmp_path, scale=SCALE)
    db.session.commit()
    return [(election.slug, c.slug, [s.key for s in c.stages]) for c in election.contests]


def test_each_demo_contest_shows_a_dashboard_for_every_stage(client, demo):
    assert [slug for _, slug, _ in demo] == ["leader", "deputy", "nec-clp"]
    for election, contest, stages in demo:
        base = f"/elections/{election}/contests/{contest}"
        dashboard = client.get(base)
        assert dashboard.status_code == 200
        html = dashboard.get_data(as_text=True)
        for key in [*stages, "ballot", "result"]:
            assert f'href="{base}/stages/{key}"' in html
        assert re.search(r'aria-current="page"', html)
        for key in stages:
            page = client.get(f"{base}/stages/{key}").get_data(as_text=True)
            assert '<svg class="bar"' in page and 'class="threshold"' in page  # progress against the threshold
            assert re.search(r"\d+ of \d+ (MPs|CLPs)", page)  # the same in words
            assert "Nominated by" in page  # who nominated whom
            assert 'id="regions-title"' in page and "<td class=\"num\"" in page  # count by region
            assert 'id="not-yet-title"' in page  # bodies not yet nominated
            assert re.search(r"(Closes in|Closed at|Opens in) ", page)  # the deadline
        ballot = client.get(f"{base}/stages/ballot").get_data(as_text=True)
        assert 'id="ballot-title"' in ballot and 'id="off-title"' in ballot
        assert 'id="result-title"' in client.get(f"{base}/stages/result").get_data(as_text=True)


def test_the_demo_home_page_gives_each_contest_its_state(client, demo):
    html = client.get("/").get_data(as_text=True)
    assert html.count("candidates qualified so far.") + html.count("on the ballot.") + html.count("declared.") >= 3
