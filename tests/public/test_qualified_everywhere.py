"""One status everywhere: the demo's candidates qualify the moment their nominations meet a stage, and every page,
download, feed and API answer says so in the same word.

The demo is loaded with `flask demo --today 2026-03-02`, which fixes its timetable (London time): MPs nominate from
09:00 on 10 February to 14:30 on 16 February; CLPs and affiliates from 09:00 on 18 February to 17:00 on 16 March.
"""
from __future__ import annotations

import csv
import io
import math
import re
from datetime import date, datetime, time, timedelta
from xml.etree import ElementTree as ET

import pytest

from tracker.demo.generate import SLUG, generate
from tracker.times import moment_text, to_local
from tracker.vocabulary import BodyKind, VerdictStatus, slugify

TODAY = date(2026, 3, 2)
SCALE = 0.05  # 20 MPs and 32 CLPs: the demo's situation, quickly
LONDON = "Europe/London"
ATOM = "{http://www.w3.org/2005/Atom}"
STATUS = re.compile(r'<span class="status status-[a-z-]+"><span aria-hidden="true">[^<]*</span>([^<]+)</span>')


def local(days: int, hour: int, minute: int = 0) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.combine(TODAY + timedelta(days=days), time(hour, minute), tzinfo=ZoneInfo(LONDON))


DURING_MPS, BETWEEN, DURING_CLPS = local(-17, 12), local(-13, 12), local(-1, 23)


@pytest.fixture
def demo(runner, tmp_path):
    """The demo loaded by its command for 2 March 2026, and what its files hold."""
    result = runner.invoke(args=["demo", "--today", TODAY.isoformat(), "--scale", str(SCALE),
                                 "--directory", str(tmp_path / "loaded")])
    assert result.exit_code == 0, result.output
    return generate(tmp_path / "expected", TODAY, SCALE)


def ballot(client, contest: str, as_of: datetime) -> dict:
    response = client.get(f"/api/v1/elections/{SLUG}/contests/{contest}/ballot?as_of={as_of.isoformat()}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def mp_nominations(demo, contest: str, name: str, by: datetime) -> list[datetime]:
    """When the candidate's MPs nominated them, up to `by`, earliest first."""
    kinds = {body.code: body.kind for body in demo.bodies}
    return sorted(at for c, who, code, at, _ in demo.nominations
                  if (c, who, kinds[code]) == (contest, name, BodyKind.MP) and at <= by)


def mps_needed(demo) -> int:
    return math.ceil(sum(body.kind == BodyKind.MP for body in demo.bodies) / 10)


def moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


@pytest.mark.parametrize("contest", ["leader", "deputy"])
def test_during_the_mp_stage_the_ballot_shows_who_has_qualified_and_since_the_nomination_that_did_it(
    client, demo, contest
):
    body = ballot(client, contest, DURING_MPS)
    assert (body["stage"], body["on_ballot"]) == ("plp", [])
    need = mps_needed(demo)
    for candidate in body["candidates"]:
        made = mp_nominations(demo, contest, candidate["name"], DURING_MPS)
        plp = candidate["stages"][0]
        assert plp["final"] is False
        if len(made) >= need:
            assert (candidate["status"], candidate["eligible"], plp["met"]) == ("qualified", True, True)
            assert moment(plp["met_at"]) == made[need - 1]  # the nomination that made the threshold
        else:
            assert (candidate["status"], plp["met"], plp["met_at"]) == ("in_progress", False, None)
    assert sum(c["status"] == "qualified" for c in body["candidates"]) >= 2


@pytest.mark.parametrize("contest", ["leader", "deputy"])
def test_between_stages_those_who_met_the_closed_stage_stay_qualified_from_the_same_moment(client, demo, contest):
    body = ballot(client, contest, BETWEEN)
    assert (body["stage"], body["on_ballot"]) == ("between:supporting", [])
    need = mps_needed(demo)
    for candidate in body["candidates"]:
        made = mp_nominations(demo, contest, candidate["name"], BETWEEN)
        plp, supporting = candidate["stages"]
        assert (plp["final"], supporting["final"], supporting["met_at"]) == (True, False, None)
        if len(made) >= need:
            assert (candidate["status"], plp["met"], supporting["met"]) == ("qualified", True, False)
            assert moment(plp["met_at"]) == made[need - 1]
        else:
            assert (candidate["status"], plp["met"], plp["met_at"], supporting["met"]) == (
                "eliminated", False, None, None
            )


@pytest.mark.parametrize("contest", ["leader", "deputy"])
def test_during_the_clp_stage_the_ballot_shows_who_has_met_it_so_far_from_one_of_their_nominations(
    client, demo, contest
):
    body = ballot(client, contest, DURING_CLPS)
    assert (body["stage"], body["on_ballot"]) == ("supporting", [])
    statuses = {c["name"]: c["status"] for c in body["candidates"]}
    assert sorted(statuses.values()).count("qualified") == 2 and "in_progress" in statuses.values()
    for candidate in body["candidates"]:
        plp, supporting = candidate["stages"]
        made = {at for c, who, _, at, _ in demo.nominations if (c, who) == (contest, candidate["name"])}
        if candidate["status"] == "qualified":
            assert (plp["met"], plp["final"], supporting["met"], supporting["final"]) == (True, True, True, False)
            assert moment(supporting["met_at"]) in made and moment(supporting["met_at"]) <= DURING_CLPS
            assert moment(plp["met_at"]) == mp_nominations(demo, contest, candidate["name"], BETWEEN)[mps_needed(demo) - 1]
        if candidate["status"] == "in_progress":
            assert (plp["met"], supporting["met"], supporting["met_at"]) == (True, False, None)


def first_status(html: str) -> str:
    found = STATUS.search(html)
    assert found, "no status shown"
    return found.group(1)


def test_a_candidate_has_the_same_status_word_on_every_page_download_and_feed(client, clock, demo):
    clock.set(DURING_CLPS)
    body = ballot(client, "leader", DURING_CLPS)
    kinds = {b.code: b.kind for b in demo.bodies}
    ballot_csv = client.get(f"/elections/{SLUG}/contests/leader/stages/ballot/candidates.csv")
    in_csv = {row["candidate"]: row["status"] for row in csv.DictReader(io.StringIO(ballot_csv.data.decode("utf-8-sig")))}
    dashboard = client.get(f"/elections/{SLUG}/contests/leader").get_data(as_text=True)
    feed = ET.fromstring(client.get(f"/elections/{SLUG}/contests/leader/feed.atom").data)
    feed_titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")
                   if e.find(f"{ATOM}category").get("term") == "candidate.qualified"]
    checked = set()
    for candidate in body["candidates"]:
        if candidate["status"] not in ("qualified", "in_progress"):
            continue
        name, slug = candidate["name"], slugify(candidate["name"])
        words = VerdictStatus(candidate["status"]).words
        page = client.get(f"/candidates/{slug}").get_data(as_text=True)
        clp = next(code for c, who, code, _, _ in demo.nominations
                   if (c, who) == ("leader", name) and kinds[code] == BodyKind.CLP)
        body_page = client.get(f"/bodies/{clp}").get_data(as_text=True)
        on_body_page = body_page[body_page.index(f'href="/candidates/{slug}"'):]
        card = dashboard[dashboard.index(f'id="c-{slug}"'):]
        assert first_status(page) == first_status(on_body_page) == first_status(card) == words
        assert in_csv[name] == candidate["status"]
        checked.add(candidate["status"])
        if candidate["status"] == "qualified":
            met_at = moment(candidate["stages"][1]["met_at"])
            when = moment_text(met_at, LONDON)
            assert f"Qualified at {when} with " in page  # the moment, on their page
            assert f"Qualified at {when} with " in card[:card.index("</li>")]  # and on their card
            assert any(title.startswith(f"Leader: {name} qualified for Nominations from CLPs or affiliates at {when}")
                       for title in feed_titles)
            assert to_local(met_at, LONDON).date() < TODAY
    assert checked == {"qualified", "in_progress"}
