"""JSON shapes of the API's resources (the ballot's is in tracker/ballot/serialize.py); described in openapi.py."""
from __future__ import annotations

from datetime import datetime

from tracker.ballot.serialize import stage_json
from tracker.rules.eligibility import CandidateVerdict
from tracker.rules.stages import StageState
from tracker.times import iso_text


def moment(value: datetime | None) -> str | None:
    """ISO 8601 with its offset (UTC as stored), or None."""
    return iso_text(value)


def contest_summary(contest, state: StageState) -> dict:
    """A contest in the elections list: exactly DESIGN.md's shape."""
    return {"slug": contest.slug, "title": contest.title, "seats": contest.seats, "stage": state.key}


def contest_brief(contest, state: StageState) -> dict:
    """A contest in an election's own listing: its stage in words and when it next changes."""
    return {
        "slug": contest.slug,
        "title": contest.title,
        "seats": contest.seats,
        "stage": state.key,
        "stage_label": state.label,
        "halted": state.halted,
        "next_change_at": moment(state.next_change_at),
    }


def route_json(route) -> dict:
    """A stored route row; `kinds` (pooled), `spread` and `part` (of a route whose parts must all hold) only where
    used."""
    found = {
        "kind": route.kind.split(",")[0],
        "count": route.count,
        "share": route.share,
        "of": route.of,
        "unions": route.unions,
        "membership_share": route.membership_share,
    }
    if "," in route.kind:
        found["kinds"] = route.kind.split(",")
    if route.spread is not None:
        found["spread"] = route.spread
    if route.part is not None:
        found["part"] = route.part
    return found


def contest_detail(contest, state: StageState) -> dict:
    """A contest with its rules and timetable."""
    return {
        "election": contest.election.slug,
        **contest_brief(contest, state),
        "halt_reason": state.halt_reason,
        "max_nominations_per_body": contest.max_nominations_per_body,
        "min_women": contest.min_women,
        "counting_statuses": sorted(contest.counting_status_set),
        "discount_suspended_mps": contest.discount_suspended_mps,
        "stages": [
            {
                "id": stage.key,
                "title": stage.title,
                "opens_at": moment(stage.opens_at),
                "closes_at": moment(stage.closes_at),
                "routes": [route_json(route) for route in stage.routes],
                **({} if stage.gates is not False else {"gates": False}),
                **({"amendments": [
                    {"made_at": moment(a.made_at), "opens_at": moment(a.opens_at), "closes_at": moment(a.closes_at),
                     "reason": a.reason} for a in stage.amendments]} if stage.amendments else {}),
            }
            for stage in contest.stages
        ],
        "ballot": {
            "opens_at": moment(contest.ballot_opens_at),
            "closes_at": moment(contest.ballot_closes_at),
            "result_at": moment(contest.result_at),
        },
    }


def election_json(election, states: dict[int, StageState]) -> dict:
    return {
        "slug": election.slug,
        "title": election.title,
        "timezone": election.timezone,
        "contests": [contest_brief(c, states[c.id]) for c in election.contests],
    }


def verdict_json(verdict: CandidateVerdict) -> dict:
    """A candidate's standing: status, the sentence why, and each stage's figures."""
    return {
        "status": verdict.status,
        "eligible": verdict.eligible,
        "since": moment(verdict.since),
        "reason": verdict.reason,
        "stages": [{**stage_json(s), "state": s.state} for s in verdict.stages],
    }


def candidate_in_contest(candidate, verdict: CandidateVerdict) -> dict:
    return {
        "slug": candidate.key,
        "name": candidate.name,
        "woman": candidate.woman,
        "withdrawn_at": moment(candidate.withdrawn_at),
        **verdict_json(verdict),
    }


def body_json(body) -> dict:
    return {
        "code": body.code,
        "name": body.name,
        "kind": body.kind,
        "region": body.region,
        "is_union": bool(body.is_union),
        "members": body.members or 0,
    }


def nomination_json(row) -> dict:
    """One nomination row: (Nomination, candidate name, candidate slug, NominatingBody, contest slug)."""
    nomination, name, slug, body, contest_slug = row
    return {
        "id": nomination.id,
        "contest": contest_slug,
        "candidate": name,
        "candidate_slug": slug,
        "body": body.code,
        "body_name": body.name,
        "body_kind": body.kind,
        "region": body.region,
        "nominated_at": moment(nomination.nominated_at),
        "status": nomination.status,
        "rejection_reason": nomination.rejection_reason,
        "logged_at": moment(nomination.logged_at),
        "decided_at": moment(nomination.decided_at),
    }


def event_json(event, contest_slugs: dict[int, str]) -> dict:
    return {
        "id": event.id,
        "at": moment(event.at),
        "action": event.action,
        "summary": event.summary,
        "contest": contest_slugs.get(event.contest_id) if event.contest_id else None,
    }
