"""The world the trust tests attack: two bodies, two organisations, seven roles, and a thing of each kind.

Body A (CLP001, "Town 1 CLP") and body B (CLP002) each have a secretary; organisations X and Y each have an
organiser and a published slate; a candidate, Eve Evans (Deputy Leader), has her own account; there is an admin,
and an anonymous visitor. Leader's nominations have
closed, its ballot is frozen and its result declared; Deputy's CLP nominations are open, with one nomination
logged by each body. There is a count of body A's meeting (private to A), a suspension, and a spare account.
Organisation X has an appeal asking one consent, signed by a supporter whose confirmation link (`confirm`) and "my
data" link (`my_data`) the world knows; an invited account has a one-time link to set its password
(`password_link`). Organisation X has published a pledge (`pledge`) to which Eve and Fay Ford are invited, and its
organiser moderates Deputy's questions: one is published (`question`), one confirmed and waiting (`waiting`), its
asker's link known (`asker`). Eve has an open listening exercise (`exercise`) with a response whose link is known
(`response`). Every member of the public in the world is "<Name> Signer" at supporters.example. Links that one use spends (erasing one's data) are one per role: `World.ids` holds a dict by
role for those.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from tests.conftest import PASSWORD
from tests.factories import create_candidate, create_contest, create_nomination, create_suspension
from tests.results.conftest import build_world
from tests.results.test_counts import SMALL_BLT
from tests.results.test_declared import figures
from tracker.extensions import db
from tracker.times import local_iso
from tracker.types import utcnow

#: The seven roles, in the order the matrix asks them (refused roles first, so that an allowed write changes
#: nothing that a refusal is checked against).
ROLES = ("anonymous", "secretary_b", "organiser_y", "organiser_x", "secretary_a", "candidate", "admin")
EMAILS = {
    "secretary_a": "sec-a@example.org", "secretary_b": "sec-b@example.org", "organiser_x": "org-x@example.org",
    "organiser_y": "org-y@example.org", "candidate": "eve@example.org", "admin": "admin@example.org",
}
ZONE = "Europe/London"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@dataclass
class World:
    """Names the matrix fills URLs and forms from (`ids`), and one logged-in client per role (`clients`)."""

    ids: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)


def build(app) -> World:
    """Build the world in the database (committed) and return its names; log nobody in yet."""
    from tracker.accounts.operations import create_user, issue_password_link
    from tracker.appeals import operations as appeals
    from tracker.appeals.models import Signature, Supporter
    from tracker.mail.links import new_token
    from tracker.pledges import operations as pledges
    from tracker.results import operations as results
    from tracker.slates import operations as slates
    from tracker.slates.forms import parse_picks
    from tracker.voices import listening
    from tracker.voices import operations as voices
    from tracker.web.public_forms import stamp

    leader = build_world()  # Ann Adams, Ben Brown, Cat Clark on Leader's ballot; Dan Dunn not
    body_a, body_b = leader.body, leader.other_body
    _, digest = results.ballot_preview(leader.contest)
    results.freeze_ballot(leader.contest, digest)
    results.declare_result(leader.contest, figures())
    now = utcnow().replace(second=0, microsecond=0)
    deputy = create_contest(leader.election, slug="deputy", title="Deputy Leader", seats=2, stages=[
        dict(key="clp", title="Nominations from CLPs", opens_at=now - timedelta(days=3),
             closes_at=now + timedelta(days=7), routes=[dict(kind="clp", count=2)]),
    ])
    eve, fay = create_candidate(deputy, "Eve Evans", woman=True), create_candidate(deputy, "Fay Ford", woman=True)
    gil = create_candidate(deputy, "Gil Green")
    hal = create_candidate(deputy, "Hal Hill", withdrawn_at=now - timedelta(days=2))
    nomination_a = create_nomination(eve, body_a, now - timedelta(days=1), status="submitted")
    nomination_b = create_nomination(eve, body_b, now - timedelta(days=1), status="submitted")
    suspension = create_suspension(leader.candidacies["Dan Dunn"].person, now - timedelta(days=30))
    organisations = {}
    for slug, name in (("org-x", "Organisation X"), ("org-y", "Organisation Y")):
        organisation = organisations[slug] = slates.create_organisation(slug, name)
        slate = slates.save_draft(organisation, leader.election, {"leader": parse_picks("Ann Adams > Ben Brown")})
        slates.publish_slate(slate)
    users = {role: create_user(email, PASSWORD, role.split("_")[0],
                               {"secretary_a": [body_a.code], "secretary_b": [body_b.code]}.get(role, ()),
                               {"organiser_x": "org-x", "organiser_y": "org-y"}.get(role),
                               person_name="Eve Evans" if role == "candidate" else None)
             for role, email in EMAILS.items()}
    spare = create_user("spare@example.org", PASSWORD, "secretary", [body_b.code])
    invited = create_user("invited@example.org", None, "secretary", [body_b.code])
    password_link = issue_password_link(invited)
    appeal = appeals.publish_appeal(
        organisations["org-x"], slug="halt", title="Halt the count",
        petitioning="the NEC", text="We ask the **NEC** to halt.", target=10, privacy_url="https://x.example/privacy",
        consents=[("local_groups", "Share my details with local groups.", "local groups of X")])
    signers = {}
    for who in ("sue", *ROLES):  # Sue's links are shared by every role; each role erases a supporter of its own
        appeals.sign(appeal, name=f"{who.title()} Signer", email=f"{who}@supporters.example", ticked={"local_groups"})
        db.session.flush()
        supporter_id = db.session.query(Signature).order_by(Signature.id.desc()).first().supporter_id
        signers[who] = appeals.my_data_link(db.session.get(Supporter, supporter_id)).rsplit("/", 1)[-1]
    signature = db.session.query(Signature).order_by(Signature.id).first()
    confirm, signature.confirm_token_hash = new_token()  # (the link's own token went only into a mail)
    pledge = pledges.publish_pledge(leader.election, "Clean campaign", "We campaign **cleanly**.", [deputy],
                                    users["organiser_x"], slug="clean")
    pledges.invite(pledge, [eve.person, fay.person])
    voices.name_moderator(deputy, EMAILS["organiser_x"])
    asked, questions = {}, {}
    for who in ("ann", "bob"):  # Ann's question is published; Bob's, confirmed, waits for the moderator
        asker = voices.suggest_question(deputy, f"What would you do first, {who}?", f"{who.title()} Signer",
                                        f"{who}@supporters.example", confirmed_at=now)
        asked[who], asker.token_hash = new_token()
        db.session.flush()
        questions[who] = asker.question
        if who == "ann":
            voices.publish_question(asker.question)
    exercise = listening.publish_exercise(eve.person, "Listening to members", ["What matters most?", "And then?"],
                                          now - timedelta(days=1), now + timedelta(days=10), slug="listening")
    response = listening.respond(exercise, "Rae Signer", "rae@supporters.example", "member", "", ["Housing", ""],
                                 may_publish=False, confirmed_at=now)
    heard, response.token_hash = new_token()
    count_a = results.store_count(SMALL_BLT, "irv", body=body_a, title="Town 1 CLP meeting")
    db.session.commit()
    return World(ids={
        "election": leader.election.slug, "leader": leader.contest.slug, "deputy": deputy.slug,
        "leader_id": leader.contest.id, "deputy_id": deputy.id, "stage": "clp", "table": "progress",
        "body_a": body_a.id, "body_b": body_b.id, "code_a": body_a.code, "code_b": body_b.code,
        "candidate": "ann-adams", "candidacy": leader.candidacies["Ann Adams"].id, "fay": fay.id,
        "nomination_a": nomination_a.id, "nomination_b": nomination_b.id, "suspension": suspension.id,
        "person": leader.candidacies["Dan Dunn"].person.id, "unsuspended": leader.candidacies["Cat Clark"].person.id,
        "org_x": "org-x", "org_y": "org-y",
        "count_a": count_a.id, "spare": spare.id, "gil": gil.id, "hal": hal.id, "blt": SMALL_BLT,
        "appeal": appeal.slug, "confirm": confirm, "my_data": signers["sue"], "signature": signature.id,
        "choice": "local_groups", "erase": {role: signers[role] for role in ROLES}, "password_link": password_link,
        "pledge": pledge.slug, "eve": eve.person.slug, "fay_slug": fay.person.slug, "question": questions["ann"].id,
        "waiting": questions["bob"].id, "asker": asked["bob"], "exercise": exercise.slug, "response": heard,
        "started": stamp(0),  # a public form shown long ago: not "sent too quickly"
        "meeting": local_iso(now - timedelta(hours=2), ZONE)[:16], "later": local_iso(now + timedelta(days=40), ZONE)[:16],
    })


def token_of(response) -> str | None:
    """The CSRF token of the page's form (None where the app runs without CSRF protection)."""
    found = TOKEN.search(response.get_data(as_text=True))
    return found.group(1) if found else None


def log_in(app, world: World, role: str):
    """A client for the role, logged in with real CSRF tokens; its current token is kept in world.tokens."""
    client = app.test_client()
    token = token_of(client.get("/login"))
    if role != "anonymous":
        answer = client.post("/login", data={"email": EMAILS[role], "password": PASSWORD, "csrf_token": token})
        assert answer.status_code == 302, f"{role} could not log in: {answer.status_code} {answer.get_data(as_text=True)[-2500:]}"
        token = token_of(client.get("/account"))
    assert token or not app.config["WTF_CSRF_ENABLED"], "the page carries no CSRF token"
    world.clients[role], world.tokens[role] = client, token
    return client
