"""A candidate's status history: the verdict recomputed at every moment a fact about them changed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select

from tracker.audit.models import AuditEvent
from tracker.ballot.history import StatusChange, status_changes
from tracker.ballot.judging import judge
from tracker.candidates.models import Candidacy
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.suspensions.models import Suspension
from tracker.types import MAX_INTEGER
from tracker.vocabulary import AuditObject, NominationStatus

#: What ?status= may ask the verification queue for: one status, or every nomination.
QUEUE_STATUSES = (*(status.value for status in NominationStatus), "all")


@dataclass(frozen=True)
class QueueFilter:
    """Which nominations the verification queue shows: a status (or "all") and perhaps one contest."""

    status: str = NominationStatus.SUBMITTED.value
    contest_id: int | None = None

    def where(self, query: Select) -> Select:
        if self.status != "all":
            query = query.where(Nomination.status == self.status)
        if self.contest_id:
            query = query.where(Nomination.contest_id == self.contest_id if 0 < self.contest_id <= MAX_INTEGER else False)
        return query

    def args(self) -> dict:
        """The filter as query parameters, for links and for the decision form's address."""
        return {"status": self.status} | ({"contest": self.contest_id} if self.contest_id else {})


def queue_count(matching: QueueFilter) -> int:
    return db.session.scalar(matching.where(select(func.count()).select_from(Nomination)))


def queue_ids(matching: QueueFilter, among: list[int] | None = None) -> list[int]:
    """The ids of the nominations matching the filter now (of `among`, when given), oldest first."""
    query = matching.where(select(Nomination.id)).order_by(Nomination.logged_at, Nomination.id)
    if among is not None:
        query = query.where(Nomination.id.in_([i for i in among if 0 < i <= MAX_INTEGER]))
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class History:
    changes: list[StatusChange]
    events: list[AuditEvent]


def status_history(candidacy: Candidacy, now: datetime) -> History:
    """Each change of the candidate's verdict up to `now`, and the audit trail of facts about them."""
    changes = status_changes(judge(candidacy.contest, now), candidacy.person.slug, candidacy.withdrawn_at, now)
    nomination_ids = select(Nomination.id).where(Nomination.candidacy_id == candidacy.id)
    suspension_ids = select(Suspension.id).where(Suspension.person_id == candidacy.person_id)
    events = db.session.scalars(
        select(AuditEvent)
        .where(
            or_(
                and_(AuditEvent.object_type == AuditObject.CANDIDACY, AuditEvent.object_id == candidacy.id),
                and_(AuditEvent.object_type == AuditObject.NOMINATION, AuditEvent.object_id.in_(nomination_ids)),
                and_(AuditEvent.object_type == AuditObject.SUSPENSION, AuditEvent.object_id.in_(suspension_ids)),
            )
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    return History(changes=changes, events=list(events))
