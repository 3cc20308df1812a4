"""An admin in a real browser, on a desktop and a 360 px phone: creates a secretary's account, passes on the
one-time link, whose owner sets a password and logs in; adds a candidate. No page scrolls sideways, and none has
a serious or critical accessibility violation. Screenshots in test-artifacts/."""
from __future__ import annotations

import pytest

from tests.browser.helpers import DESKTOP, assert_fits
from tests.browser.helpers import PHONE_360 as PHONE
from tests.browser.test_member_journey import serious_violations
from tests.conftest import PASSWORD
from tests.factories import create_body, create_contest, create_election
from tracker.extensions import db

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a long password of my own"


@pytest.fixture
def world(app, create_user):
    election = create_election()
    create_contest(election)
    for code, name in (("CLP001", "Dartgate and Yarness North and Eastern Villages"), ("CLP002", "Crowdon West")):
        create_body(election, code, "clp", name=name)
    db.session.commit()
    create_user()
    contest_id = election.contests[0].id
    db.session.remove()  # the server's threads read what was committed
    return contest_id


def check(page, name, axe_script, artifacts, backend, size):
    page.screenshot(path=str(artifacts / f"{backend}-admin-{name}-{size}.png"), full_page=True)
    assert_fits(page, page.viewport_size["width"])
    problems = serious_violations(page, axe_script)
    assert not problems, f"{name}: " + "; ".join(problems)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_admin_invites_a_secretary_who_sets_a_password_and_logs_in(browser, live_server, world, axe_script,
                                                                       artifacts, backend, viewport):
    from playwright.sync_api import expect  # Playwright is imported only where the browser is at hand

    size = "phone" if viewport == PHONE else "desktop"
    admin = browser.new_context(viewport=viewport, bypass_csp=True)  # axe is injected as a script
    page = admin.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#email", "admin@example.org")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():  # the answer to the form has loaded
        page.click("button[type=submit]")
    page.goto(f"{live_server}/admin/users")
    check(page, "accounts", axe_script, artifacts, backend, size)
    page.fill("#email", "sec@example.org")
    page.select_option("#role", "secretary")
    page.select_option("#bodies", ["CLP001"])
    with page.expect_navigation():  # the answer to the form has loaded
        page.click("text=Create the account and its link")
    assert page.locator("h1").inner_text() == "Account created"
    check(page, "password-link", axe_script, artifacts, backend, size)
    link = page.input_value("#password-link")
    assert "/accounts/set-password/" in link

    page.goto(f"{live_server}/admin/contests/{world}")
    page.fill("#name", "Ria Patel")
    page.select_option("#woman", "yes")
    with page.expect_navigation():  # the answer to the form has loaded
        page.click("text=Add the candidate")
    expect(page.locator("main")).to_contain_text("Ria Patel added as a candidate for Leader.")
    check(page, "contest", axe_script, artifacts, backend, size)
    admin.close()

    owner = browser.new_context(viewport=viewport, bypass_csp=True)
    page = owner.new_page()
    page.goto(link)
    check(page, "set-password", axe_script, artifacts, backend, size)
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#new_password_again", NEW_PASSWORD)
    with page.expect_navigation():  # the answer to the form has loaded
        page.click("text=Set the password")
    expect(page.locator("main")).to_contain_text("The password of sec@example.org is set.")
    page.fill("#email", "sec@example.org")
    page.fill("#password", NEW_PASSWORD)
    with page.expect_navigation():  # the answer to the form has loaded
        page.click("button[type=submit]")
    page.goto(f"{live_server}/secretary/")
    assert page.url.endswith("/secretary/") and "Dartgate and Yarness" in page.content()
    owner.close()
