"""A member in a real browser: home → contest → candidate → their CLP → body search → the slates that recommend
candidates; the ballot shown matches the API; no serious or critical accessibility violations on any page;
nothing wider than a 360 px phone. Screenshots in test-artifacts/."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.api.openapi_check import checker
from tests.browser.helpers import DESKTOP, PHONE_360, assert_fits
from tests.public.worlds import AFTER, DURING_SUPPORTING, leader_world
from tracker.extensions import db

pytestmark = pytest.mark.browser

PHONE = PHONE_360
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def world(app, clock):
    found = leader_world()
    recommend(found.election)
    db.session.commit()
    urls = SimpleNamespace(url=found.url, slug=found.election.slug)
    db.session.remove()  # the server's threads read what was committed
    clock.set(DURING_SUPPORTING)
    return urls


def recommend(election) -> None:
    """A published slate: Ria Patel for Leader, otherwise Sam Carter."""
    from tracker.rules.slates import Pick
    from tracker.slates.operations import create_organisation, publish_slate, save_draft

    organisation = create_organisation("open-left", "Open Left")
    publish_slate(save_draft(organisation, election, {"leader": [Pick("Ria Patel", ("Sam Carter",))]},
                             "Open Left recommends"))


def serious_violations(page, axe_script) -> list[str]:
    page.wait_for_load_state("load")  # the whole page, not the part parsed when a click's navigation began
    page.add_script_tag(path=str(axe_script))
    # Only the violations are read: axe is asked to build selectors for every node of those alone (not for the
    # passes and the rules that did not apply), and only they are sent back from the page.
    result = {"violations": page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))"
        ".violations", WCAG)}
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + ", ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check_page(page, name: str, axe_script, artifacts, backend: str) -> None:
    """Screenshot at the current width, and no serious or critical axe violations."""
    page.screenshot(path=str(artifacts / f"{backend}-{name}.png"), full_page=True)
    problems = serious_violations(page, axe_script)
    assert not problems, f"{name}: " + "; ".join(problems)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_member_goes_from_home_to_their_clps_page(browser, live_server, world, axe_script, artifacts, backend,
                                                     viewport):
    size = "phone" if viewport == PHONE else "desktop"
    context = browser.new_context(viewport=viewport, java_script_enabled=True, bypass_csp=True)  # axe is injected
    page = context.new_page()
    page.goto(live_server + "/")
    assert page.title() == "Nominations Tracker"
    check_page(page, f"1-home-{size}", axe_script, artifacts, backend)

    page.get_by_role("link", name="Leader", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Leader"
    current = page.locator("nav.tabs a[aria-current=page]")
    assert "Nominations from CLPs or affiliates" in current.inner_text()
    expect(page.locator("li.candidate")).to_have_count(5)
    check_page(page, f"2-contest-{size}", axe_script, artifacts, backend)

    page.locator("li.candidate h3 a", has_text="Sam Carter").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sam Carter"
    check_page(page, f"3-candidate-{size}", axe_script, artifacts, backend)

    page.locator("#nominations a", has_text="CLP 0 CLP").click()
    assert page.get_by_role("heading", level=1).inner_text() == "CLP 0 CLP"
    assert "Nominated Sam Carter" in page.locator("main").inner_text()
    check_page(page, f"4-clp-{size}", axe_script, artifacts, backend)

    page.get_by_label("Find a CLP, MP or affiliate by part of its name").fill("clp 1")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("ul.results li")).to_have_count(11)
    check_page(page, f"5-search-{size}", axe_script, artifacts, backend)

    page.goto(live_server + world.url)
    page.get_by_role("link", name="Recommended by 1 slate").click()
    assert "Open Left" in page.locator("main table").inner_text()
    page.locator("main table").get_by_role("link", name="Open Left").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Open Left recommends")
    assert "Ria Patel" in page.locator("#contest-leader .vote-for").inner_text()
    page.screenshot(path=str(artifacts / f"member-journey-{size}.png"), full_page=True)

    if viewport == PHONE:  # nothing wider than the screen: no sideways scrolling to read a page
        for url in ("/", world.url, world.url + "/stages/plp", "/candidates/sam-carter", "/bodies/CLP0",
                    f"/elections/{world.slug}/contests/leader/slates", f"/elections/{world.slug}/slates/open-left"):
            page.goto(live_server + url)
            assert_fits(page)
    context.close()


def test_every_stage_tab_is_accessible(browser, live_server, world, axe_script, artifacts, backend, clock):
    clock.set(AFTER)
    page = browser.new_page(viewport=DESKTOP, bypass_csp=True)  # axe is injected as a script of the page
    for tab in ("plp", "supporting", "ballot", "result"):
        page.goto(f"{live_server}{world.url}/stages/{tab}")
        check_page(page, f"6-tab-{tab}", axe_script, artifacts, backend)
    page.close()


def test_the_ballot_shown_matches_the_api(browser, live_server, world, clock, artifacts, backend):
    clock.set(AFTER)
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_server + world.url)
    assert "Ballot" in page.locator("nav.tabs a[aria-current=page]").inner_text()
    shown = [name.strip() for name in page.locator("#ballot-list li").all_inner_texts()]
    answer = page.request.get(f"{live_server}/api/v1/elections/{world.slug}/contests/leader/ballot")
    assert answer.ok
    ballot = answer.json()
    checker().check("GET", f"/api/v1/elections/{world.slug}/contests/leader/ballot", answer.status,
                    answer.headers["content-type"], ballot)
    assert shown == ballot["on_ballot"] == ["Sam Carter"]
    off = page.locator("#off-ballot tbody tr").all_inner_texts()
    api_off = [c for c in ballot["candidates"] if not c["eligible"]]
    assert len(off) == len(api_off)
    for row, candidate in zip(off, api_off, strict=True):
        assert candidate["name"] in row and candidate["reason"] in row
    page.screenshot(path=str(artifacts / f"{backend}-7-ballot.png"), full_page=True)
    page.close()


def test_the_pages_work_without_javascript(browser, live_server, world):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + world.url)
    page.get_by_role("link", name=re.compile("^Ballot")).click()
    expect(page.get_by_role("heading", name="The ballot", exact=True)).to_be_visible()
    page.goto(live_server + world.url + "/stages/plp")
    page.locator("details.nominators summary").first.click()
    expect(page.locator("details.nominators li").first).to_be_visible()
    page.get_by_label("See this page as it stood at a date and time").fill("2026-01-08T12:00")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile("as_of=2026-01-08T12"))
    assert "Shown as of" in page.locator("main").inner_text()
    context.close()


def test_the_accessibility_scan_does_find_violations(browser, axe_script):
    """The scan is not vacuous: a page with an unlabelled field and a textless link fails it."""
    page = browser.new_page()
    page.set_content('<html lang="en"><title>t</title><main><input type="text"><a href="/x"></a></main></html>')
    problems = serious_violations(page, axe_script)
    assert any(p.startswith("label ") for p in problems) and any(p.startswith("link-name ") for p in problems)
    page.close()
