"""The pages name the rules beyond the basic routes: an amended timetable, a supporting stage that does not
decide the ballot, pooled and declared kinds in their own words, and an own nomination that does not count."""
from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest

from tests.factories import T0, create_body, create_candidate, create_contest, create_election, create_nomination
from tracker.elections.models import ElectionKind, StageAmendment
from tracker.extensions import db

PLP_CLOSES = T0 + timedelta(days=6)  # 13 January 2026, 09:00
STAGES = [
    dict(key="plp", title="Nominations from MPs and MEPs", opens_at=T0, closes_at=PLP_CLOSES,
         routes=[dict(kind="mp,mep", share="0.50")]),
    dict(key="supporting", title="Supporting nominations", opens_at=T0 + timedelta(days=20),
         closes_at=T0 + timedelta(days=25), gates=False, routes=[dict(kind="clp", count=2)]),
]


@pytest.fixture
def world(app):
    election = create_election()
    election.kinds = [ElectionKind(key="mep", position=0, title="MEP", plural="MEPs", person=True)]
    contest = create_contest(election, stages=STAGES, self_nomination=False)
    contest.stages[0].amendments = [StageAmendment(position=0, made_at=T0 + timedelta(days=4),
                                                   closes_at=T0 + timedelta(days=10), reason="extended by the NEC")]
    mp = create_body(election, "MP1", "mp", name="Jo Swinson")
    mep = create_body(election, "MEP1", "mep", name="Mary Meps")
    create_body(election, "MP2", "mp")
    create_body(election, "MEP2", "mep")
    clp = create_body(election, "CLP1", "clp", name="Anytown")
    swinson = create_candidate(contest, "Jo Swinson")
    swinson.body = mp
    create_nomination(swinson, mp, T0 + timedelta(days=1))
    create_nomination(swinson, mep, T0 + timedelta(days=8))  # after the old close, before the new one
    create_nomination(swinson, clp, T0 + timedelta(days=21))
    db.session.commit()
    return contest


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(unescape(response.get_data(as_text=True)).split())


def test_the_stage_page_says_when_and_how_the_timetable_changed(client, world):
    text = page(client, "/elections/leadership-2026/contests/leader/stages/plp?as_of=2026-01-16T12:00")
    assert ("Timetable changed: the close was moved from 09:00 on 13 January 2026 to 09:00 on 17 January 2026 on "
            "11 January 2026 (extended by the NEC).") in text


def test_before_the_amendment_was_made_the_stage_page_shows_the_old_close(client, world):
    text = page(client, "/elections/leadership-2026/contests/leader/stages/plp?as_of=2026-01-10T12:00")
    assert "Timetable changed" not in text
    assert "13 January 2026" in text


def test_pooled_and_declared_kinds_are_named_in_their_own_words(client, world):
    text = page(client, "/elections/leadership-2026/contests/leader/stages/plp?as_of=2026-01-16T12:00")
    assert "To qualify, a candidate needs 2 MPs and MEPs (50% of 4)." in text
    assert "Does not count: own nomination not counted." in text


def test_a_supporting_stage_says_it_does_not_decide_the_ballot(client, world):
    text = page(client, "/elections/leadership-2026/contests/leader/stages/supporting?as_of=2026-02-05T12:00")
    assert "These nominations are recorded and shown, but they do not decide who is on the ballot." in text


def test_a_candidates_page_counts_nominations_in_the_elections_own_words(client, world):
    text = page(client, "/candidates/jo-swinson?as_of=2026-01-16T12:00")
    assert "Nominations from MPs and MEPs — 2: 1 MP, 1 MEP" in text


def test_a_body_of_a_declared_kind_is_named_by_its_kind(client, world):
    assert "MEP · code MEP1" in page(client, "/bodies/MEP1")
    assert "MEP · Leadership elections 2026" in page(client, "/bodies?q=Mary")
