"""An admin in a real browser imports a nominations file: logs in, follows the admin page's link, uploads the CSV,
reads the preview and confirms; on a desktop and on a 360 px phone, with CSRF on. Screenshots of the preview in
test-artifacts/admin-import-preview.png and admin-import-preview-phone.png."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.helpers import DESKTOP, assert_fits
from tests.browser.helpers import PHONE_360 as PHONE
from tests.browser.test_member_journey import serious_violations
from tests.conftest import PASSWORD
from tests.imports.conftest import BODIES_CSV, CANDIDATES_CSV, ELECTION_TOML, NOMINATIONS_CSV
from tracker.extensions import db

pytestmark = pytest.mark.browser



@pytest.fixture
def app(app_factory):
    found = app_factory(WTF_CSRF_ENABLED=True)
    with found.app_context():
        yield found


@pytest.fixture
def world(app, tmp_path, create_user):
    from tracker.imports.csv_import import import_bodies, import_candidates
    from tracker.imports.election_toml import load_election

    for name, text in (("election.toml", ELECTION_TOML), ("bodies.csv", BODIES_CSV),
                       ("candidates.csv", CANDIDATES_CSV), ("nominations.csv", NOMINATIONS_CSV)):
        (tmp_path / name).write_text(text)
    election = load_election(tmp_path / "election.toml").election
    import_bodies(election, tmp_path / "bodies.csv")
    import_candidates(election, tmp_path / "candidates.csv")
    db.session.commit()
    create_user()
    db.session.remove()  # the server's threads read what was committed
    return tmp_path / "nominations.csv"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_admin_uploads_a_file_sees_the_preview_and_confirms(browser, live_server, world, axe_script, artifacts,
                                                              backend, viewport):
    from tracker.nominations.models import Nomination

    context = browser.new_context(viewport=viewport, bypass_csp=True)  # axe is injected
    page = context.new_page()
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("admin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/admin/")
    page.get_by_role("link", name="Import CSV files into Leadership elections 2026").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Import into Leadership elections 2026"

    page.get_by_label("What the file holds").select_option("nominations")
    page.get_by_label("CSV file").set_input_files(str(world))
    page.get_by_role("button", name="Preview the import").click()
    preview = page.locator("section.import-preview")
    assert "6 to create, 0 to change, 0 left alone" in preview.locator("p.counts").inner_text()
    expect(preview.locator("ul.created > li")).to_have_count(6)
    phone = viewport == PHONE
    name = "admin-import-preview-phone.png" if phone else "admin-import-preview.png"
    page.screenshot(path=str(artifacts / name), full_page=True)
    if phone:
        assert_fits(page)
    assert not serious_violations(page, axe_script)
    with db.session() as session:
        assert session.scalar(select(func.count(Nomination.id))) == 0  # nothing written before confirmation

    page.get_by_role("button", name="Confirm: 6 nominations imported").click()
    assert "6 nominations imported from nominations.csv." in page.locator("p.flash").inner_text()
    with db.session() as session:
        assert session.scalar(select(func.count(Nomination.id))) == 6
    context.close()
