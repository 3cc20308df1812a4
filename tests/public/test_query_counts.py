"""A page's number of SQL queries does not grow with the number of candidates, bodies or nominations."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import T0
from tests.public.worlds import audit, leader_world, sign_pledge
from tracker.extensions import db
from tracker.suspensions.models import Suspension

#: Pages and API answers, with {e} the election, {t} the world's tag; each is asked of a small and a large world.
URLS = [
    "/elections/{e}",
    "/elections/{e}/contests/leader",
    "/elections/{e}/contests/leader/stages/plp",
    "/elections/{e}/contests/leader/stages/supporting",
    "/elections/{e}/contests/leader/stages/ballot",
    "/elections/{e}/contests/leader/stages/result",
    "/elections/{e}/contests/leader/stages/plp/progress.csv",
    "/elections/{e}/contests/leader/stages/plp/nominations.csv",
    "/elections/{e}/contests/leader/stages/plp/not-nominated.csv",
    "/elections/{e}/contests/leader/stages/plp/regions.csv",
    "/elections/{e}/contests/leader/stages/ballot/candidates.csv",
    "/elections/{e}/contests/leader/feed.atom",
    "/elections/{e}/feed.atom",
    "/candidates/sam-{t}-carter",
    "/candidates/sam-{t}-carter/nominations.csv",
    "/bodies/{t}CLP0",
    "/bodies/{t}CLP0/nominations.csv",
    "/bodies?q={t}CLP",
    "/api/v1/elections/{e}",
    "/api/v1/elections/{e}/contests",
    "/api/v1/elections/{e}/contests/leader",
    "/api/v1/elections/{e}/contests/leader/ballot",
    "/api/v1/elections/{e}/contests/leader/candidates",
    "/api/v1/elections/{e}/contests/leader/candidates?since=2026-01-01",
    "/api/v1/elections/{e}/contests/leader/nominations",
    "/api/v1/elections/{e}/contests/leader/nominations?since=2026-01-01",
    "/api/v1/elections/{e}/bodies",
    "/api/v1/elections/{e}/bodies/{t}CLP0",
    "/api/v1/elections/{e}/changes",
    "/api/v1/candidates/sam-{t}-carter",
]


def world(scale: int, tag: str):
    found = leader_world(scale=scale, slug=tag, title=f"Election {tag}", tag=tag)
    for candidacy in list(found.candidates.values())[:2]:
        sign_pledge(found.election, candidacy.person)
        db.session.add(Suspension(person=candidacy.person, starts_at=T0 + timedelta(days=30),
                                  ends_at=T0 + timedelta(days=31), reason="a test"))
        audit(f"{candidacy.person.name} declared", contest=found.contest, object_type="candidacy",
              object_id=candidacy.id, at=T0)
    for i in range(3 * scale):
        audit(f"change {i}", contest=found.contest, at=T0 + timedelta(hours=i))
    return found


@pytest.fixture
def worlds(app):
    small, large = world(1, "small"), world(8, "large")
    db.session.commit()
    assert len(large.candidates) > 5 * len(small.candidates) and len(large.clps) == 8 * len(small.clps)
    return small, large


def queries(client, count_queries, url) -> list[str]:
    db.session.remove()  # as at the start of a real request: nothing already loaded
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return [s for s in counter.statements if s.strip().upper() != "BEGIN"]


@pytest.mark.parametrize("url", URLS)
def test_queries_do_not_grow_with_the_world(client, clock, worlds, count_queries, url):
    small = queries(client, count_queries, url.format(e="small", t="small"))
    large = queries(client, count_queries, url.format(e="large", t="large"))
    assert len(small) == len(large), "\n".join(["small:", *small, "large:", *large])
    assert len(small) <= 30, "\n".join(q[:160] for q in small)  # a fixed number, whatever the size of the world


def test_the_home_page_asks_the_same_queries_for_one_election_or_two(client, clock, count_queries):
    world(1, "small")
    db.session.commit()
    one = queries(client, count_queries, "/")
    world(8, "large")
    db.session.commit()
    two = queries(client, count_queries, "/")
    assert len(one) == len(two), "\n".join(["one:", *one, "two:", *two])
    for url in ("/api/v1/elections", "/api/v1/candidates", "/api/v1/bodies?q=CLP1", "/contests.csv"):
        queries(client, count_queries, url)
