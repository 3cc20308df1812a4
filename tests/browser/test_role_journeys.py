"""Each role's work in a real browser, on a desktop and then on a 360 px phone, on the demo (tests/browser/
sample_site.py): a secretary nominates, sees the status and withdraws with confirmation; an admin verifies from
the queue, records a suspension and freezes a ballot; an organiser edits and publishes a slate. On the phone every
page of the way fits the screen. Screenshots in test-artifacts/."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.browser.helpers import VIEWPORTS, assert_fits, log_in
from tests.browser.sample_site import ADMIN, ORGANISER, SECRETARY, TO_FREEZE
from tracker.times import to_local

pytestmark = pytest.mark.browser


def journey(browser, base: str, email: str, size: str):
    """A fresh browser context of `size`, logged in as `email`; returns (context, page)."""
    context = browser.new_context(viewport=VIEWPORTS[size])
    page = context.new_page()
    log_in(page, base, email)
    return context, page


def local(moment, days: int, hour: int) -> str:
    """The datetime-local value for `hour`:00 `days` days from `moment`, in the demo's time zone."""
    local_moment = to_local(moment + timedelta(days=days), "Europe/London").replace(hour=hour, minute=0)
    return local_moment.strftime("%Y-%m-%dT%H:%M")


def fits_if_phone(page, size: str) -> None:
    if size == "phone":
        assert_fits(page)


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def flash(page) -> str:
    return page.locator("p.flash").inner_text()


def test_a_secretary_nominates_sees_the_status_and_withdraws(first_backend, browser, live_server, site, clock,
                                                            artifacts):
    for number, size in enumerate(VIEWPORTS):
        context, page = journey(browser, live_server, SECRETARY, size)
        page.get_by_role("link", name="Your nominations").click()
        assert heading(page) == "Your nominations"
        fits_if_phone(page, size)

        page.get_by_role("link", name=re.compile(f"^Nominate in {site.open_contest_title} for ")).click()
        assert heading(page).endswith(f"nominate in {site.open_contest_title}")
        candidate = page.get_by_label("Candidate", exact=True)
        assert candidate.input_value() == "", "no candidate is chosen for the secretary"
        candidate.select_option(index=number + 1)  # the desktop and the phone nominate different candidates
        name = candidate.locator("option:checked").inner_text()
        page.get_by_label("Meeting date and time").fill(local(clock.now, -1, 19))
        page.get_by_label("Votes for the candidate").fill("23")
        page.get_by_label("Votes cast in all").fill("41")
        fits_if_phone(page, size)
        page.screenshot(path=str(artifacts / f"secretary-nomination-form-{size}.png"), full_page=True)
        page.get_by_role("button", name="Log the nomination").click()

        assert heading(page) == "Your nominations"
        assert "logged" in flash(page)
        row = page.locator("tbody tr", has_text=name).filter(has_text=site.open_contest_title)
        assert "submitted" in row.inner_text()
        fits_if_phone(page, size)
        page.screenshot(path=str(artifacts / f"secretary-journey-{size}.png"), full_page=True)

        row.get_by_role("link", name=f"Withdraw the nomination of {name} in {site.open_contest_title}").click()
        assert heading(page) == f"Withdraw the nomination of {name}?"  # asked to confirm, nothing withdrawn yet
        fits_if_phone(page, size)
        page.get_by_role("link", name="No, keep it").click()
        assert "submitted" in row.inner_text()
        row.get_by_role("link", name=f"Withdraw the nomination of {name} in {site.open_contest_title}").click()
        page.get_by_role("button", name="Yes, withdraw the nomination").click()
        assert flash(page) == f"Nomination of {name} withdrawn."
        assert "withdrawn" in row.inner_text()
        context.close()


def test_an_admin_verifies_records_a_suspension_and_freezes_a_ballot(first_backend, browser, live_server, site, clock,
                                                                     artifacts):
    for number, size in enumerate(VIEWPORTS):
        context, page = journey(browser, live_server, ADMIN, size)
        page.get_by_role("link", name="Admin", exact=True).click()
        page.get_by_role("link", name="Verification queue").click()
        assert heading(page).startswith("Nominations")
        fits_if_phone(page, size)
        boxes = page.locator('input[name="ids"]')
        picked = [boxes.nth(i).get_attribute("aria-label") for i in range(2)]
        for label in picked:
            page.get_by_label(label, exact=True).check()
        top = page.locator("fieldset.decision").first
        top.get_by_label("Decision").select_option("verify")
        top.get_by_label("Apply to").select_option("ticked")
        top.get_by_role("button", name="Apply the decision").click()
        assert flash(page) == "2 nominations verified."
        for label in picked:  # verified, they leave the list of those waiting
            assert page.get_by_label(label, exact=True).count() == 0

        page.get_by_role("link", name="Admin", exact=True).click()
        page.get_by_role("link", name="Suspensions").click()
        person = site.leader_names[number]
        page.get_by_label("Person").select_option(label=person)
        page.get_by_label("Suspended from").fill(local(clock.now, -1, 10))
        page.get_by_label("Published reason").fill("Under investigation by the party's governance unit")
        fits_if_phone(page, size)
        page.get_by_role("button", name="Record the suspension").click()
        assert flash(page) == "Suspension recorded."
        assert "Under investigation" in page.locator("tbody tr", has_text=person).inner_text()
        fits_if_phone(page, size)

        title = TO_FREEZE[number][1]
        page.get_by_role("link", name="Admin", exact=True).click()
        page.locator("h3", has_text=site.closed_title).locator("xpath=following-sibling::ul[1]").get_by_role(
            "link", name=title, exact=True).click()
        page.get_by_role("link", name="Freeze and publish the ballot").click()
        assert heading(page) == f"Freeze and publish the ballot: {title}"
        fits_if_phone(page, size)
        page.get_by_role("button", name="Freeze and publish this ballot").click()
        clock.set(clock.now + timedelta(minutes=1))  # the public page shows the ballot as published by now
        assert flash(page).startswith(f"The ballot for {title} is frozen and published")
        fits_if_phone(page, size)
        page.screenshot(path=str(artifacts / f"admin-journey-{size}.png"), full_page=True)

        page.get_by_role("link", name=f"{site.closed_title}: {title}").click()  # the public dashboard
        page.locator("nav.tabs").get_by_role("link", name=re.compile("^Ballot")).click()
        published = page.locator("section.ballot-publication")
        assert published.locator("code").inner_text() in published.inner_text()
        assert re.fullmatch(r"[0-9a-f]{64}", published.locator("code").inner_text())
        fits_if_phone(page, size)  # the 64-character fingerprint wraps
        context.close()


def test_an_organiser_edits_and_publishes_a_slate(first_backend, browser, live_server, site, artifacts):
    for number, size in enumerate(VIEWPORTS):
        context, page = journey(browser, live_server, ORGANISER, size)
        page.get_by_role("link", name="Slates", exact=True).click()
        assert heading(page) == "Slates"
        fits_if_phone(page, size)
        page.get_by_role("link", name="Edit the draft").first.click()
        assert "draft slate for" in heading(page)
        first, then = site.leader_names[number + 4], site.leader_names[number]
        page.get_by_role("textbox", name="Leader", exact=True).fill(f"{first} > {then}")
        fits_if_phone(page, size)
        page.get_by_role("button", name="Save and publish").click()

        assert flash(page).startswith(f"Published version {number + 2}.")
        assert f"{first}\notherwise {then}" in page.locator("#contest-leader").inner_text()
        fits_if_phone(page, size)
        page.screenshot(path=str(artifacts / f"organiser-journey-{size}.png"), full_page=True)
        context.close()
