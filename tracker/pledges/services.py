"""Reading pledges: each candidate's one state on a pledge (signed, declined, invited, not asked), the badges
on candidates' cards, and the differences between versions."""
from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from tracker.candidates.models import Candidacy, Person
from tracker.elections.models import Contest, Election
from tracker.extensions import db
from tracker.pledges.models import Pledge, PledgeDecline, PledgeInvitation, PledgeSignature, pledge_contest
from tracker.vocabulary import PledgeState


@dataclass(frozen=True)
class Standing:
    """Where one candidate (in one contest) stands on a pledge."""

    pledge: Pledge
    person: Person
    contest: Contest
    state: PledgeState
    #: When they signed or declined (None otherwise).
    at: datetime | None = None
    #: The version signed or declined (None otherwise).
    version: int | None = None
    invited_at: datetime | None = None
    statement: str = ""
    evidence: str = ""

    @property
    def outdated(self) -> bool:
        """Signed an older version than the current one (and asked to sign the new one)."""
        return self.state == PledgeState.SIGNED and self.version != self.pledge.current.number


def pledge_query():
    return select(Pledge).options(selectinload(Pledge.versions), selectinload(Pledge.contests),
                                  joinedload(Pledge.proposed_by), joinedload(Pledge.organisation))


def pledges_of_election(election: Election) -> list[Pledge]:
    return list(db.session.scalars(pledge_query().where(Pledge.election_id == election.id).order_by(Pledge.published_at, Pledge.id)))


def pledge_by_slug(election: Election, slug: str) -> Pledge | None:
    return db.session.scalar(pledge_query().where(Pledge.election_id == election.id, Pledge.slug == slug))


def pledges_concerning(contest_ids) -> list[Pledge]:
    ids = sorted(set(contest_ids))
    if not ids:
        return []
    pledge_ids = select(pledge_contest.c.pledge_id).where(pledge_contest.c.contest_id.in_(ids))
    return list(db.session.scalars(pledge_query().where(Pledge.id.in_(pledge_ids)).order_by(Pledge.published_at, Pledge.id)))


@dataclass(frozen=True)
class Act:
    """An invitation, signature or refusal, as the states need it."""

    at: datetime
    statement: str = ""
    evidence: str = ""


def _acts(pledges: list[Pledge]) -> tuple[dict, dict, dict]:
    """Invitations, signatures and refusals of these pledges, in one query:
    three maps {(pledge_id, person_id): {version number: Act}}."""
    numbers = {v.id: v.number for p in pledges for v in p.versions}
    found: dict[str, dict] = {kind: defaultdict(dict) for kind in ("invited", "signed", "declined")}
    if pledges:
        ids = [p.id for p in pledges]
        empty = literal("")
        query = union_all(
            select(literal("invited"), PledgeInvitation.pledge_id, PledgeInvitation.person_id,
                   PledgeInvitation.version_id, PledgeInvitation.invited_at, empty, empty)
            .where(PledgeInvitation.pledge_id.in_(ids)),
            select(literal("signed"), PledgeSignature.pledge_id, PledgeSignature.person_id, PledgeSignature.version_id,
                   PledgeSignature.signed_at, empty, PledgeSignature.evidence).where(PledgeSignature.pledge_id.in_(ids)),
            select(literal("declined"), PledgeDecline.pledge_id, PledgeDecline.person_id, PledgeDecline.version_id,
                   PledgeDecline.declined_at, PledgeDecline.statement, empty).where(PledgeDecline.pledge_id.in_(ids)),
        )
        for kind, pledge_id, person_id, version_id, at, statement, evidence in db.session.execute(query):
            found[kind][(pledge_id, person_id)][numbers[version_id]] = Act(
                at, statement or "", evidence or "")
    return found["invited"], found["signed"], found["declined"]


def _standing(pledge: Pledge, person: Person, contest: Contest, invites: dict, signs: dict, declines: dict) -> Standing:
    """One state from a candidate's acts on every version: the current version's answer wins; then a signature of
    an older version; then an open invitation; then an older refusal."""
    current = pledge.current.number
    invited_at = max((i.at for i in invites.values()), default=None)
    if current in signs:
        s = signs[current]
        return Standing(pledge, person, contest, PledgeState.SIGNED, s.at, current, invited_at, evidence=s.evidence)
    if current in declines:
        d = declines[current]
        return Standing(pledge, person, contest, PledgeState.DECLINED, d.at, current, invited_at, d.statement)
    if signs:
        s = signs[max(signs)]
        return Standing(pledge, person, contest, PledgeState.SIGNED, s.at, max(signs), invited_at, evidence=s.evidence)
    if invites and (not declines or max(invites) > max(declines)):
        return Standing(pledge, person, contest, PledgeState.INVITED, invited_at=invited_at)
    if declines:
        d = declines[max(declines)]
        return Standing(pledge, person, contest, PledgeState.DECLINED, d.at, max(declines), invited_at, d.statement)
    return Standing(pledge, person, contest, PledgeState.NOT_ASKED)


def candidacies_of(contest_ids) -> list[Candidacy]:
    ids = sorted(set(contest_ids))
    if not ids:
        return []
    return list(db.session.scalars(
        select(Candidacy).options(joinedload(Candidacy.person)).where(Candidacy.contest_id.in_(ids))
        .order_by(Candidacy.contest_id, Candidacy.id)))


def standings(pledges: list[Pledge], people: list[Person] | None = None) -> dict[int, list[Standing]]:
    """For each pledge, every candidate of the contests it concerns (whatever their status), or only `people`."""
    invites, signs, declines = _acts(pledges)
    if people is None:
        candidacies = candidacies_of(c.id for p in pledges for c in p.contests)
    else:
        candidacies = [c for p in people for c in p.candidacies]
    wanted = None if people is None else {p.id for p in people}
    found: dict[int, list[Standing]] = {}
    for pledge in pledges:
        contest_ids = {c.id for c in pledge.contests}
        rows = []
        for candidacy in candidacies:
            if candidacy.contest_id in contest_ids and (wanted is None or candidacy.person_id in wanted):
                key = (pledge.id, candidacy.person_id)
                rows.append(_standing(pledge, candidacy.person, candidacy.contest, invites.get(key, {}),
                                      signs.get(key, {}), declines.get(key, {})))
        found[pledge.id] = sorted(rows, key=lambda s: (s.contest.id, s.person.name))
    return found


def standing_of(pledge: Pledge, person: Person) -> Standing | None:
    rows = standings([pledge], [person])[pledge.id]
    return rows[0] if rows else None


def pledges_of_person(person: Person) -> list[Standing]:
    """The person's standing on every pledge concerning a contest they stand in (one per pledge)."""
    pledges = pledges_concerning(c.contest_id for c in person.candidacies)
    table = standings(pledges, [person])
    return [table[p.id][0] for p in pledges if table[p.id]]


def badges(contest: Contest) -> dict[str, list[Standing]]:
    """Each candidate's standing on every pledge concerning this contest, by person slug: the cards' badges."""
    pledges = pledges_concerning([contest.id])
    found: dict[str, list[Standing]] = defaultdict(list)
    for rows in standings(pledges).values():
        for row in rows:
            if row.contest.id == contest.id:
                found[row.person.slug].append(row)
    return dict(found)


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


def differences(older: str, newer: str) -> list[DiffLine]:
    """The lines of two versions' texts, each marked as kept, added or removed."""
    kinds = {" ": "same", "+": "added", "-": "removed"}
    return [DiffLine(kinds[line[0]], line[2:]) for line in difflib.ndiff(older.splitlines(), newer.splitlines())
            if line[:1] in kinds]
