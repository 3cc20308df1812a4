"""Generated input everywhere a user types: every field of every form, every cell of every CSV file, every query
parameter of every page. No answer is a 500, and no markup anyone stored or sent comes back as markup.

The markup check: `<b data-x>` is put into every field and cell (and reflected parameters); afterwards every
page of the app is read, as the admin and as a visitor, and no HTML or Atom answer may hold it unescaped.

Adding a form: add a line to FORMS (the route that posts it, who posts it, and what makes the rest of it sound).
A form class without one fails `test_every_form_is_fuzzed`. Examples per property: FUZZ_EXAMPLES (default 5).
"""
from __future__ import annotations

import csv
import html
import importlib
import io
import os
import pkgutil
import re
from dataclasses import dataclass, field

import pytest
from flask import url_for
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import ImmutableMultiDict

from tests.results.test_declared import GRID
from tests.trust.test_access_matrix import ARGS, OK, ROUTES, value_of
from tests.trust.world import ROLES, World, build, log_in

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
MARKER = "<b data-x>"
ESCAPED = "&lt;b data-x&gt;"

#: Values that have broken parsers before: huge and odd numbers, control characters, odd times, markup, quotes.
NASTY = (
    MARKER, "9" * 310, "-1", "0", "1e400", "NaN", "1,000", "\x00", "a\rb", "\r\n", " ", "", "١٢", "２０",
    "2026-02-30 25:61", "14/02/2026 17:00", "0001-01-01T00:00+14:00", "9999-12-31T23:59", "31/12/9999 23:59",
    "' OR 1=1 --", "\\", "%00", "../../etc/passwd", "x" * 3000, '"><script>alert(1)</script>',
    "[x](javascript:alert(1))", "javascript:alert(1)", "²",
)
#: Given to each field in turn (but free text, passwords, addresses and boxes), as the marker is: a digit that
#: str.isdigit() passes and int() refuses, and a number larger than any column holds.
NOT_NUMBERS = ("²", "9" * 25)
#: A link or a form that would run a script: no answer may hold one, whatever was typed.
SCRIPTED = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
VALUES = st.one_of(st.sampled_from(NASTY), TEXT, TEXT.map(lambda t: MARKER + t), st.integers().map(str))


def explore(strategy, action, examples: int = EXAMPLES) -> None:
    """Call `action` with `examples` values drawn from `strategy` (the same ones each run)."""

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(strategy)
    def explored(value):
        action(value)

    explored()


# --- forms ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    """How a form is posted: the route (URL variables as in the access matrix), by whom, what keeps the rest of
    the form sound (strings formatted with the world's names), fields it reads beyond its class's, files, and the
    URL variables of other routes that take the same form (`also`: each is given the same generated input)."""

    endpoint: str
    role: str
    args: dict = field(default_factory=dict)
    base: dict = field(default_factory=dict)
    extra: tuple = ()
    prefix: str = ""
    files: tuple = ()
    also: tuple = ()


FORMS = {
    "LoginForm": Post("accounts.login", "anonymous"),
    "PasswordForm": Post("accounts.change_password", "organiser_y"),
    "SetPasswordForm": Post("accounts.set_password", "anonymous", base={
        "new_password": "a new long password", "new_password_again": "a new long password"}),
    "NominationForm": Post("nominations.nominate", "secretary_a", {"contest_id": "deputy_id"},
                           {"candidate": "{fay}", "nominated_at": "{meeting}"}),
    "CorrectionForm": Post("nominations.correct", "secretary_a", base={"nominated_at": "{meeting}"}),
    "nominations.ConfirmForm": Post("nominations.withdraw", "secretary_b", {"nomination_id": "nomination_b"}),
    "DecideForm": Post("admin.decide", "admin", base={"ids": "{nomination_b}", "action": "reject", "scope": "ticked"}),
    "SuspensionForm": Post("admin.suspensions", "admin", base={"person": "{unsuspended}", "starts_at": "{later}"}),
    "EndSuspensionForm": Post("admin.end_suspension", "admin", base={"ends_at": "{meeting}", "outcome": "lifted"}),
    "WithdrawalForm": Post("admin.withdraw_candidacy", "admin", {"candidacy_id": "gil"}, {"withdrawn_at": "{meeting}"}),
    "CandidateForm": Post("admin.add_candidate", "admin", {"contest_id": "deputy_id"}, {"name": "Ivy Irwin {unique}"}),
    "UndoWithdrawalForm": Post("admin.undo_withdrawal", "admin", {"candidacy_id": "hal"}, {"reason": "In error"}),
    "HaltForm": Post("admin.halt", "admin"),
    "NewUserForm": Post("admin.create_user", "admin", base={"email": "new{unique}@example.org", "role": "organiser",
                                                            "new_organisation": "new-{unique}"}),
    "ScopeFields": Post("admin.user", "admin", base={"role": "secretary", "bodies": "{code_b}"}),
    "FreezeForm": Post("results.ballot_admin", "admin"),
    "ResultForm": Post("results.result_admin", "admin", base=GRID, extra=tuple(GRID)),
    "ResultImportForm": Post("results.result_import", "admin", prefix="import-", files=("csv_file",)),
    "CountForm": Post("results.count_new", "admin", base={"method": "irv", "blt_text": "{blt}", "body": "{body_a}"},
                      files=("blt_file",)),
    "WithdrawCountForm": Post("results.count_withdraw", "admin"),
    "UploadForm": Post("importing.preview", "admin", base={"kind": "bodies"}, files=("csv_file",)),
    "ConfirmImportForm": Post("importing.confirm", "admin"),
    "OrganisationForm": Post("slates.organise", "admin", base={"slug": "org-z", "name": "Organisation Z"}),
    "DraftForm": Post("slates.draft", "organiser_x", base={"title": "Picks", "picks-leader": "Ann Adams"},
                      extra=("picks-leader", "picks-deputy", "action")),
    "slates.PublishForm": Post("slates.publish", "organiser_x"),
    "SignForm": Post("appeals.show", "anonymous", base={"name": "Sam Signer", "email": "sam{unique}@supporters.example",
                                                        "started": "{started}"}, extra=("consent_local_groups",)),
    "MyDataForm": Post("appeals.my_data_request", "anonymous", base={"email": "sue@supporters.example",
                                                                     "started": "{started}"}),
    "ButtonForm": Post("appeal_organise.act", "organiser_x"),
    "appeals.PublishForm": Post("appeal_organise.new", "organiser_x", base={
        "slug": "appeal-{unique}", "title": "An appeal", "contest": "", "suspension": ""}),
    "ExportForm": Post("appeal_organise.export", "organiser_x", base={"purpose": "own_use"}),
    "CandidateInvitationForm": Post("accounts.invite_candidate", "admin", base={"email": "fay{unique}@example.org",
                                                                                "person": "Fay Ford"}),
    "PledgeForm": Post("pledges.new", "organiser_x", base={"title": "Pledge {unique}", "text": "We pledge.",
                                                            "contests": "{deputy}"}),
    "ReviseForm": Post("pledges.revise", "organiser_x", base={"text": "We pledge again.", "how": "new"}),
    "InviteForm": Post("pledges.invite", "organiser_x", base={"people": "{eve}"}),
    "pledges.AnswerForm": Post("pledges.decline", "candidate", {"slug": "eve"}),
    "RecordForm": Post("pledges.record", "admin", {"slug": "fay_slug"}, {"evidence": "https://fay.example"}),
    "StatementForm": Post("candidate.desk", "candidate", base={"statement": "I stand for fairness.", "links": ""}),
    "QuestionForm": Post("voices.ask", "anonymous", {"contest": "deputy"}, {
        "text": "Will you debate?", "name": "Cal Signer", "email": "cal{unique}@supporters.example",
        "started": "{started}"}),
    "ModerateForm": Post("voices.moderate_act", "organiser_x", {"contest": "deputy", "question_id": "waiting",
                                                                 "act": "reject"}, also=({"act": "merge"},)),
    "ModeratorForm": Post("voices.name_moderator", "admin", {"contest": "deputy"}, {"email": "org-y@example.org"}),
    "voices.AnswerForm": Post("voices.answer", "candidate", {"contest": "deputy", "slug": "eve"}, {"text": "Listen."}),
    "voices.ConfirmForm": Post("voices.asker_page", "anonymous", {"token": "asker"}),
    "ExerciseForm": Post("candidate.new_exercise", "candidate", base={
        "title": "Exercise {unique}", "questions": "What next?", "opens_at": "{meeting}", "closes_at": "{later}"}),
    "ResponseForm": Post("voices.listening_page", "anonymous", {"slug": "eve"}, {
        "name": "Dee Signer", "email": "dee{unique}@supporters.example", "role": "member", "answer_1": "Jobs",
        "started": "{started}"}, extra=("answer_1", "answer_2")),
}
#: Form classes that are only the base of others (their fields are fuzzed in each of those).
BASES = {"PublicForm"}


def form_classes() -> dict[str, type]:
    """Every FlaskForm the app defines, by class name (by feature and class name where two features share one)."""
    from flask_wtf import FlaskForm

    import tracker

    for module in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found, waiting = [], list(FlaskForm.__subclasses__())
    while waiting:
        form_class = waiting.pop()
        waiting.extend(form_class.__subclasses__())
        if (form_class.__module__.startswith("tracker.") and form_class.__name__ not in BASES
                and (field_names(form_class) or not form_class.__subclasses__())):
            found.append(form_class)  # (a base class without fields of its own is no form)
    names = [form_class.__name__ for form_class in found]
    return {name if names.count(name) == 1 else f"{form_class.__module__.split('.')[1]}.{name}": form_class
            for name, form_class in zip(names, found, strict=True)}


def field_names(form_class, prefix: str = "") -> list[str]:
    """The names a form's fields are posted under (a sub-form's fields as `<name>-<field>`)."""
    from wtforms import FormField
    from wtforms.fields.core import UnboundField

    names = []
    for name in dir(form_class):
        unbound = getattr(form_class, name)
        if isinstance(unbound, UnboundField):
            if issubclass(unbound.field_class, FormField):
                names += field_names(unbound.args[0] if unbound.args else unbound.kwargs["form_class"], f"{prefix}{name}-")
            else:
                names.append(prefix + name)
    return names


def read_as_text(form_class, name: str) -> bool:
    """Whether a field of the class is one that no code reads a number from (free text, a password, an address,
    a box): a field of a sub-form, or one the view reads beyond the class's, may be."""
    from wtforms import BooleanField, EmailField, PasswordField, TextAreaField
    from wtforms.fields.core import UnboundField

    unbound = getattr(form_class, name, None)
    return isinstance(unbound, UnboundField) and issubclass(
        unbound.field_class, (TextAreaField, PasswordField, EmailField, BooleanField))


def posted_fields(name: str, form_class) -> list[str]:
    post = FORMS[name]
    return [f for f in field_names(form_class, post.prefix) if f.removeprefix(post.prefix) not in post.files] + list(
        post.extra)


def test_every_form_is_fuzzed():
    missing = set(form_classes()) - set(FORMS)
    assert not missing, f"add to FORMS in tests/trust/test_generated_input.py how to post: {', '.join(sorted(missing))}"
    assert set(FORMS) <= set(form_classes()), f"FORMS names a form that is gone: {set(FORMS) - set(form_classes())}"


def url_for_world(app, world: World, endpoint: str, args: dict, role: str = "admin") -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {}
    for name in rule.arguments:
        values[name] = value_of(world, args.get(name, ROUTES[endpoint].args.get(name, ARGS[name])), role)
    with app.test_request_context():
        return url_for(endpoint, **values)


def unescaped(response) -> bool:
    """Whether an HTML or XML answer holds the marker as markup, or a link to a script."""
    kind = response.content_type or ""
    if "html" not in kind and "xml" not in kind:
        return False
    text = response.get_data(as_text=True)
    return MARKER in text or SCRIPTED.search(text) is not None


class Run:
    """Posts and gets through the world's clients, counting requests and collecting what went wrong."""

    def __init__(self, app, world: World):
        self.app, self.world, self.requests, self.wrong = app, world, 0, []

    def send(self, role: str, method: str, url: str, data=None, query=None):
        response = self.world.clients[role].open(url, method=method, data=data, query_string=query)
        self.requests += 1
        where = f"{method} {url} {query or ''} as {role} with {str(data)[:300]}"
        if response.status_code >= 500:
            self.wrong.append(f"{where}: {response.status_code}")
        elif unescaped(response):
            self.wrong.append(f"{where}: the answer holds {MARKER} unescaped, or a javascript: link")
        return response

    def post_form(self, name: str, values: dict, files: dict | None = None, args: dict | None = None):
        """Post a form: the sound values (`{unique}` in them a number of its own, for a slug or an address that
        must be new), then the values given, then the files; to its route, or with other URL variables (`args`)."""
        post = FORMS[name]
        names = self.world.ids | {"unique": self.requests}
        data = {key: value.format(**names) for key, value in post.base.items()} | values
        for file_field, text in (files or {}).items():
            data[post.prefix + file_field] = (io.BytesIO(text.encode("utf-8", "surrogatepass")), "upload.csv")
        url = url_for_world(self.app, self.world, post.endpoint, post.args | (args or {}), post.role)
        return self.send(post.role, "POST", url, data=data)


@pytest.fixture
def run(app_factory):
    """The world with every role logged in; no application context is held around the requests. (Every request
    comes from one address here: the public forms' limits per address are raised, so that each form is read.)"""
    app = app_factory(QUESTION_LIMIT_PER_ADDRESS="100000 per hour", LISTENING_LIMIT_PER_ADDRESS="100000 per hour")
    with app.app_context():
        world = build(app)
    for role in ROLES:
        log_in(app, world, role)
    return Run(app, world)


def csv_text(rows) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


#: A ballot file whose candidates and title carry the marker.
MARKED_BLT = '3 1\n4 1 2 0\n3 2 1 0\n2 3 2 0\n0\n"<b data-x>Ann"\n"<b data-x>Ben"\n"Cat <b data-x>"\n"<b data-x> meeting"\n'

#: A result CSV with generated cells (header kept, so that the rows are read).
RESULT_CSV = st.lists(st.lists(VALUES, min_size=1, max_size=5), min_size=1, max_size=4).map(
    lambda rows: csv_text([["round", "candidate", "votes", "status"], *rows]))


def test_generated_values_in_every_form_field_never_give_a_500_nor_come_back_as_markup(run):
    classes = form_classes()
    injected = 0
    for name in sorted(FORMS):
        fields = posted_fields(name, classes[name])
        files = {f: RESULT_CSV if f == "csv_file" else TEXT for f in FORMS[name].files}
        for args in ({}, *FORMS[name].also):
            for target in fields:  # the marker, then NOT_NUMBERS, in each field in turn, the rest sound
                run.post_form(name, {target: MARKER + "x"}, args=args)
                for value in () if read_as_text(classes[name], target.removeprefix(FORMS[name].prefix)) else NOT_NUMBERS:
                    run.post_form(name, {target: value}, args=args)
                injected += 1
            if name == "CountForm":  # and in the names and title a ballot file carries
                run.post_form(name, {"blt_text": MARKED_BLT, "body": "0"})
                injected += 1
            if not fields and not files:
                continue
            explore(st.tuples(st.fixed_dictionaries({}, optional={f: VALUES for f in fields}),
                              st.fixed_dictionaries({}, optional=files)),
                    lambda drawn, name=name, args=args: run.post_form(name, *drawn, args=args))
    crawled = crawl(run)
    print(f"\nforms: {len(FORMS)} forms, {injected} fields given markup and numbers no field takes, {run.requests} requests "
          f"({crawled} pages read back)")
    assert not run.wrong, "\n".join(run.wrong[:20])


# --- CSV files --------------------------------------------------------------------------------------------

#: The signed preview a confirmation sends back, as the preview page holds it.
CONFIRM_TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')

#: Each import file (as the web import names it): a sound value for every column it reads (generated cells
#: replace them).
CSV_FILES = {
    "bodies": {"code": "CLP900", "name": "Fuzz CLP", "kind": "clp", "region": "North", "is_union": "no",
               "members": "", "group": "North group", "person": ""},
    "candidates": {"contest": "deputy", "name": "Hal Hope", "woman": "no", "withdrawn_at": "", "incumbent": "no",
                   "body": "{code_a}", "consented_at": "{meeting}"},
    "nominations": {"contest": "deputy", "candidate": "Fay Ford", "body": "CLP003", "nominated_at": "{meeting}",
                    "status": "verified", "withdrawn_at": ""},
    "suspensions": {"person": "Eve Evans", "starts_at": "{later}", "ends_at": "", "reason": "None published"},
}


def test_every_csv_column_is_fuzzed():
    """Every column an import file may have (each group of columns its format declares) has a sound value."""
    import dataclasses

    from tracker.imports import csv_reading
    from tracker.imports.forms import KINDS

    assert set(KINDS) == set(CSV_FILES), f"add to CSV_FILES the import files {set(KINDS) - set(CSV_FILES)}"
    for kind, sound in CSV_FILES.items():
        fmt = getattr(csv_reading, kind.upper())
        columns = {column for group in dataclasses.fields(fmt) for column in getattr(fmt, group.name)}
        assert columns <= set(sound), f"add a sound value for {kind} columns {columns - set(sound)} to CSV_FILES"


def test_generated_cells_in_every_csv_file_are_imported_or_refused_whole_and_never_come_back_as_markup(run):
    """Each file goes through the admins' web import: its preview (which shows every row, or every problem) and,
    where the preview allows it, its confirmation. The file's name carries the marker too."""
    counted = {"imports": 0, "accepted": 0}
    url = url_for_world(run.app, run.world, "importing.preview", {})
    confirm_url = url_for_world(run.app, run.world, "importing.confirm", {})

    def load(kind: str, rows: list[dict]):
        sound = CSV_FILES[kind]
        text = csv_text([list(sound), *([row.get(c, "") for c in sound] for row in rows)])
        upload = (io.BytesIO(text.encode("utf-8", "surrogatepass")), f"{MARKER}{kind}.csv")
        counted["imports"] += 1
        preview = run.send("admin", "POST", url, data={"kind": kind, "csv_file": upload})
        token = CONFIRM_TOKEN.search(preview.get_data(as_text=True))
        if preview.status_code == 200 and token:
            confirmed = run.send("admin", "POST", confirm_url, data={"token": html.unescape(token.group(1))})
            counted["accepted"] += confirmed.status_code == 303
            if confirmed.status_code not in (303, 409):
                run.wrong.append(f"{kind} {rows}: previewed, but its confirmation answered {confirmed.status_code}")

    for kind, sound in CSV_FILES.items():
        base = {column: value.format(**run.world.ids) for column, value in sound.items()}
        for column in sound:  # the marker in each cell in turn, the rest sound
            load(kind, [base | {column: MARKER + base[column] if column in ("name", "person", "reason", "region",
                                                                             "group") else MARKER}])
        rows = st.fixed_dictionaries({}, optional={c: VALUES for c in sound}).map(lambda row, base=base: base | row)
        explore(st.lists(rows, min_size=1, max_size=3), lambda drawn, kind=kind: load(kind, drawn))
    crawled = crawl(run)
    print(f"\ncsv: {counted['imports']} imports ({counted['accepted']} accepted), {crawled} pages read back")
    assert not run.wrong, "\n".join(run.wrong[:20])


# --- query parameters -------------------------------------------------------------------------------------

#: Parameters every page is asked with as well as those it is seen to read.
KNOWN_PARAMETERS = ("as_of", "since", "q", "kind", "status", "contest", "candidate", "body", "stage", "page",
                    "per_page", "format", "rounds", "next")


class ReadArgs(ImmutableMultiDict):
    """Query arguments that note which names the app reads."""

    seen: set[str] = set()

    def get(self, key, *args, **kwargs):
        ReadArgs.seen.add(key)
        return super().get(key, *args, **kwargs)

    def getlist(self, key, *args, **kwargs):
        ReadArgs.seen.add(key)
        return super().getlist(key, *args, **kwargs)

    def __getitem__(self, key):
        ReadArgs.seen.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        ReadArgs.seen.add(key)
        return super().__contains__(key)


def readers(endpoint: str) -> list[str]:
    """Whom a page is read as: the visitor and the admin where they may; on a page for some roles only, the admin
    and the owner of the world's things (organiser of X, secretary of A, the candidate), who may see more than the
    admin does."""
    read = ROUTES[endpoint].read
    roles = [role for role in ("anonymous", "admin", "organiser_x", "secretary_a", "candidate") if read[role] == OK]
    return roles[:2] if read["secretary_b"] == OK else roles  # (a page for everyone logged in: the admin's is enough)


def read_urls(run: Run):
    """(role, url, rule) for every GET route, as each of its readers, and each page of every person, body,
    organisation, count, pledge, listening exercise and organisation X's appeal there is (as the first reader)."""
    from tracker.appeals.models import Appeal
    from tracker.bodies.models import NominatingBody
    from tracker.candidates.models import Person
    from tracker.extensions import db
    from tracker.pledges.models import Pledge
    from tracker.results.models import StoredCount
    from tracker.slates.models import Organisation
    from tracker.voices.models import ListeningExercise

    with run.app.app_context():
        every = {
            "slug": db.session.scalars(select(Person.slug)).all(),
            "code": db.session.scalars(select(NominatingBody.code)).all(),
            "organisation": db.session.scalars(select(Organisation.slug)).all(),
            "count_id": db.session.scalars(select(StoredCount.id)).all(),
            "appeal": db.session.scalars(select(Appeal.slug).join(Appeal.organisation).where(
                Organisation.slug == run.world.ids["org_x"]).order_by(Appeal.id)).all(),
            "pledge": db.session.scalars(select(Pledge.slug).order_by(Pledge.id)).all(),
            "exercise": db.session.scalars(select(ListeningExercise.slug).order_by(ListeningExercise.id)).all(),
        }
    for rule in run.app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        roles = readers(rule.endpoint)
        for role in roles:
            yield role, url_for_world(run.app, run.world, rule.endpoint, {}, role), rule
        for name in set(rule.arguments) & set(every):
            for value in every[name][-10:]:  # the newest: those the generated input made
                yield roles[0], url_for_world(run.app, run.world, rule.endpoint, {name: value}, roles[0]), rule


def crawl(run: Run) -> int:
    """Read back every page that answers HTML or Atom (the JSON and CSV answers cannot hold markup)."""
    pages = 0
    for role, url, rule in read_urls(run):
        if rule.endpoint.split(".")[0] in ("api", "slates_api", "results_api", "appeals_api", "voices_api") or url.endswith((".csv", ".blt")):
            continue
        run.send(role, "GET", url)
        pages += 1
    return pages


def test_generated_query_parameters_on_every_page_never_give_a_500_nor_come_back_as_markup(run):
    app = run.app
    app.request_class = type("ReadingRequest", (app.request_class,), {"parameter_storage_class": ReadArgs})
    names = set(KNOWN_PARAMETERS)
    seen_routes, discovered = set(), set()
    for role, url, rule in read_urls(run):
        if rule.endpoint in seen_routes:  # each route once: as its first reader (a visitor where it is public)
            continue
        seen_routes.add(rule.endpoint)
        ReadArgs.seen = set()
        run.send(role, "GET", url)
        read = ReadArgs.seen - {"csrf_token"}
        discovered |= read
        examples = max(2, EXAMPLES // 2) if read else 1  # a page that reads no parameter is asked once with some
        explore(st.dictionaries(st.sampled_from(sorted(read | set(KNOWN_PARAMETERS))), VALUES, max_size=4),
                lambda drawn, role=role, url=url: run.send(role, "GET", url, query=drawn), examples)
    print(f"\nquery parameters: {len(names | discovered)} names ({len(discovered)} seen read) over {len(seen_routes)} "
          f"routes, {run.requests} requests")
    assert not run.wrong, "\n".join(run.wrong[:20])
