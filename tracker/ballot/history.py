"""A candidate's changes of status: the verdicts at each moment a fact about their contest changed, kept where
the status moved (in progress → qualified → on the ballot, suspended, withdrawn…). Derived, never stored."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tracker.ballot.judging import Judged


@dataclass(frozen=True)
class StatusChange:
    at: datetime
    status: str
    reason: str


def status_changes(judged: Judged, key: str, withdrawn_at: datetime | None, until: datetime) -> list[StatusChange]:
    """Each change of the candidate `key`'s verdict up to `until`, judged from the facts already loaded (no query):
    at each stage's opening and closing, each of their nominations, each suspension's start and end (their own,
    and their MPs', which can break a qualification) and their withdrawal."""
    rules, facts = judged.base_rules, judged.facts
    moments = {stage.closes_at for stage in rules.stages} | {stage.opens_at for stage in rules.stages}
    moments |= {at for stage in rules.stages for a in stage.amendments for at in (a.made_at, a.opens_at, a.closes_at) if at}
    moments |= {rules.consent_by} if rules.consent_by else set()
    moments |= {n.nominated_at for n in facts.nominations if n.candidate == key}
    moments |= {n.withdrawn_at for n in facts.nominations if n.candidate == key and n.withdrawn_at}
    for suspension in facts.suspensions:
        moments |= {suspension.starts_at} | ({suspension.ends_at} if suspension.ends_at else set())
    if withdrawn_at:
        moments.add(withdrawn_at)
    changes: list[StatusChange] = []
    for moment in sorted(m for m in moments if m <= until) + [until]:
        verdict = judged.at(moment).verdict(key)
        if not changes or changes[-1].status != verdict.status:
            changes.append(StatusChange(moment, verdict.status, verdict.reason))
    return changes
