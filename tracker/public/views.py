"""Public pages: what anyone can read without logging in, as HTML, CSV and Atom."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, render_template, request, url_for

from tracker import types as clock
from tracker.ballot import history, judging
from tracker.ballot.serialize import number
from tracker.ballot.services import contest_or_404
from tracker.errors import RETRY_AFTER, DomainError
from tracker.public import changes, dashboard, feeds, services
from tracker.public.text import plural
from tracker.rules.model import stages_taking
from tracker.slates import services as slate_services
from tracker.times import DEFAULT_TIMEZONE, countdown
from tracker.vocabulary import BodyKind
from tracker.voices import services as voice_services
from tracker.web import health
from tracker.web.caching import Built, respond
from tracker.web.downloads import csv_built
from tracker.web.params import as_of_param, parse_choice, parse_moment, parse_text, refuse_nul_in_path

bp = Blueprint("public", __name__)
bp.url_value_preprocessor(refuse_nul_in_path)

#: The tables a nomination stage's dashboard offers as CSV, and the ballot stage's.
STAGE_TABLES = ("progress", "nominations", "not-nominated", "regions")
BALLOT_TABLES = ("candidates",)
ATOM_TYPE = "application/atom+xml"


@bp.app_template_filter("plural")
def plural_filter(number_: int, singular: str, plural_form: str | None = None) -> str:
    return plural(number_, singular, plural_form)


TEXT = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.route("/livez")
def livez():
    """The smallest route there is: the process answers (the benchmarks' yardstick); touches no database."""
    return "ok", 200, TEXT


@bp.route("/healthz")
def healthz():
    """Ready to serve: the database answers `SELECT 1` (asked at most once a second per process); 503 if not."""
    if health.database_reachable():
        return "ok\ndatabase: up\n", 200, TEXT
    return "database: down\n", 503, {**TEXT, "Retry-After": str(RETRY_AFTER)}


def moment(now: datetime, timezone: str) -> datetime:
    raw = as_of_param()
    return parse_moment(raw, timezone) if raw else now


def projecting() -> bool:
    """Whether ?as_of= asks for a moment still to come (a projection, not a record), for the cache key: a
    projected page must not be served once its moment has passed."""
    raw = as_of_param()
    try:
        return bool(raw) and parse_moment(raw, DEFAULT_TIMEZONE) > clock.utcnow()
    except DomainError:
        return False


# --- home ------------------------------------------------------------------------------------------------


def _overview(now: datetime, elections) -> tuple[dict, set]:
    contests = [c for e in elections for c in e.contests]
    judged = judging.judge_all(contests, now)
    return judged, judging.moments_of(judged.values())


@bp.route("/")
def home():
    def build(now: datetime) -> Built:
        as_of = moment(now, DEFAULT_TIMEZONE)
        elections = services.load_elections()
        judged, moments = _overview(as_of, elections)
        body = render_template(
            "public/home.html",
            elections=elections,
            judged=judged,
            lines={c.id: services.one_line(judged[c.id]) for e in elections for c in e.contests},
            as_of=as_of,
            now_based=as_of_param() is None,
        )
        return Built(body, moments=moments, countdowns=judging.timetable(c for e in elections for c in e.contests))

    return respond(("home",), build, as_of=as_of_param())


@bp.route("/contests.csv")
def home_csv():
    def build(now: datetime) -> Built:
        as_of = moment(now, DEFAULT_TIMEZONE)
        elections = services.load_elections()
        judged, moments = _overview(as_of, elections)
        rows = [
            (e.slug, e.title, c.slug, c.title, c.seats, judged[c.id].state.key, judged[c.id].state.label,
             services.one_line(judged[c.id]), judged[c.id].state.next_change_at)
            for e in elections
            for c in e.contests
        ]
        header = ("election", "election_title", "contest", "contest_title", "seats", "stage", "stage_label", "state",
                  "next_change_at")
        return csv_built("contests.csv", header, rows, moments)

    return respond(("home.csv",), build, as_of=as_of_param())


@bp.route("/elections/<election>")
def election_page(election: str):
    def build(now: datetime) -> Built:
        found = services.load_election(election)
        if found is None:
            abort(404, description=f"There is no election {election!r}.")
        as_of = moment(now, found.timezone)
        judged, moments = _overview(as_of, [found])
        body = render_template(
            "public/home.html",
            elections=[found],
            judged=judged,
            lines={c.id: services.one_line(judged[c.id]) for c in found.contests},
            as_of=as_of,
            now_based=as_of_param() is None,
            single=True,
        )
        return Built(body, moments=moments, countdowns=judging.timetable(found.contests))

    return respond(("election", election), build, as_of=as_of_param())


# --- a contest's dashboard ----------------------------------------------------------------------------


def _judge_contest(election: str, contest: str, now: datetime):
    found = contest_or_404(election, contest)
    as_of = moment(now, found.election.timezone)
    return judging.judge(found, as_of), as_of


def _stage_window(stage, as_of: datetime, timezone: str, state) -> str:
    if state.halted and stage.opens_at <= as_of < stage.closes_at:  # a halt stops the clock
        return f"halted: {state.halt_reason}" if state.halt_reason else "halted"
    if as_of < stage.opens_at:
        return countdown("opens", stage.opens_at, as_of, timezone)
    return countdown("closes", stage.closes_at, as_of, timezone)


def _contest_context(judged: judging.Judged, tab_key: str, as_of: datetime) -> dict:
    contest = judged.contest
    tabs = services.tabs(contest, judged.state, as_of)
    if tab_key not in {t.key for t in tabs}:
        abort(404, description=f"{contest.title} has no stage {tab_key!r}.")
    context = dict(
        election=contest.election,
        contest=contest,
        judged=judged,
        verdict=judged.verdict,
        state=judged.state,
        tabs=tabs,
        tab=next(t for t in tabs if t.key == tab_key),
        as_of=as_of,
        as_of_param=as_of_param(),
        now_based=as_of_param() is None,
        next_change=countdown("changes", judged.state.next_change_at, as_of, contest.election.timezone)
        if judged.state.next_change_at and not judged.state.halted else "",
    )
    context.update(voice_services.card_badges(contest, judged))
    stage = next((s for s in contest.stages if s.key == tab_key), None)
    if stage is not None:
        context["stage"] = stage
        in_force = next(s for s in judged.rules.stages if s.id == tab_key)  # the window as amended by then
        context["window"] = _stage_window(in_force, as_of, contest.election.timezone, judged.state)
        context["tables"] = dashboard.stage_tables(judged.rules, judged.facts, judged.verdict, tab_key)
    else:
        standing, off = dashboard.ballot_rows(judged.verdict)
        gating = judged.rules.gating  # the last stage that decides the ballot, by the timetable in force
        last = gating[-1] if gating else None
        context.update(
            ballot_set_at=judged.verdict.ballot_set_at,
            standing=standing,
            off=off,
            last_stage=last,
            ballot_set=judged.verdict.ballot_set,
            frozen=judged.frozen,
        )
        from tracker.results.services import stage_extras

        extras = stage_extras(judged)
        context["extras"] = extras
        context.update({k: v for k, v in extras.items() if k not in context})
    return context


def _contest_page(election: str, contest: str, stage: str | None):
    def build(now: datetime) -> Built:
        judged, as_of = _judge_contest(election, contest, now)
        tab_key = stage or services.default_tab(judged.contest, judged.state)
        context = _contest_context(judged, tab_key, as_of)
        context["canonical"] = stage is None
        context["projected"] = as_of > now
        context["slate_count"] = slate_services.slates_by_contest(judged.contest.election).get(judged.contest.slug, 0)
        body = render_template("public/contest.html", **context)
        return Built(body, moments=judged.moments, countdowns=judging.timetable([judged.contest]))

    return respond(("contest", election, contest, stage, projecting()), build, as_of=as_of_param())


@bp.route("/elections/<election>/contests/<contest>")
def contest_page(election: str, contest: str):
    return _contest_page(election, contest, None)


@bp.route("/elections/<election>/contests/<contest>/stages/<stage>")
def stage_page(election: str, contest: str, stage: str):
    return _contest_page(election, contest, stage)


def stage_table(tables: dashboard.StageTables, name: str, timezone: str) -> tuple[tuple, list]:
    """One table of a nomination stage's dashboard as (header, rows): the rows the page shows."""
    if name == "progress":
        conditions = [
            (r, c, route.title if bar.label == route.title else f"{route.title} {bar.label}")
            for r, route in enumerate(tables.progress[0].routes if tables.progress else ())
            for c, bar in enumerate(route.bars)
        ]
        header = ("rank", "candidate", "status", "detail") + tuple(
            f"{label} {what}".replace(" ", "_").lower() for _, _, label in conditions for what in ("have", "needed")
        )
        rows = [
            (row.rank, row.name, row.status, row.sentence)
            + tuple(
                number(value)
                for r, c, _ in conditions
                for value in (row.routes[r].bars[c].have, row.routes[r].bars[c].needed)
            )
            for row in tables.progress
        ]
        return header, rows
    if name == "nominations":
        header = ("candidate", "body_code", "body", "kind", "region", "nominated_at", "status", "note")
        rows = [
            (n.candidate, n.body_code, n.body, n.kind, n.region, n.nominated_at, n.status, n.note)
            for n in tables.nominations
        ]
        return header, rows
    if name == "not-nominated":
        header = ("body_code", "body", "kind", "region")
        return header, [(b.code, b.name, b.kind, b.region or "") for _, bodies in tables.not_nominated_by_region for b in bodies]
    header = ("region", "registered", "nominated", "not_yet", "nominations_by_candidate")
    rows = [
        (r.region, r.registered, r.nominated, r.not_yet, "; ".join(f"{name}: {count}" for name, count in r.by_candidate))
        for r in tables.regions
    ]
    return header, rows


@bp.route("/elections/<election>/contests/<contest>/stages/<stage>/<table>.csv")
def stage_csv(election: str, contest: str, stage: str, table: str):
    def build(now: datetime) -> Built:
        judged, as_of = _judge_contest(election, contest, now)
        keys = [s.key for s in judged.contest.stages]
        if stage in keys and table in STAGE_TABLES:
            tables = dashboard.stage_tables(judged.rules, judged.facts, judged.verdict, stage)
            header, rows = stage_table(tables, table, judged.election.timezone)
        elif stage == services.BALLOT and table in BALLOT_TABLES:
            standing, off = dashboard.ballot_rows(judged.verdict)
            header = ("position", "candidate", "status", "eligible", "reason")
            rows = [(r.position, r.name, r.status, r.eligible, r.reason) for r in standing + off]
        else:
            abort(404, description=f"There is no table {table!r} for stage {stage!r}.")
        filename = f"{election}-{contest}-{stage}-{table}.csv"
        return csv_built(filename, header, rows, judged.moments)

    return respond(("stage.csv", election, contest, stage, table), build, as_of=as_of_param())


# --- feeds -----------------------------------------------------------------------------------------------


@bp.route("/elections/<election>/contests/<contest>/feed.atom")
def contest_feed(election: str, contest: str):
    def build(now: datetime) -> Built:
        judged, _ = _judge_contest(election, contest, now)
        found = judged.contest
        page = url_for("public.contest_page", election=election, contest=contest, _external=True)
        entries = [c.entry for c in changes.feed_changes(found.election, page, contest=found, limit=feeds.FEED_LENGTH)]
        entries += feeds.timetable_entries(judged, now) + feeds.qualification_entries(judged)
        text = feeds.feed(f"{found.title} — {found.election.title}: changes", entries, page, found.election.created_at)
        return Built(text, ATOM_TYPE, moments=judged.moments)

    return respond(("contest.atom", request.host, election, contest), build)


@bp.route("/elections/<election>/feed.atom")
def election_feed(election: str):
    def build(now: datetime) -> Built:
        found = services.load_election(election)
        if found is None:
            abort(404, description=f"There is no election {election!r}.")
        judged, moments = _overview(now, [found])
        page = url_for("public.election_page", election=election, _external=True)
        entries = [c.entry for c in changes.feed_changes(found, page, limit=feeds.FEED_LENGTH)]
        for contest in found.contests:
            entries += feeds.timetable_entries(judged[contest.id], now) + feeds.qualification_entries(judged[contest.id])
        return Built(feeds.feed(f"{found.title}: changes", entries, page, found.created_at), ATOM_TYPE, moments=moments)

    return respond(("election.atom", request.host, election), build)


# --- candidates ------------------------------------------------------------------------------------------


def _candidate(slug: str, now: datetime) -> dict:
    person = services.load_person(slug)
    if person is None:
        abort(404, description=f"There is no candidate {slug!r}.")
    candidacies = services.candidacies_of(person)
    timezone = candidacies[0].contest.election.timezone if candidacies else DEFAULT_TIMEZONE
    as_of = moment(now, timezone)
    judged = judging.judge_all([c.contest for c in candidacies], as_of)
    nominations = services.nominations_for(candidacies)
    return dict(
        person=person,
        candidacies=candidacies,
        judged=judged,
        verdicts={c.id: judged[c.contest_id].verdict.verdict(person.slug) for c in candidacies},
        recommended=slate_services.recommended_by(candidacies, judged, as_of),
        nominations=[n for n in nominations if n.nominated_at <= as_of],
        groups=services.nomination_groups([n for n in nominations if n.nominated_at <= as_of], judged),
        status_history={c.id: history.status_changes(judged[c.contest_id], person.slug, c.withdrawn_at, as_of)
                        for c in candidacies},
        suspensions=services.suspensions_of(person),
        voice=voice_services.voice_of(person),
        as_of=as_of,
        as_of_param=as_of_param(),
        now_based=as_of_param() is None,
        timezone=timezone,
        moments=judging.moments_of(judged.values()),
    )


@bp.route("/candidates/<slug>")
def candidate_page(slug: str):
    def build(now: datetime) -> Built:
        context = _candidate(slug, now)
        return Built(render_template("public/candidate.html", **context), moments=context["moments"])

    return respond(("candidate", slug), build, as_of=as_of_param())


@bp.route("/candidates/<slug>/nominations.csv")
def candidate_csv(slug: str):
    def build(now: datetime) -> Built:
        context = _candidate(slug, now)
        header = ("election", "contest", "body_code", "body", "kind", "region", "nominated_at", "status")
        rows = [
            (n.contest.election.slug, n.contest.slug, n.body.code, n.body.name, n.body.kind, n.body.region or "",
             n.nominated_at, n.status)
            for n in context["nominations"]
        ]
        return csv_built(f"{slug}-nominations.csv", header, rows, context["moments"])

    return respond(("candidate.csv", slug), build, as_of=as_of_param())


# --- bodies ----------------------------------------------------------------------------------------------


def _search() -> dict:
    query = parse_text(request.args.get("q"), "q") or ""
    kind = parse_choice(request.args.get("kind"), "kind", tuple(BodyKind))
    bodies, total = services.search_bodies(query, kind) if query else ([], 0)
    regions = [] if query else services.bodies_by_region(kind)
    return dict(query=query, kind=kind, bodies=bodies, total=total, limit=services.SEARCH_LIMIT, regions=regions)


@bp.route("/bodies")
def bodies_search():
    def build(now: datetime) -> Built:
        return Built(render_template("public/bodies.html", **_search()))

    return respond(("bodies", request.args.get("q", ""), request.args.get("kind", "")), build)


@bp.route("/bodies.csv")
def bodies_csv():
    def build(now: datetime) -> Built:
        found = _search()
        header = ("election", "code", "name", "kind", "region")
        rows = [(b.election.slug, b.code, b.name, b.kind, b.region or "") for b in found["bodies"]]
        return csv_built("bodies.csv", header, rows)

    return respond(("bodies.csv", request.args.get("q", ""), request.args.get("kind", "")), build)


def _body(code: str, now: datetime) -> dict:
    bodies = services.bodies_with_code(code)
    if not bodies:
        abort(404, description=f"There is no nominating body with code {code!r}.")
    as_of = moment(now, bodies[0].election.timezone)
    contests = [c for b in bodies for c in b.election.contests]
    judged = judging.judge_all(contests, as_of)
    nominations = [n for n in services.nominations_by(bodies) if n.nominated_at <= as_of]
    by_body_contest: dict[tuple[int, int], list] = {}
    for n in nominations:
        by_body_contest.setdefault((n.body_id, n.contest_id), []).append(n)
    sections = []
    for body in bodies:
        rows = []
        for contest in body.election.contests:
            takes = bool(stages_taking(judged[contest.id].rules, body.kind))
            made = by_body_contest.get((body.id, contest.id), [])
            if takes or made:
                verdict = judged[contest.id].verdict
                statuses = {v.key: v for v in verdict.candidates}
                rows.append((contest, made, statuses, judged[contest.id].state))
        sections.append((body, rows))
    return dict(
        code=code,
        bodies=bodies,
        sections=sections,
        nominations=nominations,
        contests={c.id: c for c in contests},
        as_of=as_of,
        as_of_param=as_of_param(),
        now_based=as_of_param() is None,
        moments=judging.moments_of(judged.values()),
    )


@bp.route("/bodies/<code>")
def body_page(code: str):
    def build(now: datetime) -> Built:
        context = _body(code, now)
        return Built(render_template("public/body.html", **context), moments=context["moments"])

    return respond(("body", code), build, as_of=as_of_param())


@bp.route("/bodies/<code>/nominations.csv")
def body_csv(code: str):
    def build(now: datetime) -> Built:
        context = _body(code, now)
        contests = context["contests"]
        names = {b.id: b for b in context["bodies"]}
        header = ("election", "body_code", "body", "contest", "candidate", "nominated_at", "status")
        rows = [
            (names[n.body_id].election.slug, code, names[n.body_id].name, contests[n.contest_id].slug, n.candidate,
             n.nominated_at, n.status)
            for n in context["nominations"]
        ]
        return csv_built(f"{code}-nominations.csv", header, rows, context["moments"])

    return respond(("body.csv", code), build, as_of=as_of_param())
