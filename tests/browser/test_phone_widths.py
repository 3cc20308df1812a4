"""No page scrolls sideways on a 360 px phone: every page of the site, logged out and logged in as each role.

The pages are the app's GET routes. A route with URL parameters is visited with the sample values below, so a
new page without sample values fails `test_every_page_has_sample_urls` until it gets some (and so is covered).
"""
from __future__ import annotations

import re

import pytest
from flask import url_for

from tests.browser.helpers import PHONE_360, log_in, overflow
from tests.browser.sample_site import TO_FREEZE, Site
from tests.conftest import make_app

#: Routes that answer with something other than a page: files, feeds, the JSON API, health checks.
NOT_PAGES = re.compile(r"^/(api/|static/)|\.(csv|atom|blt|json)$|^/(healthz|livez)$")

#: Who may see a page other than the public: admin, secretary, organiser or any logged-in user.
AUDIENCE = {
    "admin.": "admin", "importing.": "admin", "results.ballot_admin": "admin", "results.result_admin": "admin",
    "nominations.": "secretary", "results.count_new": "secretary",
    "slates.organise": "organiser", "slates.draft": "organiser",
    "accounts.account": "user", "accounts.change_password": "user",
    "accounts.login": "nobody", "accounts.set_password": "nobody",
    "appeal_organise.": "organiser",
    "pledges.new": "admin", "pledges.revise": "admin", "pledges.record": "admin", "voices.moderate": "admin",
    "accounts.invite_candidate": "admin", "candidate.": "candidate",
}
ROLES = (None, "admin", "secretary", "organiser", "candidate")


def samples(site: Site) -> dict[str, list[dict]]:
    """URL values for every page whose route has parameters, taken from the site's data."""
    election, closed = {"election": site.election}, {"election": site.closed_election}
    contests = [election | {"contest": c} for c in site.contests] + [closed | {"contest": site.closed_contest}]
    slate = election | {"organisation": site.organisation}
    own_appeal = {"organisation": site.organisation, "appeal": site.appeal}
    pledge = election | {"pledge": site.pledge}
    return {
        "public.election_page": [election, closed],
        "public.contest_page": contests,
        "public.stage_page": [c | {"stage": s} for c in contests for s in site.stages[c["election"], c["contest"]]],
        "public.candidate_page": [{"slug": site.candidate}, {"slug": site.suspended}],
        "public.body_page": [{"code": site.body}, {"code": site.mp}],
        "changes.page": [election, closed],
        "slates.index": [election],
        "slates.compare": contests[:1],
        "slates.show": [slate],
        "slates.version": [slate | {"number": 1}],
        "slates.card": [slate],
        "slates.draft": [slate],
        "results.count_show": [{"count_id": site.count_id}],
        "results.ballot_admin": [contests[0], contests[-1], closed | {"contest": TO_FREEZE[0][0]}],
        "results.result_admin": [contests[-1]],
        "admin.contest": [{"contest_id": i} for i in site.contest_ids],
        "admin.history": [{"candidacy_id": site.candidacy_id}],
        "nominations.nominate": [{"body_id": site.body_id, "contest_id": site.open_contest_id}],
        "nominations.correct": [{"nomination_id": site.submitted_id}],
        "nominations.withdraw": [{"nomination_id": site.submitted_id}],
        "accounts.set_password": [{"token": site.password_token}],
        "importing.page": [election],
        "admin.user": [{"user_id": site.user_id}],
        "appeals.organisation": [{"organisation": site.appeal_organisation}, {"organisation": site.organisation}],
        "appeals.show": [{"organisation": site.appeal_organisation, "appeal": a} for a in site.demo_appeals]
        + [own_appeal],
        "appeal_organise.signers": [own_appeal],
        "appeal_organise.export": [own_appeal],
        "appeals.confirm": [{"token": site.confirm_token}],
        "appeals.my_data": [{"token": site.my_data_token}],
        "pledges.index": [election],
        "pledges.new": [election],
        "pledges.page": [pledge],
        "pledges.revise": [pledge],
        "pledges.record": [pledge | {"slug": site.candidate}],
        "voices.questions": contests[:2],
        "voices.ask": contests[:1],
        "voices.moderate": contests[:1],
        "voices.asker_page": [{"token": site.asker_token}],
        "voices.listening_page": [{"slug": site.listener, "exercise": site.exercise}],
        "voices.listening_confirm": [{"token": site.response_token}],
        "candidate.exercise_private": [{"exercise": site.exercise}],
    }


def page_rules(app) -> list:
    return sorted((rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and not NOT_PAGES.search(rule.rule)), key=lambda rule: rule.rule)


def audience(endpoint: str) -> str:
    return next((who for prefix, who in AUDIENCE.items() if endpoint == prefix or
                 (prefix.endswith(".") and endpoint.startswith(prefix))), "public")


def page_urls(app, site: Site) -> list[tuple[str, bool, str]]:
    """(audience, whether it is the route's first sample, path) of every page of the site."""
    values = samples(site)
    missing = [rule.rule for rule in page_rules(app) if rule.arguments and not values.get(rule.endpoint)]
    assert not missing, f"pages without sample URL values in {__name__}.samples: {missing}"
    with app.test_request_context():
        return [(audience(rule.endpoint), i == 0, url_for(rule.endpoint, **given))
                for rule in page_rules(app) for i, given in enumerate(values.get(rule.endpoint) or [{}])]


def visits(role: str | None, who: str, first: bool) -> bool:
    """Whether `role` (None: logged out) visits a page. Logged out, every public page; logged in, every page of
    the role and each public route once (the sample pages of one route differ in content, not in what a
    login adds to them: the header and a few links, which the first sample shows)."""
    if who == "public":
        return role is None or first
    return (role is None and who == "nobody") or (role is not None and who in (role, "user"))




def test_every_page_has_sample_urls():
    """A new page must come with sample URL values, or the phone test below would not visit it."""
    app = make_app("sqlite://")  # only its URL map is read
    names = samples(Site(election="e", contests=["c"], stages={("e", "c"): ["s"], ("f", "c"): ["s"]},
                         closed_election="f", closed_contest="c", candidate="p", suspended="q", body="B", body_id=1,
                         mp="M"))
    missing = [rule.rule for rule in page_rules(app) if rule.arguments and rule.endpoint not in names]
    assert not missing, f"add sample URL values for these pages to {__name__}.samples: {missing}"
    unused = set(names) - {rule.endpoint for rule in page_rules(app)}
    assert not unused, f"sample URL values for pages that no longer exist: {sorted(unused)}"


@pytest.mark.browser
def test_no_page_scrolls_sideways_on_a_phone(first_backend, browser, live_server, app, site):
    urls = page_urls(app, site)
    assert len(urls) > 40
    problems, visited = [], 0
    for role in ROLES:
        context = browser.new_context(viewport=PHONE_360)
        page = context.new_page()
        if role:
            log_in(page, live_server, site.accounts[role])
        for who, first, path in urls:
            if not visits(role, who, first):
                continue
            answer = page.goto(live_server + path)
            visited += 1
            assert answer.ok and page.url == live_server + path, (
                f"{path} as {role or 'nobody'}: {answer.status} {page.url}")
            problem = overflow(page, PHONE_360["width"])
            if problem:
                problems.append(f"{path} as {role or 'nobody'}: {problem}")
        context.close()
    assert not problems, f"{len(problems)} of {visited} pages do not fit a 360px phone:\n" + "\n".join(problems)
