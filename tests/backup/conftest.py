"""Backups: a second, empty database of each kind to restore into, a world with a row in every table, and what a
user can observe of it (verdicts, slates, the audit trail, accounts, appeals, pledges and the rows of the rest) to
compare before and after."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import _empty_all_tables, _migrated, make_app, postgresql_database


@pytest.fixture(scope="session")
def scratch_urls(request, tmp_path_factory):
    """A second database per backend for the whole run, to restore into; PostgreSQL's is dropped at the end."""
    sqlite = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('scratch') / 'scratch.db'}"}
    if request.config.pg_problem:
        yield sqlite
        return
    with postgresql_database("scratch") as url:
        yield {**sqlite, "postgresql": url}


@pytest.fixture
def scratch_app(backend, scratch_urls, request):
    """Make an app on the second database of a backend (this test's, unless named), migrated and empty; it is
    emptied again afterwards."""
    made = []

    def factory(kind: str | None = None):
        kind = kind or backend
        if kind not in scratch_urls:
            pytest.skip(f"PostgreSQL unavailable: {request.config.pg_problem}")
        app = make_app(scratch_urls[kind])
        if scratch_urls[kind] not in _migrated:
            from flask_migrate import upgrade

            with app.app_context():
                upgrade()
            _migrated.add(scratch_urls[kind])
        made.append(app)
        return app

    yield factory
    for app in made:
        _empty_all_tables(app)


def build_everything(directory) -> None:
    """A row in every table, made by the ordinary operations (so the audit trail is real), committed: the demo
    election part-way through its nominations, a halted and resumed contest, a second election whose ballot
    was frozen and whose result was declared and counted, accounts of every role, a slate in two versions and
    a draft, a signed pledge, and an appeal with signatures, consents, an export and an erasure."""
    from tests.conftest import PASSWORD
    from tests.results.conftest import build_world
    from tests.results.test_counts import SMALL_BLT
    from tests.results.test_declared import figures
    from tracker.accounts.operations import create_user, issue_password_link
    from tracker.candidates.models import Candidacy
    from tracker.demo.cli import load_demo
    from tracker.elections.operations import halt_contest, resume_contest
    from tracker.extensions import db
    from tracker.nominations.models import Nomination
    from tracker.nominations.operations import reject_nomination, verify_nomination
    from tracker.results import operations as results
    from tracker.rules.slates import Pick
    from tracker.slates.operations import publish_slate, save_draft
    from tracker.suspensions.operations import add_suspension, end_suspension
    from tracker.types import utcnow

    _, election, _ = load_demo(directory, scale=0.05)
    leader = election.contests[0]
    halt = halt_contest(leader, "The NEC is hearing a complaint", now=utcnow() - timedelta(hours=3))
    resume_contest(leader, now=halt.halted_at + timedelta(hours=1))
    submitted = db.session.scalars(select(Nomination).where(Nomination.status == "submitted")
                                   .order_by(Nomination.id)).all()
    verify_nomination(submitted[0])
    reject_nomination(submitted[1], "The meeting was not quorate")
    candidacies = db.session.scalars(select(Candidacy).where(Candidacy.contest_id == leader.id)
                                     .order_by(Candidacy.id)).all()
    names = [candidacy.person.name for candidacy in candidacies]
    suspension = add_suspension(candidacies[-1].person, utcnow() - timedelta(days=40), reason="none published")
    end_suspension(suspension, utcnow() - timedelta(days=35), "lifted")
    db.session.commit()

    closed = build_world()
    results.freeze_ballot(closed.contest, results.ballot_preview(closed.contest)[1])
    results.declare_result(closed.contest, figures())
    results.store_count(SMALL_BLT, "irv", contest=closed.contest, title="A trial count")

    create_user("admin@example.org", PASSWORD, "admin")
    secretary = create_user("secretary@example.org", PASSWORD, "secretary", ["CLP001", "CLP002"])
    issue_password_link(secretary)  # a one-time link to set a password, kept as its hash
    organiser = create_user("organiser@example.org", PASSWORD, "organiser", org_slug="grassroots-left")
    organisation = organiser.organisation
    slate = save_draft(organisation, election, {leader.slug: [Pick(names[0], (names[1], names[2]))]}, "Our picks")
    publish_slate(slate, organiser)
    save_draft(organisation, election, {leader.slug: [Pick(names[1], (names[0],))]}, "Our picks, revised")
    publish_slate(slate, organiser)
    save_draft(organisation, election, {leader.slug: [Pick(names[2])]}, "Still thinking")
    build_voices(organiser, election, leader, candidacies)
    db.session.commit()
    from tests.appeals.worlds import build_appeals

    build_appeals(organisation, contest=leader, suspension=suspension)
    _rules_beyond_the_basic_routes()


def build_voices(organiser, election, contest, candidacies) -> None:
    """A pledge in two versions (signed, declined, invited, recorded), a candidate's account, invitation and
    statement, a hustings moderator, a published question with an answer, a listening exercise with a confirmed
    response and its export."""
    from tests.conftest import PASSWORD
    from tracker.accounts.invitations import invite_candidate
    from tracker.accounts.operations import create_user
    from tracker.pledges import operations as pledges
    from tracker.types import utcnow
    from tracker.voices import listening
    from tracker.voices import operations as voices

    people = [c.person for c in candidacies]
    pledge = pledges.publish_pledge(election, "Clean campaign pledge", "I will campaign fairly.", [contest], organiser)
    pledges.invite(pledge, people[:4])
    pledges.sign(pledge, people[0])
    pledges.decline(pledge, people[1], "I sign no codes.")
    pledges.revise_pledge(pledge, "I will campaign fairly.\n\nI will support the winners.", in_place=False)
    pledges.sign(pledge, people[2], evidence="https://example.org/letter", recorded_by=organiser)
    candidate = create_user("candidate@example.org", PASSWORD, "candidate", person_name=people[0].name)
    invite_candidate("second@example.org", people[1].name, organiser)
    voices.save_statement(people[0], "I stand for **fairness**.", "Campaign https://example.org")
    voices.name_moderator(contest, organiser.email)
    asker = voices.suggest_question(contest, "What will you do first?", "A member", "member@example.org",
                                    confirmed_at=utcnow())
    voices.publish_question(asker.question)
    voices.answer_question(asker.question, people[0], "Listen.")
    exercise = listening.publish_exercise(people[0], "What went wrong?", ["What went wrong?"],
                                          utcnow() - timedelta(days=1), utcnow() + timedelta(days=10))
    listening.respond(exercise, "B Member", "b@example.org", "member", "", ["Everything"], True, confirmed_at=utcnow())
    listening.export_rows(exercise, candidate)


def _rules_beyond_the_basic_routes() -> None:
    """A declared kind and a timetable amendment (the rows of the rules beyond the basic routes), as a definition
    file gives them, committed."""
    from tests.imports.test_rules_beyond_basic_routes import DEFINITION
    from tracker.extensions import db
    from tracker.imports.election_toml import load_election

    load_election(DEFINITION, "rules.toml")
    db.session.commit()


def observed(as_of) -> dict:
    """What users rely on, as plain data: every contest judged (now and at each of its stage closes), every slate
    version resolved, every audit event, every account, every appeal, every pledge with each candidate's standing,
    and the rows of everything else the world holds (`rows_observed`)."""
    from tracker.accounts.models import User
    from tracker.audit.models import AuditEvent
    from tracker.ballot.judging import judge_all
    from tracker.ballot.serialize import candidate_json
    from tracker.elections.models import Contest
    from tracker.extensions import db
    from tracker.slates.models import Slate, SlateVersion
    from tracker.slates.services import resolve_version, slate_json

    contests = db.session.scalars(select(Contest).order_by(Contest.id)).all()
    moments = sorted({as_of} | {stage.closes_at for contest in contests for stage in contest.stages})
    verdicts = {}
    for moment in moments:
        for contest_id, judged in judge_all(contests, moment).items():
            verdicts[(contest_id, moment)] = {
                "contest": f"{judged.election.slug}/{judged.contest.slug}",
                "stage": (judged.state.key, judged.state.label, judged.state.halted),
                "frozen": judged.frozen,
                "on_ballot": list(judged.verdict.on_ballot),
                "candidates": [candidate_json(verdict) for verdict in judged.verdict.candidates],
            }
    versions = db.session.scalars(select(SlateVersion).order_by(SlateVersion.id)).all()
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    users = db.session.scalars(select(User).order_by(User.id)).all()
    return {
        "verdicts": verdicts,
        "slates": [slate_json(version, resolve_version(version, as_of)) for version in versions],
        "drafts": [(slate.title, slate.draft) for slate in db.session.scalars(select(Slate).order_by(Slate.id))],
        "audit": [{column.key: getattr(event, column.key) for column in AuditEvent.__table__.columns}
                  for event in events],
        "accounts": [(user.id, user.email, user.role, user.password_hash, [body.code for body in user.bodies],
                      user.organisation.slug if user.organisation else None) for user in users],
        "appeals": appeals_observed(as_of),
        "pledges": pledges_observed(),
        "rows": rows_observed(),
    }


def pledges_observed() -> list[dict]:
    """Each pledge as its public page and CSV show it (who published it, the contests it concerns, every version's
    text, each candidate's one standing), and the acts behind the standings: who was asked to sign, signed or
    declined which version, when, with what statement or evidence, recorded by whom."""
    from tracker.extensions import db
    from tracker.pledges import services
    from tracker.pledges.models import Pledge, PledgeDecline, PledgeInvitation, PledgeSignature

    pledges = list(db.session.scalars(services.pledge_query().order_by(Pledge.id)))
    standings = services.standings(pledges)

    def acts(pledge, model, *names):
        return [(act.id, act.version.number, act.person.name, *(getattr(act, name) for name in names))
                for act in db.session.scalars(select(model).where(model.pledge_id == pledge.id).order_by(model.id))]

    return [{
        "pledge": (pledge.id, pledge.election.slug, pledge.slug, pledge.title,
                   pledge.organisation.slug if pledge.organisation else None,
                   pledge.proposed_by.name if pledge.proposed_by else None, pledge.published_by_id, pledge.published_at),
        "contests": [contest.slug for contest in pledge.contests],
        "versions": [(version.number, version.text, version.published_at) for version in pledge.versions],
        "standings": [(s.contest.slug, s.person.name, s.state.value, s.version, s.at, s.invited_at, s.statement,
                       s.evidence, s.outdated) for s in standings[pledge.id]],
        "invited": acts(pledge, PledgeInvitation, "invited_at"),
        "signed": acts(pledge, PledgeSignature, "signed_at", "evidence", "recorded_by_id"),
        "declined": acts(pledge, PledgeDecline, "declined_at", "statement"),
    } for pledge in pledges]


def _rows_observed_models() -> tuple:
    """What the world builder makes that the other observations see only in part or not at all: halts and
    suspensions with their reasons, the rules beyond the basic routes, frozen ballots, declared results and stored
    counts, one-time password links, candidates' statements, hustings moderators, members' questions with their
    askers and answers, listening exercises with their responses and exports, supporters, their "my data" links,
    appeal signatures and erasures."""
    from tracker import models as m
    from tracker.elections.models import ElectionKind, StageAmendment  # not among tracker.models' names

    return (m.ContestHalt, m.Suspension, ElectionKind, StageAmendment, m.BallotSnapshot, m.DeclaredResult,
            m.StoredCount, m.PasswordLink, m.CandidateStatement, m.HustingsModerator, m.Question, m.QuestionAsker,
            m.Answer, m.ListeningExercise, m.ListeningResponse, m.ListeningExport, m.Supporter, m.SupporterLink,
            m.Signature, m.Erasure)


def rows_observed() -> dict[str, list[dict]]:
    """Every row of the `_rows_observed_models()` tables as the app reads it (through its models: times aware, JSON
    parsed, booleans as booleans), by table and id."""
    from tracker.extensions import db

    return {model.__tablename__: [{column.key: getattr(row, column.key) for column in model.__table__.columns}
                                  for row in db.session.scalars(select(model).order_by(model.id))]
            for model in _rows_observed_models()}


def appeals_observed(as_of) -> list:
    """Each appeal's public answer and its consent events and share ledger, as the organiser sees them."""
    from tracker.appeals.api import appeal_json
    from tracker.appeals.models import Appeal, ConsentEvent, ShareExport, Signature
    from tracker.extensions import db

    return [(appeal_json(appeal, as_of),
             [(e.supporter_id, e.consent_text.hash, e.kind, e.at) for e in db.session.scalars(
                 select(ConsentEvent).where(ConsentEvent.signature_id.in_(
                     select(Signature.id).where(Signature.appeal_id == appeal.id))).order_by(ConsentEvent.id))],
             [(x.at, x.purpose, x.filter, x.count, x.recipients, [(en.name, en.email) for en in x.entries])
              for x in db.session.scalars(select(ShareExport).where(ShareExport.appeal_id == appeal.id))])
            for appeal in db.session.scalars(select(Appeal).order_by(Appeal.id))]
