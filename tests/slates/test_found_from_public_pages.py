"""Slates can be found: the election page, each contest's dashboard (and its ballot tab) and each candidate's page
link to them."""
from __future__ import annotations

from tests.slates.conftest import AFTER
from tracker.rules.slates import Pick


def test_the_election_page_links_to_its_slates(client, world):
    html = client.get("/elections/nec-2025").get_data(as_text=True)
    assert 'href="/elections/nec-2025/slates"' in html


def test_a_contest_dashboard_and_its_ballot_tab_say_how_many_slates_recommend_in_it(client, world, organisation,
                                                                                   published):
    published(organisation(), world.election, {"leader": [Pick("Sam Carter")], "nec-clp": [Pick("Ann Ash")]})
    published(organisation("red-front", "Red Front"), world.election, {"leader": [Pick("Ria Patel")]})
    compare = 'href="/elections/nec-2025/contests/leader/slates"'
    for url in ("/elections/nec-2025/contests/leader", "/elections/nec-2025/contests/leader/stages/ballot"):
        html = client.get(url + "?as_of=" + AFTER.isoformat()).get_data(as_text=True)
        assert f'{compare}>Recommended by 2 slates</a>' in html
    nec = client.get("/elections/nec-2025/contests/nec-clp").get_data(as_text=True)
    assert "Recommended by 1 slate<" in nec


def test_a_candidates_page_names_the_slates_whose_resolved_picks_include_them(client, world, organisation, published):
    published(organisation(), world.election, {"leader": [Pick("Dee Okafor", ("Sam Carter",))]})
    published(organisation("red-front", "Red Front"), world.election, {"leader": [Pick("Sam Carter")]})
    published(organisation("blue-dawn", "Blue Dawn"), world.election, {"leader": [Pick("Ria Patel")]})
    html = client.get("/candidates/sam-carter?as_of=" + AFTER.isoformat()).get_data(as_text=True)
    assert "Recommended by Grassroots Left, Red Front</a>" in html
    assert "Blue Dawn" not in html
