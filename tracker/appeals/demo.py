"""The demo's appeals: a petition to the NEC tied to the demo's suspension, and a sign-up form asking consent to
sharing, with confirmed signatures spread over the regions (inserted in bulk: the demo loads in seconds)."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from tracker.appeals import operations
from tracker.appeals.models import ConsentEvent, Signature, Supporter
from tracker.bodies.models import NominatingBody
from tracker.elections.models import Election
from tracker.extensions import db
from tracker.slates.models import Organisation
from tracker.slates.operations import create_organisation
from tracker.suspensions.models import Suspension
from tracker.types import utcnow
from tracker.vocabulary import BodyKind, ConsentEventKind, SignatureStatus

ORGANISATION = ("labour-alliance", "The Members' Alliance")
FIRST = ("Sam", "Ria", "Lee", "Dee", "Ann", "Bea", "Cal", "Dan", "Eve", "Jo", "Kit", "Max", "Nia", "Raj", "Tom")
LAST = ("Carter", "Patel", "Hughes", "Okafor", "Ash", "Birch", "Cole", "Dale", "Evans", "Khan", "Lloyd", "Moss")
SHARING = ("We might share your data with local and regional groups of the alliance, so that they can invite you "
           "to their meetings. We will never share your data with third parties.")


def load_demo_appeals(election: Election, suspended_name: str, now: datetime | None = None,
                      signatures: tuple[int, int] = (2400, 900), seed: int = 13) -> list[str]:
    """Publish the two appeals (once: a second run finds them) and give them confirmed signatures."""
    now = now or utcnow()
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == ORGANISATION[0]))
    if organisation is None:
        organisation = create_organisation(*ORGANISATION, "A fictional campaign, for the demo.")
        db.session.flush()
    elif operations.services.appeals_of(organisation):
        return ["The demo's appeals are already loaded."]
    contest = next(c for c in election.contests if c.slug == "nec-clp")
    suspension = db.session.scalar(select(Suspension).join(Suspension.person).where(
        Suspension.person.has(name=suspended_name)).order_by(Suspension.starts_at.desc()))
    petition = operations.publish_appeal(
        organisation, slug="halt-the-nec-elections", title="Halt and delay the NEC elections",
        petitioning="the NEC",
        text=(f"We call on the NEC to **halt and delay** the NEC elections until the summary suspensions — "
              f"{suspended_name}'s among them — have been properly processed.\n\nOnly signatures confirmed by email "
              "are counted."),
        target=5000, privacy_url="https://example.org/privacy", contest=contest, suspension=suspension,
        close_when_ballot_opens=True)
    signup = operations.publish_appeal(
        organisation, slug="join-the-alliance", title="Sign up to the alliance",
        text="Sign up to hear from the alliance. We keep your data secure.", privacy_url="https://example.org/privacy",
        consents=[("local_groups", SHARING, "local and regional groups of the alliance")])
    db.session.flush()
    clps = db.session.scalars(select(NominatingBody).where(NominatingBody.election_id == election.id,
                                                           NominatingBody.kind == BodyKind.CLP)).all()
    rng = random.Random(seed)
    first_supporter = _fill(petition, clps, signatures[0], rng, now, start=0)
    _fill(signup, clps, signatures[1], rng, now, start=first_supporter, share_rate=0.6)
    return [f"Appeals: “{petition.title}” ({signatures[0]:,} signatures) and “{signup.title}” "
            f"({signatures[1]:,}), by {organisation.name}."]


def _fill(appeal, clps, count: int, rng: random.Random, now: datetime, start: int, share_rate: float = 0.0) -> int:
    """Confirmed signatures of fictional supporters (example.org addresses), most from a CLP, over the last weeks."""
    consents = operations.services.current_consents(appeal)
    plans = []
    for i in range(count):
        signed = now - timedelta(minutes=rng.randint(30, 60 * 24 * 20))
        body = rng.choice(clps) if clps and rng.random() < 0.85 else None
        plans.append((start + i + 1, signed, body, f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                      [rng.random() < share_rate for _ in consents]))
    if not plans:
        return start
    supporter_ids = db.session.scalars(insert(Supporter).returning(Supporter.id, sort_by_parameter_order=True), [
        {"email": f"supporter{number}@example.org", "created_at": signed} for number, signed, *_ in plans]).all()
    signature_ids = db.session.scalars(insert(Signature).returning(Signature.id, sort_by_parameter_order=True), [
        {"appeal_id": appeal.id, "supporter_id": supporter_id, "status": SignatureStatus.CONFIRMED, "name": name,
         "body_id": body.id if body else None, "region": body.region if body else None, "signed_at": signed,
         "confirmed_at": signed + timedelta(minutes=rng.randint(1, 300))}
        for supporter_id, (_, signed, body, name, _) in zip(supporter_ids, plans, strict=True)]).all()
    events = [{"supporter_id": supporter_id, "signature_id": signature_id, "consent_text_id": text.id,
               "kind": ConsentEventKind.GIVEN if given else ConsentEventKind.REFUSED, "at": plan[1],
               "how": "signing form"}
              for supporter_id, signature_id, plan in zip(supporter_ids, signature_ids, plans, strict=True)
              for text, given in zip(consents, plan[4], strict=True)]
    if events:
        db.session.execute(insert(ConsentEvent), events)
    return start + count
