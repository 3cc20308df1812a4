"""Bulk imports from CSV (bodies, candidates, nominations, suspensions; formats in DESIGN.md): all rows or none.

Every row is checked — its cells, then the operation it calls — and every problem reported with its row
and column; if there is any, nothing is written. A row that matches what is stored changes nothing, so
importing the same file twice is harmless.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.bodies.models import NominatingBody
from tracker.bodies.operations import body_label, register_body, update_body
from tracker.candidates.models import Candidacy, Person
from tracker.candidates.operations import (
    clean_name,
    declare_candidacy,
    get_or_create_person,
    reinstate_candidacy,
    set_candidacy_rules,
    update_candidacy,
    withdraw_candidacy,
)
from tracker.elections.models import Contest, Election
from tracker.errors import DomainError
from tracker.extensions import db
from tracker.imports.csv_reading import (
    BODIES,
    CANDIDATES,
    NOMINATIONS,
    SUSPENSIONS,
    Cells,
    all_or_nothing,
    apply_rows,
    election_zone,
    read_rows,
    repeated,
)
from tracker.imports.problems import Problems, Summary
from tracker.nominations.models import Nomination
from tracker.nominations.operations import (
    add_nomination,
    correct_nomination,
    reject_nomination,
    reusing_verdicts,
    verify_nomination,
    withdraw_nomination,
)
from tracker.rules.names import nearest_name
from tracker.suspensions.models import Suspension
from tracker.suspensions.operations import add_suspension, clean_reason, update_suspension
from tracker.times import day_text
from tracker.vocabulary import ACTIVE_STATUSES, BodyKind, NominationStatus

# --- Bodies -------------------------------------------------------------------------------------

def import_bodies(election: Election, path) -> Summary:
    """Register or update nominating bodies by code: MPs (linked to their person by name), CLPs, affiliates."""
    problems = Problems(str(path))
    declared = {kind.key: kind for kind in election.kinds}
    spread = spread_kinds(election)
    checked, seen = [], {}
    for row, values in read_rows(path, BODIES, problems):
        cells = Cells(problems, row, values, election_zone(election))
        item = dict(
            code=cells.text("code", 40), name=cells.text("name"),
            kind=cells.choice("kind", (*BodyKind, *declared)),
            region=cells.text("region", 80, required=False), is_union=cells.yes_no("is_union"),
            members=cells.whole_number("members"), group=cells.text("group", 120, required=False),
            person=cells.text("person", required=False),
        )
        if item["kind"] in (BodyKind.MP, BodyKind.CLP, *declared):
            if item["is_union"]:
                cells.problem("is_union", "only an affiliate can be a trade union")
            if item["members"]:
                cells.problem("members", "only an affiliate has an affiliated membership")
        item["is_person"] = item["kind"] == BodyKind.MP or (item["kind"] in declared and declared[item["kind"]].person)
        if item["person"] and item["kind"] and not item["is_person"]:
            cells.problem("person", f"a {item['kind']} is not a person; only a body of a person kind (MPs, or a kind "
                                    "declared with person = true) names one")
        if item["kind"] in spread and not item["group"]:
            contest, kind_words = spread[item["kind"]]
            if "group" not in values:
                cells.problem("group", f"this column is needed: {contest} counts {kind_words} from distinct groups "
                                       "(spread), so each one needs its group")
            else:
                cells.problem("group", f"is empty: {contest} counts {kind_words} from distinct groups (spread), so "
                                       "each one needs its group")
        if item["code"] and repeated(problems, seen, item["code"], row, "code", f"the code {item['code']}"):
            continue
        if cells.ok:
            checked.append((row, item))
    existing = {
        body.code: body
        for body in db.session.scalars(
            select(NominatingBody).where(NominatingBody.election_id == election.id).options(selectinload(NominatingBody.person))
        )
    }

    def apply(item) -> str:
        person = get_or_create_person(item["person"] or item["name"]) if item["is_person"] else None
        body = existing.get(item["code"])
        if body is None:
            body = register_body(election, item["code"], item["name"], item["kind"], item["region"],
                                 bool(item["is_union"]), item["members"] or 0, person, group=item["group"])
            existing[body.code] = body
            return "created"
        wanted = {"name": item["name"], "kind": item["kind"], "person_id": None}
        for name in ("region", "is_union", "members", "group"):
            if item[name] is not None:  # a blank optional cell leaves what is stored
                wanted[name] = item[name]
        return "updated" if update_body(body, wanted, person) else "unchanged"

    with all_or_nothing(problems):
        summary = apply_rows(problems, checked, apply, {"name": "name", "kind": "kind"}, "code")
    return summary


def spread_kinds(election: Election) -> dict[str, tuple[str, str]]:
    """The kinds whose bodies need a group, because a route counts them from distinct groups: kind -> (the first
    contest that does, the kind's plural)."""
    words = {kind.key: kind.plural for kind in election.kinds} | {kind.value: kind.plural for kind in BodyKind}
    found: dict[str, tuple[str, str]] = {}
    for contest in election.contests:
        for stage in contest.stages:
            for route in stage.routes:
                if route.spread:
                    for kind in route.kind.split(","):
                        found.setdefault(kind, (contest.title, words.get(kind, kind)))
    return found


# --- Candidates ---------------------------------------------------------------------------------


def _contests(election: Election) -> dict[str, Contest]:
    return {contest.slug: contest for contest in election.contests}


def _bodies(election: Election) -> dict[str, NominatingBody]:
    return {b.code: b for b in db.session.scalars(select(NominatingBody).where(NominatingBody.election_id == election.id))}


def _known_body(cells: Cells, bodies: dict[str, NominatingBody], election: Election) -> NominatingBody | None:
    """The body a candidate's `body` cell names (their own, for self-nomination), if any."""
    code = cells.text("body", 40, required=False)
    if code is None:
        return None
    if code not in bodies:
        cells.problem("body", f"no body has the code {code!r} in {election.title}")
    return bodies.get(code)


def _unknown_contest(cells: Cells, contests: dict, slug: str | None, election: Election) -> Contest | None:
    if slug is None:
        return None
    contest = contests.get(slug.lower())
    if contest is None:
        cells.problem("contest", f"{election.title} has no contest {slug!r}; its contests are {', '.join(contests) or 'none'}")
    return contest


def import_candidates(election: Election, path) -> Summary:
    """Declare candidates by contest and name, with whether each is a woman and any withdrawal."""
    problems = Problems(str(path))
    contests = _contests(election)
    bodies = _bodies(election)
    checked, seen = [], {}
    for row, values in read_rows(path, CANDIDATES, problems):
        cells = Cells(problems, row, values, election_zone(election))
        contest = _unknown_contest(cells, contests, cells.text("contest", 80), election)
        item = dict(contest=contest, name=cells.text("name"), woman=cells.yes_no("woman"),
                    withdrawn_at=cells.moment("withdrawn_at", required=False),
                    incumbent=cells.yes_no("incumbent"), body=_known_body(cells, bodies, election),
                    consented_at=cells.moment("consented_at", required=False))
        if contest and item["name"] and repeated(problems, seen, (contest.id, item["name"]), row, "name",
                                                   f"{item['name']} in {contest.title}"):
            continue
        if cells.ok:
            checked.append((row, item))
    stored = {
        (c.contest_id, c.person.name): c
        for c in db.session.scalars(
            select(Candidacy).join(Contest).where(Contest.election_id == election.id).options(selectinload(Candidacy.person))
        )
    }

    def apply(item) -> str:
        contest, person = item["contest"], get_or_create_person(item["name"])
        candidacy = stored.get((contest.id, person.name))
        outcome = "unchanged"
        if candidacy is None:
            candidacy = declare_candidacy(contest, person, woman=item["woman"])
            outcome = "created"
        elif item["woman"] is not None and candidacy.woman is not item["woman"]:
            update_candidacy(candidacy, woman=item["woman"])
            outcome = "updated"
        withdrawn_at = item["withdrawn_at"]
        if withdrawn_at is not None and candidacy.withdrawn_at != withdrawn_at:
            if candidacy.withdrawn_at is not None:  # re-dated: the record shows both acts
                reinstate_candidacy(candidacy)
            withdraw_candidacy(candidacy, withdrawn_at)
            outcome = "created" if outcome == "created" else "updated"
        if set_candidacy_rules(candidacy, incumbent=item["incumbent"], body=item["body"], consented_at=item["consented_at"]):
            outcome = "created" if outcome == "created" else "updated"
        return outcome

    with all_or_nothing(problems):
        summary = apply_rows(problems, checked, apply, {}, "name")
    return summary


# --- Nominations --------------------------------------------------------------------------------


def did_you_mean(near: str | None) -> str:
    return f"; did you mean {near!r}?" if near else ""


def unknown_candidate(name: str, contest: Contest, candidacies: dict) -> str:
    """No candidate by this name in the contest: suggest the nearest of its candidates' names."""
    names = [known for contest_id, known in candidacies if contest_id == contest.id]
    return f"no candidate named {name!r} in {contest.title}" + did_you_mean(nearest_name(name, names))


def unknown_body(code: str, bodies: dict[str, NominatingBody], election: Election) -> str:
    """No body has this code: suggest the nearest code, or the code of the body the cell names by name."""
    message = f"no body has the code {code!r} in {election.title}"
    near = nearest_name(code, bodies)
    if near is not None:
        return message + did_you_mean(near)
    by_name = {body.name: body for body in bodies.values()}
    named = nearest_name(code, by_name)
    if named is not None:
        return message + f"; did you mean {by_name[named].code!r} ({named})? The body column takes a code"
    return message



def import_nominations(election: Election, path) -> Summary:
    """Record nominations (verified unless the file says otherwise), in time order, as an admin: no deadline."""
    problems = Problems(str(path))
    contests = _contests(election)
    candidacies = {
        (c.contest_id, c.person.name): c
        for c in db.session.scalars(
            select(Candidacy).join(Contest).where(Contest.election_id == election.id).options(selectinload(Candidacy.person))
        )
    }
    bodies = _bodies(election)
    checked, seen = [], {}
    for row, values in read_rows(path, NOMINATIONS, problems):
        cells = Cells(problems, row, values, election_zone(election))
        contest = _unknown_contest(cells, contests, cells.text("contest", 80), election)
        name, code = cells.text("candidate"), cells.text("body", 40)
        candidacy = body = None
        if contest is not None and name is not None:
            candidacy = candidacies.get((contest.id, name))
            if candidacy is None:
                cells.problem("candidate", unknown_candidate(name, contest, candidacies))
        if code is not None:
            body = bodies.get(code)
            if body is None:
                cells.problem("body", unknown_body(code, bodies, election))
        at = cells.moment("nominated_at")
        status = cells.choice("status", tuple(NominationStatus), default=NominationStatus.VERIFIED)
        withdrawn_at = cells.moment("withdrawn_at", required=False)
        if withdrawn_at is not None and at is not None and withdrawn_at <= at:
            cells.problem("withdrawn_at", "must be after the nomination was made")
        if withdrawn_at is not None and status not in (*ACTIVE_STATUSES, NominationStatus.WITHDRAWN):
            cells.problem("withdrawn_at", f"is given, but the status is {status}")
        if candidacy and body and repeated(problems, seen, (contest.id, candidacy.id, body.id), row, "candidate",
                                              f"the nomination of {name} by {code}"):
            continue
        if cells.ok:
            checked.append((row, dict(contest=contest, candidacy=candidacy, body=body, nominated_at=at,
                                      status=NominationStatus.VERIFIED if withdrawn_at and status == NominationStatus.WITHDRAWN
                                      else status, withdrawn_at=withdrawn_at)))
    checked.sort(key=lambda pair: pair[1]["nominated_at"])  # earlier stages first: later ones depend on them
    stored: dict[tuple, Nomination] = {}
    for nomination in db.session.scalars(
        select(Nomination).where(Nomination.contest_id.in_([c.id for c in contests.values()])).order_by(Nomination.id)
    ):
        key = (nomination.contest_id, nomination.candidacy_id, nomination.body_id)
        if key not in stored or nomination.status in ACTIVE_STATUSES or stored[key].status not in ACTIVE_STATUSES:
            stored[key] = nomination  # the active one, else the latest
    filename = Path(str(path)).name

    def apply(item) -> str:
        contest, candidacy, body = item["contest"], item["candidacy"], item["body"]
        at, status, withdrawn_at = item["nominated_at"], item["status"], item["withdrawn_at"]
        nomination = stored.get((contest.id, candidacy.id, body.id))
        if withdrawn_at is not None and nomination is not None and (
                nomination.status, nomination.nominated_at, nomination.withdrawn_at) == (NominationStatus.WITHDRAWN, at, withdrawn_at):
            return "unchanged"
        if nomination is None or (nomination.status not in ACTIVE_STATUSES and status in ACTIVE_STATUSES):
            created = add_nomination(contest, candidacy, body, at, status=status, enforce_deadline=False)
            stored[(contest.id, candidacy.id, body.id)] = created
            if withdrawn_at is not None:  # it counted until then, and the body's place is free again
                withdraw_nomination(created, enforce_deadline=False, withdrawn_at=withdrawn_at)
            return "created"
        if withdrawn_at is not None and nomination.status in ACTIVE_STATUSES and nomination.nominated_at == at:
            withdraw_nomination(nomination, enforce_deadline=False, withdrawn_at=withdrawn_at)
            return "updated"
        if (nomination.status, nomination.nominated_at) == (status, at):
            return "unchanged"
        label, name = body_label(body), candidacy.person.name
        if nomination.status not in ACTIVE_STATUSES:
            day = day_text(nomination.nominated_at, election.timezone)
            raise DomainError([("status", f"{label}'s nomination of {name} made on {day} is {nomination.status}, "
                                          "and cannot be changed by an import")])
        if status == NominationStatus.SUBMITTED and nomination.status == NominationStatus.VERIFIED:
            raise DomainError([("status", f"{label}'s nomination of {name} is verified; an import cannot make it "
                                          "submitted again")])
        if nomination.nominated_at != at:
            correct_nomination(nomination, nominated_at=at, enforce_deadline=False)
        if status == NominationStatus.VERIFIED and nomination.status == NominationStatus.SUBMITTED:
            verify_nomination(nomination)
        elif status == NominationStatus.REJECTED:
            reject_nomination(nomination, f"Marked rejected in {filename}")
        elif status == NominationStatus.WITHDRAWN:
            withdraw_nomination(nomination, enforce_deadline=False)
        return "updated"

    columns = {"body": "body", "candidate": "candidate", "nominated_at": "nominated_at", "status": "status"}
    with all_or_nothing(problems), reusing_verdicts():
        summary = apply_rows(problems, checked, apply, columns, "nominated_at")
    return summary


# --- Suspensions --------------------------------------------------------------------------------


def suspension_people(election: Election) -> dict[str, Person]:
    """The election's candidates and MPs, by name: the people a suspension may name."""
    people = {
        person.name: person
        for person in db.session.scalars(
            select(Person).join(Candidacy, Candidacy.person_id == Person.id).join(Contest)
            .where(Contest.election_id == election.id)
        )
    }
    people.update(
        (person.name, person)
        for person in db.session.scalars(
            select(Person).join(NominatingBody, NominatingBody.person_id == Person.id)
            .where(NominatingBody.election_id == election.id)
        )
    )
    return people


def import_suspensions(election: Election, path) -> Summary:
    """Record suspensions of candidates and MPs, identified by person and start."""
    problems = Problems(str(path))
    people = suspension_people(election)
    checked, seen = [], {}
    for row, values in read_rows(path, SUSPENSIONS, problems):
        cells = Cells(problems, row, values, election_zone(election))
        name = cells.text("person")
        person = people.get(clean_name(name)) if name else None
        if name and person is None:
            cells.problem("person", f"{name} is neither a candidate nor an MP in {election.title}"
                                    + did_you_mean(nearest_name(name, people)))
        item = dict(person=person, starts_at=cells.moment("starts_at"), ends_at=cells.moment("ends_at", required=False),
                    reason=cells.text("reason", 2000, required=False))
        if person and item["starts_at"] and repeated(problems, seen, (person.id, item["starts_at"]), row, "starts_at",
                                                       f"the suspension of {person.name} from this moment"):
            continue
        if cells.ok:
            checked.append((row, item))
    stored = {
        (s.person_id, s.starts_at): s
        for s in db.session.scalars(select(Suspension).where(Suspension.person_id.in_([p.id for p in people.values()])))
    }

    def apply(item) -> str:
        person = item["person"]
        suspension = stored.get((person.id, item["starts_at"]))
        if suspension is None:
            stored[(person.id, item["starts_at"])] = add_suspension(person, item["starts_at"], item["ends_at"], item["reason"])
            return "created"
        ends_at = item["ends_at"] if item["ends_at"] is not None else suspension.ends_at
        reason = clean_reason(item["reason"]) if item["reason"] is not None else suspension.reason
        if (ends_at, reason) == (suspension.ends_at, suspension.reason):
            return "unchanged"
        update_suspension(suspension, ends_at=ends_at, reason=reason)
        return "updated"

    columns = {"starts_at": "starts_at", "ends_at": "ends_at"}
    with all_or_nothing(problems):
        summary = apply_rows(problems, checked, apply, columns, "person")
    return summary


IMPORTERS = {
    "bodies": import_bodies,
    "candidates": import_candidates,
    "nominations": import_nominations,
    "suspensions": import_suspensions,
}
