"""The public "What changed" page of an election (or one contest), with its CSV and Atom feed."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, render_template, request, url_for

from tracker.ballot import judging
from tracker.public import changes, feeds, services
from tracker.web.caching import Built, respond
from tracker.web.downloads import csv_built
from tracker.web.params import parse_choice, parse_choices, parse_page, query_key, refuse_nul_in_path

bp = Blueprint("changes", __name__)
bp.url_value_preprocessor(refuse_nul_in_path)

ATOM_TYPE = "application/atom+xml"


def _listing(election: str, now: datetime):
    """The election, its chosen contest and kinds, every change they pick, and the moments they move at."""
    found = services.load_election(election)
    if found is None:
        abort(404, description=f"There is no election {election!r}.")
    slug = parse_choice(request.args.get("contest"), "contest", tuple(c.slug for c in found.contests))
    contest = next((c for c in found.contests if c.slug == slug), None)
    kinds = parse_choices(request.args.getlist("kind"), "kind", changes.KINDS)
    judged = judging.judge_all(found.contests, now)
    page_url = url_for("changes.page", election=found.slug, _external=True)
    listed = changes.election_changes(found, judged, now, page_url)
    picked = changes.chosen(listed, contest.id if contest else None, kinds)
    return found, contest, kinds, picked, judging.moments_of(judged.values())


def _filters(contest, kinds) -> dict:
    """The filters as query parameters, for links that keep them."""
    return {**({"contest": contest.slug} if contest else {}), **({"kind": list(kinds)} if kinds else {})}


@bp.route("/elections/<election>/changes")
def page(election: str):
    def build(now: datetime) -> Built:
        found, contest, kinds, picked, moments = _listing(election, now)
        number = parse_page(request.args.get("page"))
        shown = changes.page_of(picked, number)
        filters = _filters(contest, kinds)
        body = render_template(
            "public/changes.html", election=found, contest=contest, kinds=kinds, page=shown, filters=filters,
            contests={c.id: c for c in found.contests}, kind_words=changes.KIND_WORDS, all_kinds=changes.KINDS,
        )
        return Built(body, moments=moments)

    return respond(("changes", election, query_key()), build)


@bp.route("/elections/<election>/changes.csv")
def page_csv(election: str):
    def build(now: datetime) -> Built:
        found, _, _, picked, moments = _listing(election, now)
        contests = {c.id: c.slug for c in found.contests}
        rows = [(c.at, c.kind or "other", contests.get(c.contest_id, ""), c.entry.title, c.count, c.entry.url)
                for c in picked]
        return csv_built(f"{found.slug}-changes.csv", ("happened_at", "kind", "contest", "change", "count", "url"),
                         rows, moments)

    return respond(("changes.csv", election, query_key()), build)


@bp.route("/elections/<election>/changes.atom")
def page_atom(election: str):
    def build(now: datetime) -> Built:
        found, contest, kinds, picked, moments = _listing(election, now)
        page_url = url_for("changes.page", election=found.slug, _external=True, **_filters(contest, kinds))
        title = f"{contest.title} — {found.title}" if contest else found.title
        text = feeds.feed(f"{title}: what changed", [c.entry for c in picked], page_url, found.created_at)
        return Built(text, ATOM_TYPE, moments=moments)

    return respond(("changes.atom", request.host, election, query_key()), build)
