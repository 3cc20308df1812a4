"""Worlds for the public pages: a Leader contest part-way through, small or large, built in bulk."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tests.factories import T0, create_candidate, create_contest, create_election, create_person
from tracker.audit.models import AuditEvent
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.pledges.models import Pledge, PledgeSignature, PledgeVersion
from tracker.suspensions.models import Suspension

#: Moments in the default Leader timetable (tests/factories.py): plp T0..T0+6d, supporting T0+8d..T0+38d.
DURING_PLP = T0 + timedelta(days=3)
BETWEEN = T0 + timedelta(days=7)
DURING_SUPPORTING = T0 + timedelta(days=20)
AFTER = T0 + timedelta(days=40)
REGIONS = ("North", "South", "Wales")


@dataclass
class World:
    election: object
    contest: object
    mps: list = field(default_factory=list)
    clps: list = field(default_factory=list)
    affiliates: list = field(default_factory=list)
    candidates: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"/elections/{self.election.slug}/contests/{self.contest.slug}"


def add_bodies(election, kind: str, count: int, prefix: str, tag: str = "", **fields) -> list[NominatingBody]:
    """`count` bodies of a kind in one flush; MPs get a person each (so that suspensions reach them)."""
    bodies = []
    for i in range(count):
        person = create_person(f"{tag}{prefix} Member {i}") if kind == "mp" else None
        name = person.name if person else f"{tag}{prefix} {i} {'CLP' if kind == 'clp' else 'Society'}"
        bodies.append(
            NominatingBody(
                election=election, code=f"{tag}{prefix}{i}", name=name, kind=kind, region=REGIONS[i % len(REGIONS)],
                person=person, **fields,
            )
        )
    db.session.add_all(bodies)
    db.session.flush()
    return bodies


def nominate(candidacy, bodies, at, status="verified") -> None:
    """Nominations of one candidate by several bodies (each body's first slot), in one flush."""
    db.session.add_all(
        Nomination(contest_id=candidacy.contest_id, candidacy=candidacy, body=body, nominated_at=at, status=status,
                   slot=1 if status in ("submitted", "verified") else None)
        for body in bodies
    )
    db.session.flush()


def leader_world(scale: int = 1, slug: str = "leadership-2026", title: str = "Leadership elections 2026",
                 tag: str = "") -> World:
    """The Leader contest with every kind of standing. `scale` multiplies the bodies, nominations and the
    crowd of extra candidates, keeping the named candidates' stories the same.

    Sam Carter: 4 MPs, then 3 CLPs (through both). Ria Patel: 3 MPs, then 1 CLP. Alex Zed: 1 MP
    (eliminated at plp). Jo Bloggs: withdrew. Kim Adams: 3 MPs, suspended during supporting.
    A `tag` goes into every name and code, so that two worlds can share a database.
    """
    election = create_election(slug=slug, title=title)
    contest = create_contest(election)
    world = World(election, contest)
    world.mps = add_bodies(election, "mp", 30 * scale, "MP", tag)
    world.clps = add_bodies(election, "clp", 40 * scale, "CLP", tag)
    world.affiliates = add_bodies(election, "affiliate", 4, "AFF", tag, is_union=True, members=1000)
    mps, clps = iter(world.mps), iter(world.clps)
    plan = {
        "Sam Carter": (4, 3 * scale),
        "Ria Patel": (3, 1),
        "Alex Zed": (1, 0),
        "Jo Bloggs": (3, 0),
        "Kim Adams": (3, 0),
    }
    for name, (mp_count, clp_count) in plan.items():
        first, last = name.split()
        candidacy = create_candidate(contest, f"{first} {tag} {last}" if tag else name, woman=first in ("Ria", "Kim"))
        world.candidates[name] = candidacy
        nominate(candidacy, [next(mps) for _ in range(mp_count)], T0 + timedelta(days=1))
        nominate(candidacy, [next(clps) for _ in range(clp_count)], T0 + timedelta(days=10))
    for i in range(5 * (scale - 1)):  # a crowd that grows with the scale, each with a few nominations
        candidacy = create_candidate(contest, f"Extra {tag}Person{i:03d}")
        world.candidates[candidacy.person.name] = candidacy
        nominate(candidacy, [next(mps)], T0 + timedelta(days=2))
        nominate(candidacy, [next(clps)], T0 + timedelta(days=11))
    world.candidates["Jo Bloggs"].withdrawn_at = T0 + timedelta(days=2)
    db.session.add(
        Suspension(person=world.candidates["Kim Adams"].person, starts_at=T0 + timedelta(days=15), reason=None)
    )
    db.session.flush()
    return world


def audit(summary: str, *, contest=None, election=None, public=True, object_type="none", object_id=None,
          action="test.change", at: datetime | None = None, after: dict | None = None) -> AuditEvent:
    """An audit event as an operation would write it with its change."""
    event = AuditEvent(
        at=at or datetime.now(UTC), actor_label="test", action=action, object_type=object_type, object_id=object_id,
        election_id=(election.id if election else contest.election_id if contest else None),
        contest_id=contest.id if contest else None, summary=summary, public=public, after=after,
    )
    db.session.add(event)
    db.session.flush()
    return event


def sign_pledge(election, person, title="Clean campaign pledge", at=None) -> PledgeSignature:
    """A pledge (version 1) concerning the person's contests in the election, signed by them."""
    pledge = db.session.query(Pledge).filter_by(slug="clean-campaign", election_id=election.id).one_or_none()
    if pledge is None:
        pledge = Pledge(election_id=election.id, slug="clean-campaign", title=title, published_at=T0,
                        contests=[c.contest for c in person.candidacies if c.contest.election_id == election.id])
        pledge.versions.append(PledgeVersion(number=1, text="I will campaign fairly.", published_at=T0))
        db.session.add(pledge)
        db.session.flush()
    signature = PledgeSignature(pledge_id=pledge.id, version_id=pledge.versions[-1].id, person_id=person.id,
                                signed_at=at or T0)
    db.session.add(signature)
    db.session.flush()
    return signature


__all__ = [
    "AFTER", "BETWEEN", "DURING_PLP", "DURING_SUPPORTING", "T0", "World", "add_bodies", "audit", "leader_world",
    "nominate", "sign_pledge", "Candidacy",
]
