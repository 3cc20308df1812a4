"""A site with something on every page, for the browser tests: the small demo (nominations open) plus a small
contest that is over (its ballot frozen, a count stored, the result declared), a published slate and a draft,
and one account per role."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.factories import create_candidate, create_contest, create_nomination
from tests.results.conftest import build_world
from tracker.accounts.operations import create_user, issue_password_link
from tracker.appeals import operations as appeals
from tracker.appeals.demo import ORGANISATION as DEMO_APPEALS
from tracker.appeals.demo import load_demo_appeals
from tracker.appeals.models import Appeal, Signature, Supporter
from tracker.bodies.models import NominatingBody
from tracker.candidates.models import Candidacy
from tracker.demo.cli import load_demo
from tracker.elections.models import Contest, Election
from tracker.extensions import db
from tracker.mail.links import hash_token
from tracker.nominations.models import Nomination
from tracker.pledges.models import Pledge
from tracker.results import operations as results
from tracker.results.figures import DeclaredFigures, parse_result_csv
from tracker.rules.slates import Pick
from tracker.slates.models import Organisation
from tracker.slates.operations import create_organisation, publish_slate, save_draft
from tracker.suspensions.models import Suspension
from tracker.vocabulary import BodyKind, NominationStatus
from tracker.voices import listening
from tracker.voices import operations as voices
from tracker.voices.models import ListeningExercise

DEMO_SCALE = 0.05  # 20 MPs and 33 CLPs: every kind of page of the demo, quickly
ADMIN, SECRETARY, ORGANISER = "admin@example.org", "secretary@example.org", "organiser@example.org"
CANDIDATE = "candidate@example.org"
ORGANISATION = "grassroots-left-alliance-for-a-democratic-party"  # long, as real slugs can be

#: The ballot paper of the closed contest (Adams, Brown and Clark on its ballot): Brown elected on Clark's papers.
BLT = '3 1\n4 1 2 0\n3 2 1 0\n2 3 2 0\n0\n"Ann Adams"\n"Ben Brown"\n"Cat Clark"\n"Town 1 CLP meeting"\n'
RESULT_CSV = """round,candidate,votes,status
1,Ann Adams,450,
1,Ben Brown,350,
1,Cat Clark,200,excluded
2,Ann Adams,560,elected
2,Ben Brown,400,
2,non-transferable,40,
"""


#: Contests of the closed election whose ballots an admin has yet to freeze: (slug, title, candidates).
TO_FREEZE = (("deputy", "Deputy Leader", ("Eve Evans", "Fay Ford")),
             ("treasurer", "Treasurer", ("Gus Grant", "Hal Hunt")))


@dataclass
class Site:
    """What the pages of the site are about, by the names the URL rules use."""

    election: str  #: the demo's slug (nominations open)
    contests: list[str]
    stages: dict[tuple[str, str], list[str]]  #: (election, contest) -> stage keys, with ballot and result
    closed_election: str  #: the election whose contest is over
    closed_contest: str
    candidate: str  #: a person's slug (a demo candidate with nominations)
    suspended: str  #: the demo's suspended candidate
    body: str  #: the secretary's CLP code
    body_id: int
    mp: str
    organisation: str = ORGANISATION
    contest_ids: list[int] = field(default_factory=list)
    candidacy_id: int = 0
    count_id: int = 0
    open_contest_id: int = 0  #: a contest the secretary's body may still nominate in
    open_contest_title: str = ""
    closed_title: str = ""  #: the closed election's title
    leader_names: list[str] = field(default_factory=list)  #: the demo's candidates for Leader
    to_freeze: list[int] = field(default_factory=list)  #: ids of closed contests whose ballot is not yet frozen
    submitted_id: int = 0  #: a submitted nomination of the secretary's body (correctable)
    accounts: dict[str, str] = field(default_factory=dict)  #: role -> email
    appeal: str = ""  #: an appeal of the organiser's organisation, with a signature waiting to be confirmed
    appeal_organisation: str = ""  #: the demo's appeals' organisation
    demo_appeals: list[str] = field(default_factory=list)
    confirm_token: str = ""  #: the waiting signature's confirmation link's token
    my_data_token: str = ""  #: its supporter's "my data" link's token
    password_token: str = ""  #: a one-time link for an account that has not set its password
    user_id: int = 0  #: an account an admin looks at
    pledge: str = ""  #: the demo's pledge
    listener: str = ""  #: the slug of the candidate running the demo's listening exercise (the candidate account's)
    exercise: str = ""
    asker_token: str = ""  #: the link of a member who asked a question
    response_token: str = ""  #: the link of a listening exercise's respondent


def build_site(directory: Path) -> Site:
    """Make the site, committed (the server's threads read what was committed)."""
    demo, election, _ = load_demo(directory, scale=DEMO_SCALE)
    db.session.flush()
    contests = list(election.contests)
    leader = contests[0]

    body = _secretary_body(election)
    submitted = db.session.scalars(select(Nomination).where(
        Nomination.body_id == body.id, Nomination.status == NominationStatus.SUBMITTED)).first()
    nominated_in = set(db.session.scalars(select(Nomination.contest_id).where(
        Nomination.body_id == body.id, Nomination.status.in_([NominationStatus.SUBMITTED, NominationStatus.VERIFIED]))))
    open_contest = next(c for c in contests[:2] if c.id not in nominated_in)

    candidacies = db.session.scalars(select(Candidacy).where(Candidacy.contest_id == leader.id)).all()
    candidate = max(candidacies, key=lambda c: db.session.scalar(
        select(db.func.count()).select_from(Nomination).where(Nomination.candidacy_id == c.id)))
    suspension = db.session.scalars(select(Suspension)).first()
    mp = db.session.scalars(select(NominatingBody).where(
        NominatingBody.election_id == election.id, NominatingBody.kind == BodyKind.MP,
    ).order_by(NominatingBody.code)).first()

    organisation = create_organisation(ORGANISATION, "Grassroots Left Alliance for a Democratic Party")
    names = {c.slug: [cand.person.name for cand in db.session.scalars(
        select(Candidacy).where(Candidacy.contest_id == c.id).order_by(Candidacy.id))] for c in contests}
    picks = {slug: [Pick(people[0], tuple(people[1:3])), Pick(people[3], (people[4],))]
             for slug, people in names.items()}
    publish_slate(save_draft(organisation, election, picks, "Our recommendations for the leadership elections"))
    picks["leader"] = [Pick(names["leader"][1], (names["leader"][2],))]
    save_draft(organisation, election, picks)  # a draft that differs from what is published

    db.session.commit()
    closed = build_world()  # committed
    closed_bodies = db.session.scalars(select(NominatingBody).where(
        NominatingBody.election_id == closed.election.id).order_by(NominatingBody.code)).all()
    to_freeze = [_closed_contest(closed, closed_bodies, position, slug, title, names)
                 for position, (slug, title, names) in enumerate(TO_FREEZE, start=1)]
    _, digest = results.ballot_preview(closed.contest)
    results.freeze_ballot(closed.contest, digest)
    stored = results.store_count(BLT, "irv", contest=closed.contest, title="Leader: the members' ballot")
    rounds, problems = parse_result_csv(RESULT_CSV)
    assert not problems, problems
    results.declare_result(closed.contest, DeclaredFigures(rounds=rounds, valid_votes=1000, rejected_votes=12,
                                                           electorate=2000, turnout=1012))

    create_user(ADMIN, PASSWORD, "admin")
    create_user(SECRETARY, PASSWORD, "secretary", [body.code])
    organiser = create_user(ORGANISER, PASSWORD, "organiser", org_slug=ORGANISATION)
    invited = create_user("invited@example.org", None, "secretary", [body.code])
    password_token = issue_password_link(invited)

    appeal = appeals.publish_appeal(
        organisation, slug="sign-up", title="Sign up to the alliance's mailing list", privacy_url="https://example.org/privacy",
        text="Hear from us about the **elections**.", target=100,
        consents=[("local_groups", "We may share your name and email with local groups.", "local groups")])
    db.session.flush()
    appeals.sign(appeal, name="Ada Signer", email="ada@example.org", ticked={"local_groups"})
    db.session.flush()
    confirm_token = "sample-confirmation-token"
    signature = db.session.scalar(select(Signature).where(Signature.appeal_id == appeal.id))
    signature.confirm_token_hash = hash_token(confirm_token)
    my_data_token = appeals.my_data_link(db.session.get(Supporter, signature.supporter_id)).rsplit("/", 1)[1]
    load_demo_appeals(election, demo.suspended[1], signatures=(60, 30))
    exercise = db.session.scalars(select(ListeningExercise)).first()
    create_user(CANDIDATE, PASSWORD, "candidate", person_name=exercise.person.name)
    asker = voices.suggest_question(leader, "What would you change first?", "Sam Asker", "asker@example.org")
    asker.token_hash = hash_token(asker_token := "sample-asker-token")
    response = listening.respond(exercise, "Rae Respondent", "rae@example.org", "member", "", ["More meetings."], True)
    response.token_hash = hash_token(response_token := "sample-response-token")
    demo_appeals = db.session.scalars(select(Appeal.slug).join(Appeal.organisation).where(
        Organisation.slug == DEMO_APPEALS[0]).order_by(Appeal.slug)).all()
    db.session.commit()

    site = Site(
        election=election.slug,
        contests=[c.slug for c in contests],
        stages={(election.slug, c.slug): [*(s.key for s in c.stages), "ballot", "result"] for c in contests},
        closed_election=closed.election.slug,
        closed_contest=closed.contest.slug,
        candidate=candidate.person.slug,
        suspended=suspension.person.slug,
        body=body.code,
        body_id=body.id,
        mp=mp.code,
        contest_ids=[c.id for c in contests] + [closed.contest.id],
        candidacy_id=candidate.id,
        count_id=stored.id,
        open_contest_id=open_contest.id,
        open_contest_title=open_contest.title,
        to_freeze=[c.id for c in to_freeze],
        closed_title=closed.election.title,
        leader_names=names[leader.slug],
        submitted_id=submitted.id,
        accounts={"admin": ADMIN, "secretary": SECRETARY, "organiser": ORGANISER, "candidate": CANDIDATE},
        appeal=appeal.slug,
        appeal_organisation=DEMO_APPEALS[0],
        demo_appeals=list(demo_appeals),
        confirm_token=confirm_token,
        my_data_token=my_data_token,
        password_token=password_token,
        user_id=organiser.id,
        pledge=db.session.scalars(select(Pledge.slug)).first(),
        listener=exercise.person.slug,
        exercise=exercise.slug,
        asker_token=asker_token,
        response_token=response_token,
    )
    site.stages[closed.election.slug, closed.contest.slug] = ["clp", "ballot", "result"]
    db.session.remove()
    return site


def _secretary_body(election: Election) -> NominatingBody:
    """A CLP with a submitted nomination somewhere and no nomination yet in Leader or in Deputy Leader."""
    clps = db.session.scalars(select(NominatingBody).where(
        NominatingBody.election_id == election.id, NominatingBody.kind == BodyKind.CLP).order_by(NominatingBody.code))
    for clp in clps:
        nominations = db.session.scalars(select(Nomination).where(Nomination.body_id == clp.id))
        statuses = {(n.contest_id, n.status) for n in nominations}
        active_contests = {c for c, s in statuses if s in (NominationStatus.SUBMITTED, NominationStatus.VERIFIED)}
        if any(s == NominationStatus.SUBMITTED for _, s in statuses) and len(active_contests & {
                c.id for c in election.contests[:2]}) < 2:
            return clp
    raise AssertionError("the demo has no CLP with a submitted nomination and a contest still to nominate in")


def _closed_contest(closed, bodies, position: int, slug: str, title: str, names) -> Contest:
    """A contest of the closed election whose candidates met its one stage, two CLPs each."""
    stage = dict(key="clp", title="Nominations from CLPs", opens_at=closed.closes_at - timedelta(days=20),
                 closes_at=closed.closes_at, routes=[dict(kind="clp", count=2)])
    contest = create_contest(closed.election, slug=slug, title=title, stages=[stage], position=position)
    for i, name in enumerate(names):
        candidacy = create_candidate(contest, name)
        for body in bodies[2 * i:2 * i + 2]:
            create_nomination(candidacy, body, closed.closes_at - timedelta(days=10))
    db.session.commit()
    return contest
