"""In a real browser: a candidate signs a pledge and answers a members' question from their desk; a member then
sees both on the contest's ballot tab, on a 360 px phone (nothing scrolls sideways) and on a desktop."""
from __future__ import annotations

import pytest

from tests.browser.helpers import DESKTOP, assert_fits
from tests.browser.helpers import PHONE_360 as PHONE
from tests.browser.test_member_journey import serious_violations
from tests.conftest import PASSWORD
from tests.pledges.conftest import DURING, build_world
from tracker.extensions import db

pytestmark = pytest.mark.browser

BALLOT_TAB = "/elections/leadership-2026/contests/leader/stages/ballot"


@pytest.fixture
def world(app, clock):
    from tracker.pledges.operations import publish_pledge
    from tracker.voices import operations as voices

    clock.set(DURING)
    found = build_world()
    publish_pledge(found.election, "Clean campaign pledge", "- no personal attacks;\n- support the winners.",
                   [found.leader], None)
    asker = voices.suggest_question(found.leader, "Will you support the winner?", "A Member", "m@example.org",
                                    confirmed_at=DURING)
    voices.publish_question(asker.question)
    db.session.commit()
    db.session.remove()  # the server's threads read what was committed
    return found


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_candidate_signs_and_answers_and_a_member_sees_both_on_the_ballot_tab(browser, live_server, world,
                                                                                 viewport, axe_script, artifacts,
                                                                                 backend):
    candidate = browser.new_context(viewport=DESKTOP)
    page = candidate.new_page()
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("sam@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/elections/leadership-2026/pledges/clean-campaign-pledge")
    page.get_by_role("button", name="Sign version 1").click()
    page.get_by_text("You signed Clean campaign pledge (version 1).").wait_for()
    page.goto(live_server + "/candidate/")
    page.get_by_label("Your answer").fill("Yes: whoever the members choose.")
    page.get_by_role("button", name="Publish the answer").click()
    page.get_by_text("Your answer is published.").wait_for()
    candidate.close()

    member = browser.new_context(viewport=viewport, bypass_csp=True)  # axe is injected
    page = member.new_page()
    page.goto(live_server + BALLOT_TAB)
    card = page.locator("#standing-list li", has_text="Sam Carter")
    assert "✓ signed the Clean campaign pledge" in card.inner_text()
    assert "answered 1 of 1 question from members" in card.inner_text()
    ria = page.locator("#standing-list li", has_text="Ria Patel").inner_text()
    assert "not asked to sign the Clean campaign pledge" in ria and "answered 0 of 1" in ria
    assert_fits(page, viewport["width"])
    card.get_by_role("link", name="answered 1 of 1 question from members").click()
    page.get_by_text("Yes: whoever the members choose.").wait_for()
    size = "phone" if viewport == PHONE else "desktop"
    for name, url in (("ballot-tab", BALLOT_TAB), ("questions", "/elections/leadership-2026/contests/leader/questions"),
                      ("pledge", "/elections/leadership-2026/pledges/clean-campaign-pledge"),
                      ("candidate", "/candidates/sam-carter")):
        page = member.new_page()
        page.goto(live_server + url)
        page.screenshot(path=str(artifacts / f"{backend}-voice-{name}-{size}.png"), full_page=True)
        assert_fits(page, viewport["width"])
        problems = serious_violations(page, axe_script)
        assert not problems, f"{url}: " + "; ".join(problems)
    member.close()
