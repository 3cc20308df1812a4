"""What changed since a moment, for ?since= on the API's lists: read from the audit trail and the rows' own dates.

An item is listed when it was created or changed at or after the moment: an audit event names it (or, for
an election or contest, happened within it), or its own timestamps say so. A candidate also counts as
changed when one of their nominations or suspensions did, since that moves their standing.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.nominations.models import Nomination
from tracker.suspensions.models import Suspension
from tracker.vocabulary import AuditObject


@dataclass
class Changes:
    """Everything the audit trail says changed since a moment."""

    since: datetime
    objects: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    elections: set[int] = field(default_factory=set)
    contests: set[int] = field(default_factory=set)

    def named(self, object_type: AuditObject) -> set[int]:
        """The ids of the objects of this type that an audit event names."""
        return set(self.objects.get(object_type, ()))


def changes_since(since: datetime) -> Changes:
    """One query: every audit event at or after `since`."""
    changes = Changes(since)
    rows = db.session.execute(
        select(AuditEvent.object_type, AuditEvent.object_id, AuditEvent.election_id, AuditEvent.contest_id).where(
            AuditEvent.at >= since
        )
    )
    for object_type, object_id, election_id, contest_id in rows:
        if object_id is not None:
            changes.objects[object_type].add(object_id)
        if election_id is not None:
            changes.elections.add(election_id)
        if contest_id is not None:
            changes.contests.add(contest_id)
    return changes


def _nomination_changed(changes: Changes):
    """The condition on a nomination logged, decided or otherwise changed since."""
    since = changes.since
    named = changes.named(AuditObject.NOMINATION)
    where = [Nomination.logged_at >= since, Nomination.decided_at >= since]
    if named:
        where.append(Nomination.id.in_(named))
    return or_(*where)


def nominations_changed(changes: Changes, contest_ids: list[int]) -> set[int]:
    """Ids of the nominations in these contests logged, decided or otherwise changed since."""
    return set(
        db.session.scalars(
            select(Nomination.id).where(Nomination.contest_id.in_(contest_ids), _nomination_changed(changes))
        )
    )


def candidacies_with_changed_nominations(changes: Changes, contest_ids: list[int]) -> set[int]:
    return set(
        db.session.scalars(
            select(Nomination.candidacy_id)
            .where(Nomination.contest_id.in_(contest_ids), _nomination_changed(changes))
            .distinct()
        )
    )


def candidacies_changed(changes: Changes, candidacies) -> set[int]:
    """Ids of the candidacies (anything with id, person_id, contest_id, created_at, withdrawn_at) whose record,
    person, nominations or suspensions changed since."""
    since = changes.since
    contest_ids = sorted({c.contest_id for c in candidacies})
    by_nomination = candidacies_with_changed_nominations(changes, contest_ids) if contest_ids else set()
    by_suspension = people_with_changed_suspensions(changes)
    named, people = changes.named(AuditObject.CANDIDACY), changes.named(AuditObject.PERSON)
    return {
        c.id
        for c in candidacies
        if c.id in named or c.id in by_nomination or c.person_id in people or c.person_id in by_suspension
        or c.created_at >= since or (c.withdrawn_at is not None and c.withdrawn_at >= since)
    }


def people_with_changed_suspensions(changes: Changes) -> set[int]:
    since = changes.since
    named = changes.named(AuditObject.SUSPENSION)
    where = [Suspension.created_at >= since, Suspension.starts_at >= since, Suspension.ends_at >= since]
    if named:
        where.append(Suspension.id.in_(named))
    return set(db.session.scalars(select(Suspension.person_id).where(or_(*where)).distinct()))
