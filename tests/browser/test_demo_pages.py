"""The demo election in a real browser: every stage of its three contests passes the accessibility scan (that every
page fits a phone is test_phone_widths.py)."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.browser.helpers import DESKTOP
from tests.browser.test_member_journey import check_page
from tracker.demo.cli import load_demo
from tracker.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(app, tmp_path, clock):
    clock.set(datetime.now(UTC))  # the demo's timetable is built around today
    _, election, _ = load_demo(tmp_path, scale=0.1)
    db.session.commit()
    pages = [f"/elections/{election.slug}/contests/{c.slug}/stages/{key}"
             for c in election.contests for key in [*(s.key for s in c.stages), "ballot", "result"]]
    db.session.remove()
    return pages


def test_every_stage_of_the_demo_passes_the_accessibility_scan(browser, live_server, demo, axe_script, artifacts,
                                                               backend):
    page = browser.new_page(viewport=DESKTOP, bypass_csp=True)  # axe is injected as a script of the page
    for url in demo:
        page.goto(live_server + url)
        assert page.locator("h1").inner_text()
        check_page(page, "demo-" + url.split("/contests/")[1].replace("/stages/", "-"), axe_script, artifacts, backend)
    page.close()

