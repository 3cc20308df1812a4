"""An eliminated candidate's card gives the figures that eliminated them: what they had and what was needed when
the stage closed, on the dashboards of later stages and in the ballot tab's list of those off the ballot."""
from __future__ import annotations

import pytest

from tests.public.worlds import AFTER, DURING_SUPPORTING, leader_world
from tracker.extensions import db


@pytest.fixture
def world(app, clock):
    found = leader_world()
    db.session.commit()
    return found


def card(html: str, key: str) -> str:
    """One candidate's card on a stage's dashboard: from its start to the next card or the list's end."""
    start = html.index(f'<li class="candidate" id="c-{key}">')
    ends = [i for i in (html.find('<li class="candidate"', start + 1), html.find("</ol>", start)) if i != -1]
    return html[start:min(ends)]


def test_on_a_later_stages_dashboard_an_eliminated_candidate_shows_what_they_had_and_needed(client, clock, world):
    clock.set(DURING_SUPPORTING)
    html = client.get(world.url).get_data(as_text=True)  # the dashboard: the supporting stage, open now
    alex = card(html, "alex-zed")
    assert "Not reached" not in alex
    assert "Eliminated at Nominations from MPs: 1 of 3 MPs (10% of 30) ✗." in alex
    figures = alex.split('<div class="eliminated-figures">')[1].split("<details")[0]
    assert "When Nominations from MPs closed, they had:" in figures
    assert '1 of 3 MPs (10% of 30) <span class="short">✗ not met</span>' in figures
    csv = client.get(world.url + "/stages/supporting/progress.csv").get_data(as_text=True)
    assert "Alex Zed,eliminated,Eliminated at Nominations from MPs: 1 of 3 MPs (10% of 30) ✗." in csv


def test_the_stage_that_eliminated_a_candidate_says_not_met_once_it_has_closed(client, clock, world):
    clock.set(DURING_SUPPORTING)
    alex = card(client.get(world.url + "/stages/plp").get_data(as_text=True), "alex-zed")
    assert '1 of 3 MPs (10% of 30) <span class="short">✗ not met</span>' in alex
    assert "not yet met" not in alex


@pytest.mark.parametrize("moment", [DURING_SUPPORTING, AFTER])
def test_the_ballot_tab_gives_an_eliminated_candidates_figures(client, clock, world, moment):
    clock.set(moment)
    html = client.get(world.url + "/stages/ballot").get_data(as_text=True)
    off = html.split('<table id="off-ballot"')[1].split("</table>")[0]
    row = off.split('href="/candidates/alex-zed"')[1].split("</tr>")[0]
    assert "When Nominations from MPs closed, they had:" in row
    assert '1 of 3 MPs (10% of 30) <span class="short">✗ not met</span>' in row
    withdrawn = off.split('href="/candidates/jo-bloggs"')[1].split("</tr>")[0]
    assert "eliminated-figures" not in withdrawn  # only a stage's figures eliminate; a withdrawal is its own reason
