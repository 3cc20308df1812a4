"""The ballot as JSON, in the shape DESIGN.md fixes for /api/v1/.../ballot."""
from __future__ import annotations

from fractions import Fraction

from tracker.rules.eligibility import CandidateVerdict, ContestVerdict, StageResult
from tracker.times import iso_text


def number(value: int | Fraction) -> int | str:
    """Whole numbers as JSON numbers; exact fractions as decimal strings."""
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{float(value):.6f}".rstrip("0").rstrip(".")
    return int(value)


def stage_json(stage: StageResult) -> dict:
    """One stage of a candidate's verdict: met (as of the moment), final (closed by then), met_at (the run's start)."""
    return {
        "id": stage.id,
        "met": stage.met,
        "final": stage.final,
        "met_at": iso_text(stage.met_at),
        "needed": number(stage.needed),
        "have": number(stage.have),
        "detail": stage.detail,
    }


def candidate_json(verdict: CandidateVerdict) -> dict:
    return {
        "name": verdict.name,
        "eligible": verdict.eligible,
        "status": verdict.status,
        "reason": verdict.reason,
        "stages": [stage_json(stage) for stage in verdict.stages],
    }


def ballot_json(election_slug: str, contest_slug: str, verdict: ContestVerdict, stage: str, frozen: bool) -> dict:
    """The ballot answer: who is on it (empty until the last nomination stage closes) and why for all."""
    return {
        "election": election_slug,
        "contest": contest_slug,
        "as_of": iso_text(verdict.as_of),
        "stage": stage,
        "frozen": frozen,
        "on_ballot": list(verdict.on_ballot),
        "candidates": [candidate_json(v) for v in verdict.candidates],
    }
