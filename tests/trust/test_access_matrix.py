"""Who may read and write what: every route of the app × seven roles, reads and writes, each cell checked
against a rule stated once below.

Adding a route: add one line to ROUTES (its endpoint, then who may read it and who may write it, as one of
the rules in RULES, with the world's things it takes where the defaults in ARGS do not fit). A route without
a line fails `test_every_route_has_an_expectation`, naming it. A route about a new kind of thing (a pledge, an
appeal) needs one of it in the world, belonging to body A or organisation X: add it in tests/trust/world.py
and name it in `World.ids`, and add its URL variable to ARGS.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from flask import url_for

from tests.trust.world import ROLES, World, build, log_in
from tracker.audit.models import AuditEvent
from tracker.extensions import db

# --- outcomes and rules ---------------------------------------------------------------------------------

OK = "allowed"  # a read answers 200; a write gets past the gate: 2xx/3xx, or 400 for what the form says
LOGIN = "sent to log in"  # 302 to /login
FORBIDDEN = "403"
NOT_ALLOWED = "405"  # a method the URL refuses to everyone (a published slate cannot be changed)
CONFLICT = "409"  # a one-time link opened while logged in as another account


def allowed(*roles: str, anonymous: str = LOGIN, others: str = FORBIDDEN) -> dict[str, str]:
    """A rule: the roles allowed; the anonymous visitor and everyone else get what is said."""
    return {role: OK if role in roles else anonymous if role == "anonymous" else others for role in ROLES}


RULES = {
    "public": allowed(*ROLES),
    "logged in": allowed(*ROLES[1:]),
    "admin": allowed("admin"),
    "secretaries": allowed("secretary_a", "secretary_b", "admin"),
    "secretary of A": allowed("secretary_a", "admin"),
    "secretary of A (API)": allowed("secretary_a", "admin", anonymous=FORBIDDEN),
    "organisers": allowed("organiser_x", "organiser_y", "admin"),
    "organiser of X": allowed("organiser_x", "admin"),
    "organisers, not admins": allowed("organiser_x", "organiser_y"),
    "organiser of X only": allowed("organiser_x"),
    "holder of the link, logged out": allowed("anonymous", others=CONFLICT),
    "the candidate herself": allowed("candidate"),
    "publishers of pledges": allowed("organiser_x", "organiser_y", "candidate", "admin"),
    "nobody": allowed(),
    "refused to all": {role: NOT_ALLOWED for role in ROLES},
}
PUBLIC, LOGGED_IN, ADMIN = RULES["public"], RULES["logged in"], RULES["admin"]
SECRETARIES, SECRETARY_OF_A, ORGANISERS, ORGANISER_OF_X = (
    RULES["secretaries"], RULES["secretary of A"], RULES["organisers"], RULES["organiser of X"])
REFUSED = RULES["refused to all"]
ORGANISER_OF_X_ONLY = RULES["organiser of X only"]
CANDIDATE, NOBODY = RULES["the candidate herself"], RULES["nobody"]


@dataclass(frozen=True)
class Route:
    """Who may read (GET) and who may write (POST; `change` for PUT, PATCH and DELETE) one endpoint.

    `args` names the world's things for URL variables where ARGS's defaults do not fit; `form` is what a write
    posts (strings formatted with the world's names, e.g. "{fay}"); `ends_session` marks a write after which
    the role logs in again; `people` names the roles to whom the answer may show a member of the public who gave
    their name (who signed an appeal, asked a question, answered a listening exercise): to nobody else, on no page,
    does any answer show one."""

    read: dict | None = None
    write: dict | None = None
    change: dict | None = None
    args: dict = field(default_factory=dict)
    form: dict = field(default_factory=dict)
    ends_session: bool = False
    people: tuple = ()


#: URL variables filled from the world unless a route says otherwise: things of body A and organisation X.
ARGS = {
    "election": "election", "contest": "leader", "stage": "stage", "table": "table", "slug": "candidate",
    "code": "code_a", "organisation": "org_x", "count_id": "count_a", "number": 1, "contest_id": "leader_id",
    "candidacy_id": "candidacy", "nomination_id": "nomination_a", "body_id": "body_a", "suspension_id": "suspension",
    "user_id": "spare", "filename": "style.css", "appeal": "appeal", "token": "my_data", "signature": "signature",
    "choice": "choice", "act": "release-held", "pledge": "pledge", "question_id": "question", "exercise": "exercise",
}

ROUTES = {
    # public pages, downloads and feeds
    "public.home": Route(read=PUBLIC),
    "public.home_csv": Route(read=PUBLIC),
    "public.healthz": Route(read=PUBLIC),
    "public.livez": Route(read=PUBLIC),
    "public.election_page": Route(read=PUBLIC),
    "public.election_feed": Route(read=PUBLIC),
    "public.contest_page": Route(read=PUBLIC),
    "public.contest_feed": Route(read=PUBLIC),
    "public.stage_page": Route(read=PUBLIC, args={"contest": "deputy"}),
    "public.stage_csv": Route(read=PUBLIC, args={"contest": "deputy"}),
    "public.candidate_page": Route(read=PUBLIC),
    "public.candidate_csv": Route(read=PUBLIC),
    "public.bodies_search": Route(read=PUBLIC),
    "public.bodies_csv": Route(read=PUBLIC),
    "public.body_page": Route(read=PUBLIC),
    "public.body_csv": Route(read=PUBLIC),
    "changes.page": Route(read=PUBLIC),
    "changes.page_atom": Route(read=PUBLIC),
    "changes.page_csv": Route(read=PUBLIC),
    "results.result_csv": Route(read=PUBLIC),
    "slates.index": Route(read=PUBLIC),
    "slates.index_csv": Route(read=PUBLIC),
    "slates.compare": Route(read=PUBLIC),
    "slates.compare_csv": Route(read=PUBLIC),
    "slates.show": Route(read=PUBLIC, write=REFUSED, change=REFUSED),
    "slates.version": Route(read=PUBLIC, write=REFUSED, change=REFUSED),
    "slates.card": Route(read=PUBLIC),
    "slates.slate_csv": Route(read=PUBLIC),
    "static": Route(read=PUBLIC),
    # appeals: the public pages and the signing form are anyone's; a supporter's own data is whoever holds its link
    "appeals.index": Route(read=PUBLIC),
    "appeals.organisation": Route(read=PUBLIC),
    "appeals.show": Route(read=PUBLIC, write=PUBLIC, form={
        "name": "Sam Signer", "email": "sam@supporters.example", "consent_local_groups": "yes", "website": "",
        "started": "{started}"}, people=ROLES),  # (a refused signing shows what its signer typed)
    "appeals.confirm": Route(read=PUBLIC, write=PUBLIC, args={"token": "confirm"}),
    "appeals.my_data_request": Route(read=PUBLIC, write=PUBLIC, form={
        "email": "sue@supporters.example", "website": "", "started": "{started}"}, people=ROLES),  # (what they typed)
    "appeals.my_data": Route(read=PUBLIC, people=ROLES),  # the supporter's own, to whoever holds their link
    "appeals.withdraw_consent": Route(write=PUBLIC),
    "appeals.withdraw_signature": Route(write=PUBLIC),
    "appeals.erase": Route(write=PUBLIC, args={"token": "erase"}),  # each role erases a supporter of its own
    # the JSON API: reads only
    "api.openapi": Route(read=PUBLIC),
    "api.elections": Route(read=PUBLIC),
    "api.election_detail": Route(read=PUBLIC),
    "api.contests": Route(read=PUBLIC),
    "api.contest_detail": Route(read=PUBLIC),
    "api.ballot": Route(read=PUBLIC),
    "api.contest_candidates": Route(read=PUBLIC),
    "api.contest_nominations": Route(read=PUBLIC),
    "api.election_changes": Route(read=PUBLIC),
    "api.election_bodies": Route(read=PUBLIC),
    "api.body_detail": Route(read=PUBLIC),
    "api.bodies": Route(read=PUBLIC),
    "api.candidates": Route(read=PUBLIC),
    "api.candidate_detail": Route(read=PUBLIC),
    "slates_api.slates": Route(read=PUBLIC),
    "slates_api.slate": Route(read=PUBLIC, write=REFUSED, change=REFUSED),
    "results_api.count": Route(read=RULES["secretary of A (API)"]),  # a meeting's count is private to its body
    "appeals_api.appeal": Route(read=PUBLIC),  # counts and notices, never a signer
    "voices_api.pledges": Route(read=PUBLIC),
    "voices_api.questions": Route(read=PUBLIC, args={"contest": "deputy"}),
    "voices_api.listening": Route(read=PUBLIC, args={"slug": "eve"}),
    # accounts
    "accounts.login": Route(read=PUBLIC, write=PUBLIC, form={"email": "nobody@example.org", "password": "wrong"}),
    "accounts.logout": Route(write=LOGGED_IN, ends_session=True),
    "accounts.account": Route(read=LOGGED_IN),
    "accounts.change_password": Route(read=LOGGED_IN, write=LOGGED_IN, form={
        "current_password": "not it", "new_password": "a new long password", "new_password_again": "a new long password"}),
    # a one-time link sets its account's password, for whoever holds it while nobody else is logged in (the form
    # sent here is refused, so that the link still works for the cells after it)
    "accounts.set_password": Route(read=RULES["holder of the link, logged out"], write=RULES["holder of the link, logged out"],
                                   args={"token": "password_link"},
                                   form={"new_password": "a new long password", "new_password_again": "another one"}),
    # a secretary's nominations: body A's are for A's secretaries (and admins)
    "nominations.index": Route(read=SECRETARIES),
    "nominations.nominate": Route(read=SECRETARY_OF_A, write=SECRETARY_OF_A, args={"contest_id": "deputy_id"},
                                  form={"candidate": "{fay}", "nominated_at": "{meeting}", "votes_for": "12"}),
    "nominations.correct": Route(read=SECRETARY_OF_A, write=SECRETARY_OF_A,
                                 form={"nominated_at": "{meeting}", "votes_for": "10", "votes_total": "20"}),
    "nominations.withdraw": Route(read=SECRETARY_OF_A, write=SECRETARY_OF_A),
    # counts: a meeting's count is body A's; uploading for body A is for A's secretaries
    "results.count_new": Route(read=SECRETARIES, write=SECRETARY_OF_A,
                               form={"body": "{body_a}", "method": "irv", "blt_text": "{blt}"}),
    "results.count_show": Route(read=SECRETARY_OF_A),
    "results.count_csv": Route(read=SECRETARY_OF_A),
    "results.count_blt": Route(read=SECRETARY_OF_A),
    "results.count_withdraw": Route(write=ADMIN, form={"reason": "the wrong file"}),
    # slates: organisation X's editor is for X's organisers (and admins)
    "slates.organise": Route(read=ORGANISERS, write=ADMIN, form={"slug": "org-z", "name": "Organisation Z"}),
    "slates.draft": Route(read=ORGANISER_OF_X, write=ORGANISER_OF_X,
                          form={"title": "X's picks", "picks-leader": "Ben Brown > Ann Adams"}),
    "slates.publish": Route(write=ORGANISER_OF_X),
    # pledges: the pages are public; organisers, candidates and admins publish; X's pledge is X's organisers' (and
    # admins') to revise and to invite to; a candidate signs or declines for herself only (see ANOTHER_CANDIDATE);
    # an admin records a signature given elsewhere
    "pledges.index": Route(read=PUBLIC),
    "pledges.index_csv": Route(read=PUBLIC),
    "pledges.page": Route(read=PUBLIC),
    "pledges.pledge_csv": Route(read=PUBLIC),
    "pledges.new": Route(read=RULES["publishers of pledges"], write=RULES["publishers of pledges"], form={
        "title": "Fair debate", "text": "We debate fairly.", "contests": "{deputy}"}),
    "pledges.revise": Route(read=ORGANISER_OF_X, write=ORGANISER_OF_X, form={
        "text": "We campaign cleanly, always.", "how": "new", "version": "1"}),
    "pledges.invite": Route(write=ORGANISER_OF_X, form={"people": "{eve}"}),
    "pledges.decline": Route(write=CANDIDATE, args={"slug": "eve"}, form={"statement": "Not this one."}),
    "pledges.sign": Route(write=CANDIDATE, args={"slug": "eve"}),
    "pledges.record": Route(read=ADMIN, write=ADMIN, args={"slug": "fay_slug"}, form={"evidence": "https://fay.example"}),
    # members' questions: anyone asks (confirming by their link); X's organiser moderates Deputy's (named by an
    # admin), as do admins; a candidate answers for herself only
    "voices.questions": Route(read=PUBLIC, args={"contest": "deputy"}),
    "voices.ask": Route(read=PUBLIC, write=PUBLIC, args={"contest": "deputy"}, people=ROLES, form={
        "text": "Will you debate?", "name": "Cal Signer", "email": "cal@supporters.example", "website": "",
        "started": "{started}"}),
    "voices.asker_page": Route(read=PUBLIC, write=PUBLIC, args={"token": "asker"}, people=ROLES),
    "voices.moderate": Route(read=ORGANISER_OF_X, args={"contest": "deputy"}),
    "voices.moderate_act": Route(write=ORGANISER_OF_X, args={"contest": "deputy", "question_id": "waiting",
                                                             "act": "publish"}),
    "voices.name_moderator": Route(write=ADMIN, args={"contest": "deputy"}, form={"email": "org-y@example.org"}),
    "voices.answer": Route(write=CANDIDATE, args={"contest": "deputy", "slug": "eve"}, form={"text": "Listen first."}),
    # listening exercises: the page and its form are anyone's; the responses are the candidate's own
    "voices.listening_page": Route(read=PUBLIC, write=PUBLIC, args={"slug": "eve"}, people=ROLES, form={
        "name": "Dee Signer", "email": "dee@supporters.example", "role": "member", "answer_1": "Jobs", "website": "",
        "started": "{started}"}),
    "voices.listening_confirm": Route(read=PUBLIC, write=PUBLIC, args={"token": "response"}, people=ROLES),
    "candidate.desk": Route(read=CANDIDATE, write=CANDIDATE, form={"statement": "I stand for fairness.", "links": ""}),
    "candidate.new_exercise": Route(read=CANDIDATE, write=CANDIDATE, form={
        "title": "More listening", "questions": "What next?", "opens_at": "{meeting}", "closes_at": "{later}"}),
    "candidate.exercise_private": Route(read=CANDIDATE, people=("candidate",)),
    "candidate.export": Route(write=CANDIDATE, people=("candidate",)),
    # appeals' organisers: each publishes for their own organisation (an admin for none); X's signers and exports
    # are X's organisers' only: an admin sees the counts, not the people
    "appeal_organise.organise": Route(read=ORGANISERS),
    "appeal_organise.new": Route(read=RULES["organisers, not admins"], write=RULES["organisers, not admins"], form={
        "slug": "sign-up", "title": "Sign up", "privacy_url": "https://example.org/privacy", "contest": "",
        "suspension": ""}),
    "appeal_organise.signers": Route(read=ORGANISER_OF_X, people=("organiser_x",)),
    "appeal_organise.export": Route(read=ORGANISER_OF_X_ONLY, write=ORGANISER_OF_X_ONLY, form={"purpose": "own_use"},
                                    people=("organiser_x",)),
    "appeal_organise.act": Route(write=ORGANISER_OF_X_ONLY),
    # the procedures secretary's pages
    "admin.index": Route(read=ADMIN),
    "admin.queue": Route(read=ADMIN),
    "admin.decide": Route(write=ADMIN, form={"ids": "{nomination_b}", "action": "verify", "scope": "ticked"}),
    "admin.contest": Route(read=ADMIN),
    "admin.halt": Route(write=ADMIN, args={"contest_id": "deputy_id"}, form={"reason": "An appeal is heard"}),
    "admin.resume": Route(write=ADMIN, args={"contest_id": "deputy_id"}),
    "admin.history": Route(read=ADMIN),
    "admin.withdraw_candidacy": Route(write=ADMIN, args={"candidacy_id": "gil"}, form={"withdrawn_at": "{meeting}"}),
    "admin.suspensions": Route(read=ADMIN, write=ADMIN,
                               form={"person": "{unsuspended}", "starts_at": "{later}", "reason": "None published"}),
    "admin.end_suspension": Route(write=ADMIN, form={"ends_at": "{meeting}", "outcome": "lifted"}),
    "admin.add_candidate": Route(write=ADMIN, args={"contest_id": "deputy_id"}, form={"name": "Ivy Irwin", "woman": ""}),
    "admin.undo_withdrawal": Route(write=ADMIN, args={"candidacy_id": "hal"}, form={"reason": "Recorded in error"}),
    "admin.users": Route(read=ADMIN),
    "admin.create_user": Route(write=ADMIN, form={"email": "new@example.org", "role": "secretary", "bodies": "{code_b}"}),
    "admin.user": Route(read=ADMIN, write=ADMIN, form={"role": "secretary", "bodies": "{code_b}"}),
    "admin.password_link": Route(write=ADMIN),
    "admin.disable_user": Route(write=ADMIN),
    "admin.enable_user": Route(write=ADMIN),
    "accounts.invite_candidate": Route(read=ADMIN, write=ADMIN, form={"email": "fay@example.org", "person": "Fay Ford"}),
    "importing.page": Route(read=ADMIN),
    "importing.preview": Route(write=ADMIN, form={"kind": "bodies"}),  # (without a file: refused, saying so)
    "importing.confirm": Route(write=ADMIN, form={"token": "stale"}),
    "results.ballot_admin": Route(read=ADMIN, write=ADMIN, form={"ballot_hash": "stale"}),
    "results.result_admin": Route(read=ADMIN, write=ADMIN, form={"action": "add-round"}),
    "results.result_import": Route(write=ADMIN, form={"import-declared_at": ""}),
}
#: Routes asked a second time, for another candidate's things: Fay Ford has no account, so nobody may act for her.
ANOTHER_CANDIDATE = {
    "pledges.sign": Route(write=NOBODY, args={"slug": "fay_slug"}),
    "pledges.decline": Route(write=NOBODY, args={"slug": "fay_slug"}, form={"statement": "Not for her."}),
    "voices.answer": Route(write=NOBODY, args={"contest": "deputy", "slug": "fay_slug"}, form={"text": "Not hers."}),
}
CHANGE_METHODS = ("PUT", "PATCH", "DELETE")
#: A member of the public who gave their name (a supporter of an appeal, a question's asker, a listening exercise's
#: respondent), by name or by address: in the world they are all "<Name> Signer", "<name>@supporters.example".
SUPPORTER = re.compile(rb"@supporters\.example|\b[A-Z][a-z]+ Signer\b")


def methods_of(rule) -> set[str]:
    return set(rule.methods) - {"HEAD", "OPTIONS"}


def test_every_route_has_an_expectation(app):
    """A new route, or a new method on a route, fails here until ROUTES says who may use it."""
    missing = []
    for rule in app.url_map.iter_rules():
        route = ROUTES.get(rule.endpoint)
        wanted = {"GET": route and route.read, "POST": route and route.write}
        for method in sorted(methods_of(rule)):
            if not (wanted.get(method) if method in wanted else route and route.change):
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not missing, "add to ROUTES in tests/trust/test_access_matrix.py who may use: " + "; ".join(missing)
    unfilled = sorted({f"<{name}> in {rule.rule}" for rule in app.url_map.iter_rules() for name in rule.arguments
                       if name not in ARGS and name not in ROUTES[rule.endpoint].args})
    assert not unfilled, ("say which thing of the world (tests/trust/world.py) fills these URL variables, in ARGS or "
                          "in the route's args: " + "; ".join(unfilled))
    assert set(ROUTES) <= {rule.endpoint for rule in app.url_map.iter_rules()}, "ROUTES names a route that is gone"


# --- running the cells ----------------------------------------------------------------------------------


def value_of(world: World, key, role: str):
    """The world's thing a key names (one of its own for the role where the world keeps one per role)."""
    value = world.ids[key] if isinstance(key, str) and key in world.ids else key
    return value[role] if isinstance(value, dict) else value


def url_of(app, world: World, rule, role: str, route: Route | None = None) -> str:
    route = route or ROUTES[rule.endpoint]
    values = {}
    for name in rule.arguments:
        values[name] = value_of(world, route.args.get(name, ARGS[name]), role)
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def form_of(world: World, route: Route, role: str) -> dict:
    data = {name: value.format(**world.ids) for name, value in route.form.items()}
    return data | {"csrf_token": world.tokens[role]}


def audit_events(app) -> int:
    with app.app_context():
        return db.session.query(AuditEvent).count()


def outcome(response, method: str) -> str:
    """What the answer amounts to, in the words of the rules."""
    status = response.status_code
    if status == 302 and response.headers["Location"].split("?")[0].endswith("/login"):
        return LOGIN
    if status in (403, 405, 409):
        return str(status)
    if method == "GET":
        return OK if status == 200 else f"{status} (a read must answer 200)"
    if status in (200, 302, 303) or (status == 400 and b"CSRF" not in response.data):
        return OK
    return f"{status}"


def cells(app):
    """(rule, method, route, expectation) for every route and method, in a stable order, each route asked again
    for another candidate's things after it."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        for route in (ROUTES[rule.endpoint], ANOTHER_CANDIDATE.get(rule.endpoint)):
            for method in sorted(methods_of(rule)) if route else ():
                yield rule, method, route, {"GET": route.read, "POST": route.write}.get(method, route.change)


def test_every_role_gets_what_the_rule_says_on_every_route(app, capsys):
    with app.app_context():
        world = build(app)
    for role in ROLES:
        log_in(app, world, role)
    wrong, counted, writes_done = [], 0, 0
    for rule, method, route, expected in cells(app):
        for role in ROLES:
            url = url_of(app, world, rule, role, route)
            client = world.clients[role]
            before = audit_events(app) if method != "GET" else None
            data = form_of(world, route, role) if method != "GET" else None
            response = client.open(url, method=method, data=data)
            got = outcome(response, method)
            counted += 1
            if got != expected[role]:
                wrong.append(f"{method} {url} as {role}: expected {expected[role]}, got {got}")
            elif got == OK and role not in route.people and SUPPORTER.search(response.data):
                wrong.append(f"{method} {url} as {role} shows a supporter: "
                             f"{SUPPORTER.search(response.data).group().decode()}")
            elif method != "GET" and got != OK and audit_events(app) != before:
                wrong.append(f"{method} {url} as {role} was refused ({got}) but recorded a change")
            elif method != "GET" and got == OK and response.status_code in (302, 303):
                writes_done += 1
            if method != "GET" and route.ends_session and role != "anonymous":
                log_in(app, world, role)
    with capsys.disabled():
        print(f"\naccess matrix: {counted} cells ({len(ROUTES)} endpoints × {len(ROLES)} roles), "
              f"{writes_done} allowed writes carried out")
    assert not wrong, f"{len(wrong)} of {counted} cells wrong:\n" + "\n".join(wrong)
    assert counted >= 500


@pytest.fixture
def app(app_factory):
    """The app with its CSRF protection on, as in production: every write carries the role's real token.

    No application context is held around the requests: inside one, every request would share one `g`, and so
    one logged-in user and one CSRF token."""
    return app_factory(WTF_CSRF_ENABLED=True)
