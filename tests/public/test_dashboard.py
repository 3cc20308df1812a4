"""A contest's stage dashboards: what a member sees of each stage, as of now or any moment."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from tests.factories import T0, create_contest, create_election
from tests.public.worlds import AFTER, BETWEEN, DURING_PLP, DURING_SUPPORTING, audit, leader_world
from tracker.elections.models import ContestHalt
from tracker.extensions import db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    return response.get_data(as_text=True)


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> whose heading has this id."""
    start = html.index(f'id="{heading_id}"')
    return html[start:html.index("</section>", start)]


def candidate_order(html: str) -> list[str]:
    return re.findall(r'<li class="candidate" id="c-([a-z0-9-]+)"', html)


def test_dashboard_opens_on_the_stage_in_progress(client, clock):
    world = leader_world()
    db.session.commit()
    clock.set(DURING_PLP)
    html = page(client, world.url)
    assert re.search(r'href="[^"]*/stages/plp"[^>]*aria-current="page"', html)
    assert "Nominations from MPs" in section(html, "stage-title")
    clock.set(DURING_SUPPORTING)
    assert re.search(r'href="[^"]*/stages/supporting"[^>]*aria-current="page"', page(client, world.url))


def test_every_stage_is_one_click_away(client, clock):
    world = leader_world()
    db.session.commit()
    html = page(client, world.url)
    for key in ("plp", "supporting", "ballot", "result"):
        assert f'href="{world.url}/stages/{key}"' in html
    assert client.get(world.url + "/stages/nonsense").status_code == 404


def test_between_stages_the_dashboard_shows_the_stage_just_closed(client, clock):
    world = leader_world()
    db.session.commit()
    clock.set(BETWEEN)
    assert re.search(r'href="[^"]*/stages/plp"[^>]*aria-current="page"', page(client, world.url))


def test_after_the_last_stage_the_dashboard_shows_the_ballot(client, clock):
    world = leader_world()
    db.session.commit()
    clock.set(AFTER)
    html = page(client, world.url)
    assert re.search(r'href="[^"]*/stages/ballot"[^>]*aria-current="page"', html)


def test_candidates_are_sorted_by_progress_with_plain_statuses(client, clock):
    world = leader_world()
    db.session.commit()
    html = page(client, world.url + "/stages/plp?as_of=" + AFTER.isoformat())
    # Sam has 4 MPs; Ria, Kim and Jo 3 each (a tie: eliminated, then suspended, then withdrawn); Alex 1.
    assert candidate_order(html) == ["sam-carter", "ria-patel", "kim-adams", "jo-bloggs", "alex-zed"]
    cards = dict(zip(candidate_order(html), html.split('<li class="candidate"')[1:], strict=True))
    assert "on the ballot" in cards["sam-carter"]
    assert "eliminated" in cards["ria-patel"]  # the verdict's status, though Ria met this stage
    assert "Qualified at 09:00 on 8 January 2026" in cards["ria-patel"]
    assert "withdrawn" in cards["jo-bloggs"]
    assert "suspended" in cards["kim-adams"]
    assert "eliminated" in cards["alex-zed"]


def test_each_condition_has_a_bar_with_its_threshold_and_the_same_figures_in_words(client, clock):
    world = leader_world()
    db.session.commit()
    html = page(client, world.url + "/stages/plp")
    card = html.split('<li class="candidate" id="c-ria-patel"')[1].split("</li>\n")[0]
    assert "3 of 3 MPs (10% of 30)" in card
    assert "✓ met" in card  # words and a sign, not colour alone
    svg = re.search(r"<svg class=\"bar\".*?</svg>", card, re.S).group(0)
    assert 'aria-hidden="true"' in svg and 'class="threshold"' in svg
    threshold = float(re.search(r'<line class="threshold" x1="([0-9.]+)"', svg).group(1))
    filled = float(re.search(r'class="fill fill-met" x="0" y="3" width="([0-9.]+)"', svg).group(1))
    assert filled == threshold  # 3 of 3: the bar reaches the mark


def test_affiliate_route_shows_every_condition(client, clock):
    world = leader_world()
    db.session.commit()
    html = page(client, world.url + "/stages/supporting?as_of=" + DURING_SUPPORTING.isoformat())
    card = html.split('<li class="candidate" id="c-ria-patel"')[1].split("</li>\n")[0]
    for words in ("1 of 2 CLPs", "0 of 3 affiliates", "0 of 2 unions", "0.0% of 5% membership", "Needs 1 more CLP"):
        assert words in card


def test_who_nominated_whom_lists_each_body_with_its_date(client, clock):
    world = leader_world()
    db.session.commit()
    html = page(client, world.url + "/stages/plp")
    card = html.split('<li class="candidate" id="c-sam-carter"')[1].split("</li>\n</ul>")[0]
    assert "Nominated by 4 bodies" in card
    for mp in world.mps[:4]:
        assert f'href="/bodies/{mp.code}"' in card
    assert "8 January 2026" in card


def test_bodies_not_yet_nominated_are_listed_by_region(client, clock):
    world = leader_world()
    db.session.commit()
    html = section(page(client, world.url + "/stages/plp"), "not-yet-title")
    assert "16 of 30 bodies" in html  # 14 MPs nominated
    assert re.findall(r"<summary>(\w+) <span", html) == ["North", "South", "Wales"]
    assert world.mps[0].name not in html and world.mps[29].name in html


def test_nominations_are_counted_by_region(client, clock):
    world = leader_world()
    db.session.commit()
    html = section(page(client, world.url + "/stages/plp"), "regions-title")
    rows = re.findall(r'<tr><th scope="row">(\w+)</th><td class="num"[^>]*>(\d+)</td><td class="num"[^>]*>(\d+)</td>', html)
    assert [r[0] for r in rows] == ["North", "South", "Wales"]
    assert sum(int(r[1]) for r in rows) == 30
    assert sum(int(r[2]) for r in rows) == 14


def test_deadline_countdown_is_in_the_elections_time_zone(client, clock):
    election = create_election(slug="summer", title="Summer elections")
    opens = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    closes = datetime(2026, 6, 14, 16, 0, tzinfo=UTC)  # 17:00 in London (BST)
    create_contest(election, slug="deputy", title="Deputy Leader",
                   stages=[dict(key="plp", title="Nominations from MPs", opens_at=opens, closes_at=closes,
                                routes=[dict(kind="mp", count=2)])])
    db.session.commit()
    clock.set(closes - timedelta(days=2, hours=3))
    html = page(client, "/elections/summer/contests/deputy")
    assert "Closes in 2 days 3 hours, at 17:00 on 14 June" in html
    assert "closes in 2 days 3 hours, at 17:00 on 14 June" in page(client, "/")


def test_as_of_shows_the_contest_as_it_stood(client, clock):
    world = leader_world()
    db.session.commit()
    before_any = page(client, world.url + "/stages/plp?as_of=" + (T0 + timedelta(hours=1)).isoformat())
    assert "Nominated by" not in before_any
    assert "Shown as of" in before_any
    later = page(client, world.url + "/stages/plp?as_of=2026-01-10T12:00")
    assert "Nominated by 4 bodies" in later
    assert "as_of=2026-01-10T12%3A00" in later or "as_of=2026-01-10T12:00" in later  # links keep the moment


def test_a_bad_as_of_is_refused_naming_the_parameter(client, clock):
    world = leader_world()
    db.session.commit()
    response = client.get(world.url + "?as_of=yesterday")
    assert response.status_code == 400
    assert "as_of &#39;yesterday&#39; is not a date and time: write it as 2026-02-14 17:00" in response.get_data(as_text=True)


def test_unknown_contest_is_404(client, clock):
    assert client.get("/elections/none/contests/none").status_code == 404


def test_ballot_stage_lists_the_ballot_by_surname_and_who_is_off_and_why(client, clock):
    world = leader_world()
    db.session.commit()
    clock.set(AFTER)
    html = page(client, world.url + "/stages/ballot")
    ballot = section(html, "ballot-title")
    assert re.findall(r'<li><a href="/candidates/([a-z-]+)"', ballot) == ["sam-carter"]
    off = section(html, "off-title")
    assert "Eliminated at Nominations from MPs: 1 of 3 MPs (10% of 30) ✗." in off  # Alex Zed
    assert "Withdrew on 9 January 2026." in off
    assert "Suspended since 22 January 2026 (reason: none published)." in off
    assert "Eliminated at Nominations from CLPs or affiliates" in off  # Ria Patel


def test_ballot_order_is_alphabetical_by_surname(client, clock):
    world = leader_world()
    db.session.commit()
    html = page(client, world.url + "/stages/ballot?as_of=" + DURING_SUPPORTING.isoformat())
    standing = section(html, "ballot-title")
    assert "The ballot is set when Nominations from CLPs or affiliates closes" in standing
    # by surname: Carter before Patel (by first name it would be Ria before Sam)
    assert re.findall(r'<li><a href="/candidates/([a-z-]+)[?"]', standing) == ["sam-carter", "ria-patel"]


def test_result_stage_has_room_for_the_result(client, clock):
    world = leader_world()
    world.contest.ballot_opens_at = T0 + timedelta(days=45)
    world.contest.ballot_closes_at = T0 + timedelta(days=60)
    world.contest.result_at = T0 + timedelta(days=62)
    db.session.commit()
    html = page(client, world.url + "/stages/result")
    assert "The result is expected at 09:00 on 10 March 2026" in section(html, "result-title")


def test_a_halted_contest_says_so_and_why(client, clock):
    world = leader_world()
    db.session.add(ContestHalt(contest=world.contest, halted_at=T0 + timedelta(days=1), reason="a legal challenge"))
    audit("Leader halted", contest=world.contest)
    db.session.commit()
    assert "a legal challenge" in page(client, world.url)
    assert "Halted: a legal challenge" in page(client, "/")


def test_home_gives_each_contest_a_one_line_state(client, clock):
    world = leader_world()
    db.session.commit()
    clock.set(DURING_PLP)
    html = page(client, "/")
    assert f'href="{world.url}"' in html
    assert "Nominations from MPs closes in 3 days, at 09:00 on 13 January — 3 of 4 candidates qualified so far." in html


def test_pages_work_without_javascript_and_declare_language_and_viewport(client, clock):
    world = leader_world()
    db.session.commit()
    for url in ("/", world.url, world.url + "/stages/ballot", "/candidates/sam-carter", "/bodies/CLP0", "/bodies?q=clp"):
        html = page(client, url)
        assert "<script" not in html
        assert '<html lang="en-GB">' in html
        assert 'name="viewport"' in html
