"""A supporter on a phone (360 px wide): signs an appeal, confirms from the mail the local SMTP server received,
sees the count rise, then withdraws and erases through the "my data" link. No page scrolls sideways, and none
has a serious accessibility violation. Screenshots in test-artifacts/."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.appeals.conftest import LINK, MY_DATA, world  # noqa: F401  (the appeals' world)
from tests.browser.helpers import PHONE_360 as PHONE
from tests.browser.helpers import assert_fits
from tests.browser.test_member_journey import serious_violations
from tracker.appeals import services
from tracker.appeals.models import Supporter
from tracker.extensions import db

pytestmark = pytest.mark.browser

EMAIL = "phone.supporter@example.org"


@pytest.fixture
def app(app_factory, smtp_server):
    """Mail to the test's SMTP server; a person in a browser takes longer than MIN_FORM_SECONDS anyway."""
    app = app_factory(MAIL_URL=smtp_server.url, MIN_FORM_SECONDS=1, BASE_URL="http://tracker.test")
    with app.app_context():
        yield app


def fits(page, name, axe_script, artifacts, backend) -> None:
    page.screenshot(path=str(artifacts / f"{backend}-appeal-{name}.png"), full_page=True)
    assert_fits(page, PHONE["width"])
    problems = serious_violations(page, axe_script)
    assert not problems, f"{name}: " + "; ".join(problems)


def count_shown(page) -> int:
    return int(page.locator("[data-count]").first.inner_text().replace(",", ""))


def test_a_supporter_signs_confirms_from_the_mail_then_withdraws_and_erases(
        browser, live_server, world, smtp_server, axe_script, artifacts, backend):  # noqa: F811
    appeal_url = live_server + "/appeals/alliance/halt-the-nec"
    db.session.remove()  # the server's threads read what was committed
    context = browser.new_context(viewport=PHONE, java_script_enabled=True, bypass_csp=True)
    page = context.new_page()
    page.goto(appeal_url)
    assert count_shown(page) == 0
    fits(page, "1-appeal", axe_script, artifacts, backend)

    page.get_by_label("Your name").fill("Pat Phone")
    page.get_by_label("Your email address").fill(EMAIL)
    page.get_by_label("Your CLP (optional)").select_option("C003")
    page.get_by_label(re.compile("shared with local and regional groups")).check()
    page.wait_for_timeout(1100)  # as long as a person takes to fill it in, at least
    page.get_by_role("button", name="Sign").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    fits(page, "2-check-email", axe_script, artifacts, backend)

    [mail] = smtp_server.wait_for(EMAIL)
    text = smtp_server.body(mail)
    page.goto(live_server + LINK.search(text).group(1))
    fits(page, "3-confirm", axe_script, artifacts, backend)
    page.get_by_role("button", name="Confirm my signature").click()
    assert "your signature is confirmed" in page.get_by_role("heading", level=1).inner_text()
    assert count_shown(page) == 1

    page.goto(appeal_url)
    assert count_shown(page) == 1
    assert "Pat Phone" not in page.content() and EMAIL not in page.content()

    page.goto(live_server + MY_DATA.search(text).group(1))
    assert "Pat Phone" in page.content() and "Coastal CLP" in page.content()
    fits(page, "4-my-data", axe_script, artifacts, backend)
    page.get_by_role("button", name="Withdraw my consent “local_groups”").click()
    expect(page.locator("body")).to_contain_text("Your consent is withdrawn")  # waits for the page it leads to
    page.get_by_role("button", name="Withdraw my signature").click()
    expect(page.locator("body")).to_contain_text("no longer counts")
    assert page.locator("[data-status]").first.inner_text().startswith("withdrawn")
    page.goto(appeal_url)
    assert count_shown(page) == 0

    page.go_back()
    page.reload()
    page.get_by_role("button", name="Erase my data").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your data is erased"
    fits(page, "5-erased", axe_script, artifacts, backend)
    context.close()
    db.session.remove()
    assert db.session.scalars(select(Supporter.email)).all() == [None]
    assert services.counts(services.find_appeal("alliance", "halt-the-nec")).withdrawn == 1
