"""Callable factories that build small worlds directly in the database, for tests."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy, Person
from tracker.elections.models import Contest, Election, Route, Stage
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.suspensions.models import Suspension

T0 = datetime(2026, 1, 7, 9, 0, tzinfo=UTC)


def create_election(slug="leadership-2026", title="Leadership elections 2026", timezone="Europe/London"):
    election = Election(slug=slug, title=title, timezone=timezone)
    db.session.add(election)
    db.session.flush()
    return election


def create_contest(election, slug="leader", title="Leader", seats=1, stages=None, **settings):
    """A contest; `stages` is a list of dicts: key, title, opens_at, closes_at, routes=[dict(kind=..., ...)]."""
    if stages is None:
        stages = [
            dict(key="plp", title="Nominations from MPs", opens_at=T0, closes_at=T0 + timedelta(days=6),
                 routes=[dict(kind="mp", share="0.10")]),
            dict(key="supporting", title="Nominations from CLPs or affiliates",
                 opens_at=T0 + timedelta(days=8), closes_at=T0 + timedelta(days=38),
                 routes=[dict(kind="clp", share="0.05"),
                         dict(kind="affiliate", count=3, unions=2, membership_share="0.05")]),
        ]
    settings.setdefault("max_nominations_per_body", 1 if seats == 1 else seats)
    contest = Contest(election=election, slug=slug, title=title, seats=seats, **settings)
    for position, spec in enumerate(stages):
        spec = dict(spec)
        routes = spec.pop("routes")
        stage = Stage(position=position, **spec)
        stage.routes = [Route(position=i, **r) for i, r in enumerate(routes)]
        contest.stages.append(stage)
    db.session.add(contest)
    db.session.flush()
    return contest


def create_person(name):
    from tracker.candidates.operations import slugify

    person = db.session.query(Person).filter_by(name=name).one_or_none()
    if person is None:
        person = Person(name=name, slug=slugify(name))
        db.session.add(person)
        db.session.flush()
    return person


def create_body(election, code, kind="clp", name=None, region=None, is_union=False, members=0, person=None):
    if kind == "mp" and person is None:
        person = create_person(name or f"MP {code}")
    body = NominatingBody(election=election, code=code, name=name or (person.name if person else code), kind=kind,
                          region=region, is_union=is_union, members=members, person=person)
    db.session.add(body)
    db.session.flush()
    return body


def create_candidate(contest, name, woman=None, withdrawn_at=None):
    candidacy = Candidacy(contest=contest, person=create_person(name), woman=woman, withdrawn_at=withdrawn_at)
    db.session.add(candidacy)
    db.session.flush()
    return candidacy


def create_nomination(candidacy, body, nominated_at, status="verified", slot=None):
    """A nomination stored directly (bypassing the checks the operations make)."""
    if slot is None and status in ("submitted", "verified"):
        taken = {n.slot for n in db.session.query(Nomination).filter_by(contest_id=candidacy.contest_id, body_id=body.id)}
        slot = min(set(range(1, len(taken) + 2)) - taken)
    nomination = Nomination(contest_id=candidacy.contest_id, candidacy=candidacy, body=body,
                            nominated_at=nominated_at, status=status, slot=slot)
    db.session.add(nomination)
    db.session.flush()
    return nomination


def create_suspension(person, starts_at, ends_at=None, reason=None):
    suspension = Suspension(person=person, starts_at=starts_at, ends_at=ends_at, reason=reason)
    db.session.add(suspension)
    db.session.flush()
    return suspension
