"""A halted contest says so everywhere, with its reason, and counts down to nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import T0
from tests.public.worlds import leader_world
from tracker.elections.models import ContestHalt
from tracker.extensions import db


@pytest.fixture
def halted(app, clock):
    world = leader_world()
    db.session.add(ContestHalt(contest=world.contest, halted_at=T0 + timedelta(days=2), reason="a legal challenge"))
    db.session.commit()
    return world


def test_a_halted_contest_says_halted_with_its_reason_on_the_home_page_and_no_countdown(client, halted):
    html = client.get("/").get_data(as_text=True)
    line = html.split('<span class="line">')[1].split("</span>")[0]
    assert line == "Halted: a legal challenge."
    assert "closes in" not in line


def test_a_halted_contests_dashboard_shows_no_countdown_and_no_stage_open_now(client, halted):
    html = client.get(halted.url + "/stages/plp").get_data(as_text=True)
    assert "open now" not in html
    assert "closes in" not in html.lower()
    assert "Halted: a legal challenge" in html


def test_a_future_as_of_is_shown_as_a_projection_not_as_what_happened(client, clock, app):
    from tests.public.worlds import AFTER

    world = leader_world()
    db.session.commit()
    ahead = AFTER + timedelta(days=400)
    html = client.get(world.url + "/stages/ballot?as_of=" + ahead.isoformat()).get_data(as_text=True)
    assert "Projected for " in html and "Now: " not in html
    assert "A projection" in html
    past = client.get(world.url + "/stages/plp?as_of=" + (clock.now - timedelta(days=1)).isoformat()).get_data(as_text=True)
    assert "Projected for" not in past and "Now: " in past
