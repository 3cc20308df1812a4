"""The demo: a fictional national election, loaded through the ordinary loaders, part-way through nominations."""
from __future__ import annotations

import csv
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from tracker.audit.models import AuditEvent
from tracker.ballot.judging import current_stage, judge
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy
from tracker.demo.cli import load_demo
from tracker.demo.generate import REGIONS, generate
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.suspensions.models import Suspension
from tracker.types import utcnow

SCALE = 0.05  # 20 MPs and 33 CLPs: the same situation, quickly


def today() -> date:
    return datetime.now(ZoneInfo("Europe/London")).date()


def rows() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (NominatingBody, Candidacy, Nomination, Suspension, AuditEvent))


@pytest.fixture
def demo(app, tmp_path):
    loaded = load_demo(tmp_path, scale=SCALE)
    db.session.commit()
    return loaded


def test_full_scale_files_describe_a_national_election(tmp_path):
    made = generate(tmp_path, date(2026, 3, 1))
    kinds = Counter(body.kind for body in made.bodies)
    assert kinds == {"mp": 200, "clp": 650, "affiliate": 20}
    assert Counter(body.region for body in made.bodies if body.kind == "clp") == REGIONS
    assert sum(body.is_union for body in made.bodies) == 12
    assert {contest: len(people) for contest, people in made.candidates.items()} == {"leader": 6, "deputy": 6, "nec-clp": 20}
    assert sum(woman for _, woman in made.candidates["nec-clp"]) == 10
    with made.paths["bodies"].open(encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert len(set(names)) == len(names)


def test_same_date_gives_the_same_files(tmp_path):
    first = generate(tmp_path / "a", date(2026, 3, 1), SCALE)
    second = generate(tmp_path / "b", date(2026, 3, 1), SCALE)
    assert all(first.paths[k].read_bytes() == second.paths[k].read_bytes() for k in first.paths)


def test_demo_is_part_way_through_its_nominations(demo):
    _, election, _ = demo
    leader, deputy, nec = election.contests
    now = utcnow()
    assert current_stage(leader, now).key == "supporting"  # the MP stage has closed
    assert timedelta(days=13) < leader.stages[1].closes_at - now < timedelta(days=15)
    leader_verdict, deputy_verdict = judge(leader, now).verdict, judge(deputy, now).verdict
    assert [v.stages[0].state for v in leader_verdict.candidates] == ["closed"] * 6
    assert Counter(v.status for v in leader_verdict.candidates) == {
        "qualified": 2, "in_progress": 1, "eliminated": 2, "withdrawn": 1
    }
    assert Counter(v.status for v in deputy_verdict.candidates) == {
        "qualified": 2, "in_progress": 1, "eliminated": 2, "suspended": 1
    }
    [suspended] = [v for v in deputy_verdict.candidates if v.status == "suspended"]
    assert suspended.reason.endswith("(reason: none published).")
    running = [v for v in leader_verdict.candidates if v.status in ("qualified", "in_progress")]
    assert sorted(v.stages[1].met for v in running) == [False, True, True]  # one close to the threshold
    nec_verdict = judge(nec, now).verdict
    assert (len(nec_verdict.candidates), nec.seats, nec.min_women) == (20, 9, 5)
    assert any(not v.stages[0].met for v in nec_verdict.candidates)
    statuses = Counter(db.session.scalars(select(Nomination.status)))
    assert statuses["verified"] > statuses["submitted"] > 0  # the last two days' await verification


def test_demo_loaded_again_the_same_day_changes_nothing(app, demo, tmp_path):
    before = rows()
    _, _, summaries = load_demo(tmp_path, scale=SCALE)
    db.session.commit()
    assert rows() == before
    assert all(s.created == s.updated == 0 for s in summaries.values())


def test_demo_loaded_on_another_day_updates_the_same_election_in_place(app, demo, tmp_path):
    _, election, _ = demo
    counts = rows()[:4]
    _, again, summaries = load_demo(tmp_path, today=today() - timedelta(days=3), scale=SCALE)
    db.session.commit()
    assert again.id == election.id
    assert rows()[:4] == counts  # the same bodies, candidates and nominations; the suspension moved
    assert summaries["nominations"].updated == counts[2]


def test_demo_command_prints_what_it_loaded_and_how_to_sign_in(runner, tmp_path):
    result = runner.invoke(args=["demo", "--scale", "0.05", "--directory", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "MP nominations closed at" in result.output
    assert "flask --app tracker create-user you@example.org --role admin" in result.output
    assert db.session.scalars(select(AuditEvent.actor_label).distinct()).all() == ["demo"]
