"""A candidate's page and a body's page ("my CLP"), and finding a body by part of its name."""
from __future__ import annotations

from datetime import timedelta

from tests.factories import T0, create_body, create_candidate, create_contest, create_election
from tests.public.worlds import DURING_SUPPORTING, audit, leader_world, nominate, sign_pledge
from tracker.extensions import db


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    return response.get_data(as_text=True)


def test_candidate_page_lists_every_nomination_with_date_and_body(client, clock):
    world = leader_world()
    db.session.commit()
    clock.set(DURING_SUPPORTING)
    html = text(client, "/candidates/sam-carter")
    assert html.count('href="/bodies/MP') == 4 and html.count('href="/bodies/CLP') == 3
    assert "8 Jan 2026" in html and "17 Jan 2026" in html
    assert world.mps[0].name in html


def test_candidate_page_shows_the_standing_and_why_in_each_contest(client, clock):
    leader_world()
    db.session.commit()
    html = text(client, "/candidates/alex-zed?as_of=2026-02-20")
    assert "Eliminated at Nominations from MPs: 1 of 3 MPs (10% of 30) ✗." in html


def test_candidate_status_history_lists_changes_of_status_not_each_nomination(client, clock):
    world = leader_world()
    jo = world.candidates["Jo Bloggs"]
    audit("Jo Bloggs's phone number corrected", contest=world.contest, object_type="candidacy", object_id=jo.id,
          public=False, at=T0 + timedelta(days=2))
    db.session.commit()
    clock.set(DURING_SUPPORTING)
    html = text(client, "/candidates/sam-carter")
    history = html.split('id="history-title"')[1].split("</section>")[0]
    # in progress when MPs' nominations open, qualified with his 4th MP; in progress again when the next stage
    # opens, qualified with his 3rd CLP: four changes of status for seven nominations
    assert history.count("<li>") == 4
    assert "status-in-progress" in history and "status-qualified" in history
    jo_history = text(client, "/candidates/jo-bloggs").split('id="history-title"')[1].split("</section>")[0]
    assert "status-withdrawn" in jo_history and "phone number" not in jo_history


def test_candidate_nominations_are_grouped_by_stage_with_counts_by_kind(client, clock):
    leader_world()
    db.session.commit()
    clock.set(DURING_SUPPORTING)
    html = text(client, "/candidates/sam-carter")
    assert "Nominations from MPs — 4: 4 MPs</h3>" in html
    assert "— 3: 3 CLPs</h3>" in html


def test_candidate_page_shows_suspensions_and_pledges(client, clock):
    world = leader_world()
    sign_pledge(world.election, world.candidates["Kim Adams"].person)
    db.session.commit()
    html = text(client, "/candidates/kim-adams")
    assert "22 January 2026" in html and "none published" in html and "not ended" in html
    assert "Clean campaign pledge" in html and "I will campaign fairly." in html and "signed version 1" in html
    # A pledge concerns every candidate of its contests: one who was never asked is shown so.
    assert "not asked" in text(client, "/candidates/sam-carter")


def test_unknown_candidate_is_404(client, clock):
    assert client.get("/candidates/nobody").status_code == 404


def test_body_page_lists_its_nominations_in_every_contest(client, clock):
    world = leader_world()
    clock.set(DURING_SUPPORTING)
    deputy = create_contest(world.election, slug="deputy", title="Deputy Leader")
    nominate(create_candidate(deputy, "Dee Puty"), [world.clps[0]], T0 + timedelta(days=12))
    db.session.commit()
    html = text(client, "/bodies/CLP0")
    assert "Leader" in html and "Deputy Leader" in html
    assert 'href="/candidates/sam-carter"' in html and 'href="/candidates/dee-puty"' in html


def test_body_page_shows_every_election_the_code_is_registered_in(client, clock):
    leader_world()
    other = create_election(slug="nec-2026", title="NEC elections 2026")
    create_contest(other, slug="nec-clp", title="NEC: CLP section", seats=9,
                   stages=[dict(key="clp", title="Nominations from CLPs", opens_at=T0, closes_at=T0 + timedelta(days=30),
                                routes=[dict(kind="clp", count=5)])])
    create_body(other, "CLP0", "clp", name="CLP 0 CLP (re-registered)")
    db.session.commit()
    html = text(client, "/bodies/CLP0")
    assert "Leadership elections 2026" in html and "NEC elections 2026" in html
    assert "<h1>CLP 0 CLP (re-registered)</h1>" in html  # the newest registration names the page
    assert "Registered as CLP 0 CLP." in html
    assert "No nomination yet." in html


def test_unknown_body_is_404(client, clock):
    assert client.get("/bodies/NOPE").status_code == 404


def test_search_finds_a_body_by_part_of_its_name_in_any_case(client, clock):
    leader_world()
    db.session.commit()
    html = text(client, "/bodies?q=clp 1")
    assert "CLP 1 CLP" in html and "CLP 12 CLP" in html
    assert "CLP 2 CLP" not in html
    assert "CLP 1 CLP" in text(client, "/bodies?q=cLp 1")
    assert "MP Member 3" in text(client, "/bodies?q=member 3&kind=mp")
    assert "No region" not in text(client, "/bodies?q=zzz")


def test_search_treats_wildcards_literally(client, clock):
    leader_world()
    db.session.commit()
    assert "0 bodies found" in text(client, "/bodies?q=%25")
    assert "0 bodies found" in text(client, "/bodies?q=_")


def test_search_refuses_an_unknown_kind_naming_it(client, clock):
    response = client.get("/bodies?q=x&kind=union")
    assert response.status_code == 400
    assert "kind must be one of mp, clp, affiliate" in response.get_data(as_text=True)


def test_the_body_page_has_a_search_box(client, clock):
    leader_world()
    db.session.commit()
    html = text(client, "/bodies/CLP0")
    assert 'role="search"' in html and 'name="q"' in html
