"""The read-only JSON API under /api/v1/, described by /api/v1/openapi.json."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.api import changes as changed
from tracker.api import serialize as out
from tracker.ballot import judging
from tracker.ballot.serialize import ballot_json
from tracker.ballot.services import contest_or_404
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy, Person
from tracker.elections.models import Contest, Election, Stage
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.public import services
from tracker.rules.model import stage_kinds
from tracker.times import DEFAULT_TIMEZONE
from tracker.vocabulary import AuditObject, BodyKind, NominationStatus
from tracker.voices import services as voice_services
from tracker.web.caching import Built, json_built, respond
from tracker.web.params import (
    as_of_param,
    parse_choice,
    parse_moment,
    parse_page,
    parse_since,
    parse_text,
    query_key,
    refuse_nul_in_path,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.url_value_preprocessor(refuse_nul_in_path)


def _election_or_404(election: str) -> Election:
    found = services.load_election(election)
    if found is None:
        abort(404, description=f"No election {election!r}.")
    return found


# --- elections and contests --------------------------------------------------------------------------


@bp.route("/elections")
def elections():
    def build(now: datetime) -> Built:
        since = parse_since(request.args.get("since"), DEFAULT_TIMEZONE)
        rows = db.session.scalars(
            select(Election)
            .options(selectinload(Election.contests).selectinload(Contest.stages).selectinload(Stage.routes))
            .order_by(Election.id)
        ).all()
        if since is not None:
            found = changed.changes_since(since)
            rows = [
                e for e in rows
                if e.created_at >= since or e.id in found.elections or any(c.id in found.contests for c in e.contests)
            ]
        staged = judging.stages([c for e in rows for c in e.contests], now)
        data = [
            {"slug": e.slug, "title": e.title, "contests": [out.contest_summary(c, staged.states[c.id]) for c in e.contests]}
            for e in rows
        ]
        return json_built(data, moments=staged.moments)

    return respond(("api.elections", query_key()), build)


@bp.route("/elections/<election>")
def election_detail(election: str):
    def build(now: datetime) -> Built:
        found = _election_or_404(election)
        staged = judging.stages(found.contests, now)
        return json_built(out.election_json(found, staged.states), moments=staged.moments)

    return respond(("api.election", election), build)


@bp.route("/elections/<election>/contests")
def contests(election: str):
    def build(now: datetime) -> Built:
        found = _election_or_404(election)
        since = parse_since(request.args.get("since"), found.timezone)
        chosen = found.contests
        if since is not None:
            seen = changed.changes_since(since)
            chosen = [c for c in chosen if c.id in seen.contests or c.id in seen.named(AuditObject.CONTEST)]
        staged = judging.stages(chosen, now)
        return json_built([out.contest_detail(c, staged.states[c.id]) for c in chosen], moments=staged.moments)

    return respond(("api.contests", election, query_key()), build)


@bp.route("/elections/<election>/contests/<contest>")
def contest_detail(election: str, contest: str):
    def build(now: datetime) -> Built:
        found = contest_or_404(election, contest)
        as_of = parse_moment(as_of_param(), found.election.timezone) if as_of_param() else now
        staged = judging.stages([found], as_of)
        return json_built(out.contest_detail(found, staged.states[found.id]), moments=staged.moments)

    return respond(("api.contest", election, contest, query_key()), build, as_of=as_of_param())


@bp.route("/elections/<election>/contests/<contest>/ballot")
def ballot(election: str, contest: str):
    def build(now: datetime) -> Built:
        found = contest_or_404(election, contest)
        as_of = parse_moment(as_of_param(), found.election.timezone) if as_of_param() else now
        judged = judging.judge(found, as_of)
        data = ballot_json(election, contest, judged.verdict, judged.state.key, judged.frozen)
        return json_built(data, moments=judged.moments)

    return respond(("api.ballot", election, contest), build, as_of=as_of_param())


@bp.route("/elections/<election>/contests/<contest>/candidates")
def contest_candidates(election: str, contest: str):
    def build(now: datetime) -> Built:
        found = contest_or_404(election, contest)
        tz = found.election.timezone
        as_of = parse_moment(as_of_param(), tz) if as_of_param() else now
        since = parse_since(request.args.get("since"), tz)
        judged = judging.judge(found, as_of)
        candidates = {c.key: c for c in judged.facts.candidates}
        keys = [v.key for v in judged.verdict.candidates]
        if since is not None:
            touched = _candidates_changed(found, since)
            keys = [k for k in keys if k in touched]
        data = [out.candidate_in_contest(candidates[k], judged.verdict.verdict(k)) for k in keys]
        return json_built(data, moments=judged.moments)

    return respond(("api.candidates", election, contest, query_key()), build, as_of=as_of_param())


def _candidates_changed(contest: Contest, since: datetime) -> set[str]:
    """Slugs of the contest's candidates whose record, nominations or suspensions changed since."""
    rows = db.session.execute(
        select(Candidacy, Person.slug).join(Person, Candidacy.person_id == Person.id).where(Candidacy.contest_id == contest.id)
    ).all()
    touched = changed.candidacies_changed(changed.changes_since(since), [candidacy for candidacy, _ in rows])
    return {slug for candidacy, slug in rows if candidacy.id in touched}


@bp.route("/elections/<election>/contests/<contest>/nominations")
def contest_nominations(election: str, contest: str):
    def build(now: datetime) -> Built:
        found = contest_or_404(election, contest)
        tz = found.election.timezone
        since = parse_since(request.args.get("since"), tz)
        status = parse_choice(request.args.get("status"), "status", tuple(NominationStatus))
        candidate = parse_text(request.args.get("candidate"), "candidate")
        body = parse_text(request.args.get("body"), "body")
        stage = parse_choice(request.args.get("stage"), "stage", tuple(s.key for s in found.stages))
        query = (
            select(Nomination, Person.name, Person.slug, NominatingBody, Contest.slug)
            .join(Candidacy, Nomination.candidacy_id == Candidacy.id)
            .join(Person, Candidacy.person_id == Person.id)
            .join(NominatingBody, Nomination.body_id == NominatingBody.id)
            .join(Contest, Nomination.contest_id == Contest.id)
            .where(Nomination.contest_id == found.id)
            .order_by(Nomination.nominated_at, Nomination.id)
        )
        if status:
            query = query.where(Nomination.status == status)
        if candidate:
            query = query.where(Person.slug == candidate)
        if body:
            query = query.where(NominatingBody.code == body)
        if stage:
            rule = next(s for s in judging.contest_rules(found).stages if s.id == stage)
            query = query.where(
                Nomination.nominated_at >= rule.opens_at,
                Nomination.nominated_at <= rule.closes_at,
                NominatingBody.kind.in_(stage_kinds(rule)),
            )
        if since is not None:
            ids = changed.nominations_changed(changed.changes_since(since), [found.id])
            query = query.where(Nomination.id.in_(ids)) if ids else query.where(Nomination.id.is_(None))
        return json_built([out.nomination_json(row) for row in db.session.execute(query)])

    return respond(("api.nominations", election, contest, query_key()), build)


#: The most changes one answer carries (?per_page=), and how many it carries unless asked.
CHANGES_PAGE = 500


@bp.route("/elections/<election>/changes")
def election_changes(election: str):
    def build(now: datetime) -> Built:
        found = _election_or_404(election)
        since = parse_since(request.args.get("since"), found.timezone)
        contest = parse_choice(request.args.get("contest"), "contest", tuple(c.slug for c in found.contests))
        chosen = next((c for c in found.contests if c.slug == contest), None)
        number = parse_page(request.args.get("page"))
        per_page = parse_page(request.args.get("per_page"), "per_page", largest=CHANGES_PAGE, default=CHANGES_PAGE)
        total = services.count_public_events(election=found, contest=chosen, since=since)
        events = services.public_events(election=found, contest=chosen, since=since, limit=per_page,
                                        offset=(number - 1) * per_page)
        slugs = {c.id: c.slug for c in found.contests}
        built = json_built([out.event_json(e, slugs) for e in events])
        built.headers["X-Total-Count"] = str(total)
        if number * per_page < total:
            args = {**request.args.to_dict(flat=False), "page": [str(number + 1)]}
            built.headers["Link"] = f'<{url_for("api.election_changes", election=found.slug, _external=True, **args)}>; rel="next"'
        return built

    return respond(("api.changes", election, query_key()), build)


# --- bodies ----------------------------------------------------------------------------------------------


def _bodies_query(since: datetime | None, kind: str | None, q: str | None):
    query = select(NominatingBody).order_by(NominatingBody.kind, NominatingBody.code)
    if kind:
        query = query.where(NominatingBody.kind == kind)
    if q:
        query = query.where(NominatingBody.id.in_(services.matching_body_ids(q, kind)))
    if since is not None:
        ids = changed.changes_since(since).named(AuditObject.BODY)
        query = query.where(NominatingBody.id.in_(ids)) if ids else query.where(NominatingBody.id.is_(None))
    return query


@bp.route("/elections/<election>/bodies")
def election_bodies(election: str):
    def build(now: datetime) -> Built:
        found = _election_or_404(election)
        since = parse_since(request.args.get("since"), found.timezone)
        kind = parse_choice(request.args.get("kind"), "kind", tuple(BodyKind))
        q = parse_text(request.args.get("q"), "q")
        query = _bodies_query(since, kind, q).where(NominatingBody.election_id == found.id)
        return json_built([out.body_json(b) for b in db.session.scalars(query)])

    return respond(("api.bodies", election, query_key()), build)


@bp.route("/bodies")
def bodies():
    def build(now: datetime) -> Built:
        since = parse_since(request.args.get("since"), DEFAULT_TIMEZONE)
        kind = parse_choice(request.args.get("kind"), "kind", tuple(BodyKind))
        q = parse_text(request.args.get("q"), "q")
        query = _bodies_query(since, kind, q).options(selectinload(NominatingBody.election))
        return json_built([{**out.body_json(b), "election": b.election.slug} for b in db.session.scalars(query)])

    return respond(("api.all_bodies", query_key()), build)


@bp.route("/elections/<election>/bodies/<code>")
def body_detail(election: str, code: str):
    def build(now: datetime) -> Built:
        found = _election_or_404(election)
        body = db.session.scalar(
            select(NominatingBody).where(NominatingBody.election_id == found.id, NominatingBody.code == code)
        )
        if body is None:
            abort(404, description=f"No body {code!r} in election {election!r}.")
        slugs = {c.id: c.slug for c in found.contests}
        nominations = services.nominations_by([body])
        data = {
            **out.body_json(body),
            "election": found.slug,
            "nominations": [
                {
                    "contest": slugs[n.contest_id],
                    "candidate": n.candidate,
                    "candidate_slug": n.candidate_slug,
                    "nominated_at": out.moment(n.nominated_at),
                    "status": n.status,
                }
                for n in nominations
            ],
        }
        return json_built(data)

    return respond(("api.body", election, code), build)


# --- candidates ------------------------------------------------------------------------------------------


@bp.route("/candidates")
def candidates():
    def build(now: datetime) -> Built:
        since = parse_since(request.args.get("since"), DEFAULT_TIMEZONE)
        q = parse_text(request.args.get("q"), "q")
        rows = db.session.execute(
            select(Person, Candidacy, Contest.slug, Election.slug)
            .join(Candidacy, Candidacy.person_id == Person.id)
            .join(Contest, Candidacy.contest_id == Contest.id)
            .join(Election, Contest.election_id == Election.id)
            .order_by(Person.name, Election.id, Contest.position)
        ).all()
        if q:
            rows = [r for r in rows if q.casefold() in r[0].name.casefold()]
        if since is not None:
            touched = changed.candidacies_changed(changed.changes_since(since), [r[1] for r in rows])
            people_touched = {r[0].id for r in rows if r[1].id in touched}
            rows = [r for r in rows if r[0].id in people_touched]
        people: dict[int, dict] = {}
        for person, candidacy, contest_slug, election_slug in rows:
            entry = people.setdefault(person.id, {"slug": person.slug, "name": person.name, "candidacies": []})
            entry["candidacies"].append(
                {"election": election_slug, "contest": contest_slug, "withdrawn_at": out.moment(candidacy.withdrawn_at)}
            )
        return json_built(list(people.values()))

    return respond(("api.people", query_key()), build)


@bp.route("/candidates/<slug>")
def candidate_detail(slug: str):
    def build(now: datetime) -> Built:
        person = services.load_person(slug)
        if person is None:
            abort(404, description=f"No candidate {slug!r}.")
        candidacies = services.candidacies_of(person)
        tz = candidacies[0].contest.election.timezone if candidacies else DEFAULT_TIMEZONE
        as_of = parse_moment(as_of_param(), tz) if as_of_param() else now
        judged = judging.judge_all([c.contest for c in candidacies], as_of)
        data = {
            "slug": person.slug,
            "name": person.name,
            "as_of": out.moment(as_of),
            "candidacies": [
                {
                    "election": c.contest.election.slug,
                    "contest": c.contest.slug,
                    "woman": c.woman,
                    "withdrawn_at": out.moment(c.withdrawn_at),
                    **out.verdict_json(judged[c.contest_id].verdict.verdict(person.slug)),
                }
                for c in candidacies
            ],
            "nominations": [
                {
                    "election": n.contest.election.slug,
                    "contest": n.contest.slug,
                    "body": n.body.code,
                    "body_name": n.body.name,
                    "body_kind": n.body.kind,
                    "nominated_at": out.moment(n.nominated_at),
                    "status": n.status,
                }
                for n in services.nominations_for(candidacies)
                if n.nominated_at <= as_of
            ],
            "suspensions": [
                {
                    "starts_at": out.moment(s.starts_at),
                    "ends_at": out.moment(s.ends_at),
                    "reason": s.reason,
                    "outcome": s.outcome,
                }
                for s in services.suspensions_of(person)
            ],
            **voice_services.voice_json(person, out.moment),
        }
        return json_built(data, moments=judging.moments_of(judged.values()))

    return respond(("api.person", slug), build, as_of=as_of_param())


# --- the description -------------------------------------------------------------------------------------


@bp.route("/openapi.json")
def openapi():
    from tracker.api.openapi import document

    def build(now: datetime) -> Built:
        return json_built(document(request.url_root.rstrip("/") + "/api/v1"))

    return respond(("api.openapi", request.url_root), build)
