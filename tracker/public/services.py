"""What the public pages read beyond the verdicts (which come from tracker.ballot.judging): elections, people,
bodies, nominations and public changes, each in a fixed number of queries, and the tabs and one-line summaries
of a judged contest."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from tracker.audit.models import AuditEvent
from tracker.ballot.judging import Judged
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy, Person
from tracker.elections.models import Contest, Election, Stage
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.public import dashboard
from tracker.public.text import plural
from tracker.rules.model import in_window, stages_taking
from tracker.rules.stages import StageState
from tracker.suspensions.models import Suspension
from tracker.times import countdown
from tracker.vocabulary import ACTIVE_STATUSES, AuditAction, VerdictStatus

#: The tabs after a contest's nomination stages.
BALLOT, RESULT = "ballot", "result"


# --- contests and their stages --------------------------------------------------------------------------


def contest_options():
    return (
        selectinload(Contest.stages).selectinload(Stage.routes),
        selectinload(Contest.election),
    )


def load_elections() -> list[Election]:
    """Every election, newest first, with its contests, stages and routes."""
    return list(
        db.session.scalars(
            select(Election)
            .options(selectinload(Election.contests).options(*contest_options()))
            .order_by(Election.created_at.desc(), Election.id.desc())
        )
    )


def load_election(slug: str) -> Election | None:
    return db.session.scalar(
        select(Election).where(Election.slug == slug).options(selectinload(Election.contests).options(*contest_options()))
    )


@dataclass(frozen=True)
class Tab:
    """A tab of a contest's dashboard: a nomination stage, the ballot or the result."""

    key: str
    title: str
    when: str  # "closed", "open now", "not yet open"
    current: bool  # the stage the contest is in


def default_tab(contest: Contest, state: StageState) -> str:
    """The tab a contest's dashboard opens on, from its computed stage."""
    keys = [stage.key for stage in contest.stages]
    key = state.key
    if key in keys:
        return key
    if key == "upcoming":
        return keys[0] if keys else BALLOT
    if key.startswith("between:"):
        following = keys.index(key.split(":", 1)[1]) if key.split(":", 1)[1] in keys else 0
        return keys[max(following - 1, 0)] if keys else BALLOT
    if key in ("counting", RESULT):
        return RESULT
    return BALLOT


def tabs(contest: Contest, state: StageState, as_of: datetime) -> list[Tab]:
    """Every stage of a contest as a tab, saying whether it is past, open or to come."""
    current = default_tab(contest, state)
    found = []
    for stage in contest.stages:
        when = "open now" if stage.opens_at <= as_of < stage.closes_at else "closed" if as_of >= stage.closes_at else "to come"
        if state.halted and when == "open now":
            when = "halted"
        found.append(Tab(stage.key, stage.title, when, stage.key == current))
    ballot_when = {"ballot": "halted" if state.halted else "open now", "counting": "closed",
                   "result": "closed"}.get(state.key, "to come")
    if state.key == "awaiting_ballot":
        ballot_when = "set, voting to come"
    found.append(Tab(BALLOT, "Ballot", ballot_when, current == BALLOT))
    found.append(Tab(RESULT, "Result", "declared" if state.key == RESULT else "to come", current == RESULT))
    return found


def one_line(judged: Judged) -> str:
    """A contest's state in one line for the home page: "Nominations from MPs closes in 2 days 3 hours, at
    14:30 on 13 January — 3 of 6 candidates qualified so far."."""
    state, verdict, contest = judged.state, judged.verdict, judged.contest
    as_of, timezone = verdict.as_of, contest.election.timezone
    stages = {stage.key: stage for stage in contest.stages}
    standing = sum(v.status != VerdictStatus.WITHDRAWN for v in verdict.candidates)
    on_ballot = len(verdict.on_ballot)
    if state.halted:  # nothing counts down while a contest is halted
        return f"Halted: {state.halt_reason}." if state.halt_reason else "Halted."
    if state.key in stages:
        stage = stages[state.key]
        qualified, running = dashboard.qualified_count(verdict, state.key)
        head = f"{stage.title} {countdown('closes', stage.closes_at, as_of, timezone)}"
        return f"{head} — {qualified} of {running} candidates {VerdictStatus.QUALIFIED.words} so far."
    if state.key == "upcoming" and contest.stages:
        first = contest.stages[0]
        return f"{first.title} {countdown('opens', first.opens_at, as_of, timezone)} — {plural(standing, 'candidate')} declared."
    if state.key.startswith("between:") and state.key.split(":", 1)[1] in stages:
        following = stages[state.key.split(":", 1)[1]]
        eligible = sum(v.eligible for v in verdict.candidates)
        return (f"Between stages: {following.title} {countdown('opens', following.opens_at, as_of, timezone)} — "
                f"{eligible} of {standing} candidates still in the running.")
    if state.key == "awaiting_ballot":
        opens = f"; voting {countdown('opens', contest.ballot_opens_at, as_of, timezone)}" if contest.ballot_opens_at else ""
        return f"Nominations closed{opens} — {plural(on_ballot, 'candidate')} on the ballot."
    if state.key == "ballot":
        return f"{state.label.split(' — halted')[0]} — {plural(on_ballot, 'candidate')} on the ballot."
    return f"{state.label.split(' — halted')[0]}."


# --- who is who ------------------------------------------------------------------------------------------


def load_person(slug: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.slug == slug))


def candidacies_of(person: Person) -> list[Candidacy]:
    """A person's candidacies with their contests, in the order of elections and contests."""
    return list(
        db.session.scalars(
            select(Candidacy)
            .join(Contest, Candidacy.contest_id == Contest.id)
            .where(Candidacy.person_id == person.id)
            .options(selectinload(Candidacy.contest).options(*contest_options()))
            .order_by(Contest.election_id.desc(), Contest.position, Contest.id)
        )
    )


@dataclass(frozen=True)
class PersonNomination:
    contest: Contest
    body: NominatingBody
    nominated_at: datetime
    status: str
    rejection_reason: str | None


def nominations_for(candidacies: Sequence[Candidacy]) -> list[PersonNomination]:
    """Every nomination of these candidacies, with its body, by date."""
    if not candidacies:
        return []
    contests = {c.contest_id: c.contest for c in candidacies}
    rows = db.session.execute(
        select(Nomination.contest_id, NominatingBody, Nomination.nominated_at, Nomination.status, Nomination.rejection_reason)
        .join(NominatingBody, Nomination.body_id == NominatingBody.id)
        .where(Nomination.candidacy_id.in_([c.id for c in candidacies]))
        .order_by(Nomination.nominated_at, Nomination.id)
    ).all()
    return [PersonNomination(contests[contest_id], body, at, status, reason) for contest_id, body, at, status, reason in rows]


@dataclass(frozen=True)
class NominationGroup:
    """A candidacy's nominations in one stage: "Nominations from CLPs or affiliates — 31: 28 CLPs, 3 affiliates"."""

    contest: Contest
    title: str
    nominations: list[PersonNomination]
    standing: int  # submitted or verified
    by_kind: list[tuple[int, str]]  # (count standing, kind), in the order the stage's routes name them
    rules: object = None  # the contest's rules, whose words name the election's kinds

    @property
    def heading(self) -> str:
        kinds = ", ".join(f"{count} {self.rules.noun(kind, count)}" for count, kind in self.by_kind)
        return f"{self.title} — {self.standing}" + (f": {kinds}" if kinds else "")


def nomination_groups(nominations: Sequence[PersonNomination], judged: Mapping[int, Judged]) -> list[NominationGroup]:
    """Nominations grouped by contest and stage (the stage that takes the body's kind and whose window holds the
    date), with counts by kind of the ones still standing; any other nomination is grouped as "Other nominations"."""
    groups: dict[tuple[int, str], list[PersonNomination]] = {}
    titles: dict[tuple[int, str], tuple[str, tuple[str, ...]]] = {}
    for contest_id in dict.fromkeys(n.contest.id for n in nominations):
        for stage in judged[contest_id].rules.stages:
            titles[(contest_id, stage.id)] = (stage.title, tuple(k for r in stage.routes for p in r.pieces for k in p.own_kinds))
    for n in nominations:
        stage = next((s for s in stages_taking(judged[n.contest.id].rules, n.body.kind) if in_window(s, n.nominated_at)),
                     None)
        groups.setdefault((n.contest.id, stage.id if stage else ""), []).append(n)
    found = []
    for key in [*titles, *((c, "") for c in dict.fromkeys(n.contest.id for n in nominations))]:
        listed = groups.get(key)
        if not listed:
            continue
        title, kinds = titles.get(key, ("Other nominations", ()))
        standing = [n for n in listed if n.status in ACTIVE_STATUSES]
        order = list(dict.fromkeys([*kinds, *(n.body.kind for n in standing)]))
        by_kind = [(sum(n.body.kind == k for n in standing), k) for k in order]
        found.append(NominationGroup(listed[0].contest, title, listed, len(standing), [b for b in by_kind if b[0]],
                                     judged[listed[0].contest.id].rules))
    return found


def suspensions_of(person: Person) -> list[Suspension]:
    return list(db.session.scalars(select(Suspension).where(Suspension.person_id == person.id).order_by(Suspension.starts_at)))


def bodies_with_code(code: str) -> list[NominatingBody]:
    """Every body registered under a code, in every election (codes repeat across elections)."""
    return list(
        db.session.scalars(
            select(NominatingBody)
            .where(NominatingBody.code == code)
            .options(selectinload(NominatingBody.election).selectinload(Election.contests).options(*contest_options()))
            .order_by(NominatingBody.election_id.desc())
        )
    )


@dataclass(frozen=True)
class BodyNomination:
    body_id: int
    contest_id: int
    candidate: str
    candidate_slug: str
    nominated_at: datetime
    status: str


def nominations_by(bodies: Sequence[NominatingBody]) -> list[BodyNomination]:
    if not bodies:
        return []
    rows = db.session.execute(
        select(Nomination.body_id, Nomination.contest_id, Person.name, Person.slug, Nomination.nominated_at, Nomination.status)
        .join(Candidacy, Nomination.candidacy_id == Candidacy.id)
        .join(Person, Candidacy.person_id == Person.id)
        .where(Nomination.body_id.in_([b.id for b in bodies]))
        .order_by(Nomination.nominated_at, Nomination.id)
    ).all()
    return [BodyNomination(*row) for row in rows]


#: How many bodies one search lists.
SEARCH_LIMIT = 50


def search_words(text: str) -> list[str]:
    """The words a search compares: case and accents ignored, "&" read as "and", punctuation a space."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.findall(r"[^\W_]+", text)


def matching_body_ids(query: str, kind: str | None = None) -> list[int]:
    """Ids of the bodies in whose name or code every word of `query` begins a word, in any order (see
    search_words), listed by name, then code, newest election first. A query with no word finds nothing."""
    words = search_words(query)
    if not words:
        return []
    statement = select(NominatingBody.id, NominatingBody.name, NominatingBody.code, NominatingBody.election_id)
    if kind:
        statement = statement.where(NominatingBody.kind == kind)
    found = []
    for ident, name, code, election_id in db.session.execute(statement):
        haystack = search_words(f"{name} {code}")
        if all(any(have.startswith(word) for have in haystack) for word in words):
            found.append((name.casefold(), code, -election_id, ident))
    return [ident for *_, ident in sorted(found)]


def search_bodies(query: str, kind: str | None = None, limit: int = SEARCH_LIMIT) -> tuple[list[NominatingBody], int]:
    """The first `limit` bodies matching `query` (see matching_body_ids), and how many matched."""
    ids = matching_body_ids(query, kind)
    chosen = ids[:limit]
    rows = {b.id: b for b in db.session.scalars(
        select(NominatingBody).where(NominatingBody.id.in_(chosen)).options(selectinload(NominatingBody.election))
    )} if chosen else {}
    return [rows[i] for i in chosen], len(ids)


def bodies_by_region(kind: str | None = None) -> list[tuple[str, list[NominatingBody]]]:
    """Every registered body, grouped by region (those with none last) and listed by name: the empty search."""
    statement = select(NominatingBody).options(selectinload(NominatingBody.election))
    if kind:
        statement = statement.where(NominatingBody.kind == kind)
    groups: dict[str, list[NominatingBody]] = {}
    for body in db.session.scalars(statement):
        groups.setdefault(body.region or "", []).append(body)
    return [
        (region or "No region", sorted(bodies, key=lambda b: (b.name.casefold(), b.code, -b.election_id)))
        for region, bodies in sorted(groups.items(), key=lambda item: (item[0] == "", item[0].casefold()))
    ]


# --- what changed -----------------------------------------------------------------------------------------


#: The audit action of a CSV import as a whole (its rows' changes are events of their own).
IMPORT_ACTION = AuditAction.ELECTION_IMPORT.value


def _public_events_query(election: Election | None, contest: Contest | None, since: datetime | None,
                         folded: Sequence[tuple[int, int]] = ()):
    query = select(AuditEvent).where(AuditEvent.public.is_(True))
    if folded:  # events that imports stand for, and the imports themselves, are listed by the caller as imports
        query = query.where(AuditEvent.action != IMPORT_ACTION,
                            *(~AuditEvent.id.between(first, last) for first, last in folded))
    if contest is not None:
        query = query.where(AuditEvent.contest_id == contest.id)
    elif election is not None:
        contest_ids = select(Contest.id).where(Contest.election_id == election.id)
        query = query.where(or_(AuditEvent.election_id == election.id, AuditEvent.contest_id.in_(contest_ids)))
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    return query


def public_events(
    election: Election | None = None, contest: Contest | None = None, since: datetime | None = None,
    limit: int | None = 100, offset: int = 0, folded: Sequence[tuple[int, int]] = (),
) -> list[AuditEvent]:
    """The latest public changes to an election or a contest, newest first (all of them when `limit` is None),
    skipping the first `offset`; without the events numbered in the `folded` ranges, nor imports, if any."""
    query = _public_events_query(election, contest, since, folded)
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset(offset or None).limit(limit)
    return list(db.session.scalars(query))


def import_events(election: Election) -> list[AuditEvent]:
    """The election's CSV imports that wrote public changes, oldest first."""
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == IMPORT_ACTION, AuditEvent.election_id == election.id,
                                 AuditEvent.public.is_(True)).order_by(AuditEvent.id)
    ))


def imported_changes(first: int, last: int) -> list[tuple[int | None, str, str, int | None]]:
    """The public events an import's rows wrote (numbered first to last): contest id, action, object type and id."""
    return list(db.session.execute(
        select(AuditEvent.contest_id, AuditEvent.action, AuditEvent.object_type, AuditEvent.object_id)
        .where(AuditEvent.public.is_(True), AuditEvent.id.between(first, last)).order_by(AuditEvent.id)
    ))


def count_public_events(election: Election | None = None, contest: Contest | None = None,
                        since: datetime | None = None) -> int:
    """How many public changes `public_events` would list with no limit."""
    return db.session.scalar(select(func.count()).select_from(_public_events_query(election, contest, since).subquery()))


def contests_by_id(ids: Iterable[int]) -> dict[int, Contest]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    return {c.id: c for c in db.session.scalars(select(Contest).where(Contest.id.in_(ids)))}
