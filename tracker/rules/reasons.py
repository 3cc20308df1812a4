"""The sentences of a candidate's verdict: why they are on the ballot, qualified, or still in progress.

Pure rules, standard library only; the verdict itself is tracker.rules.eligibility's.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from tracker.rules.model import Candidate, ContestRules, consented
from tracker.times import moment_text

if TYPE_CHECKING:
    from tracker.rules.eligibility import StageResult

__all__ = ["in_progress_reason", "on_ballot_reason", "qualified_reason"]


def on_ballot_reason(rules: ContestRules, stages: Sequence[StageResult], exempt: bool) -> str:
    """Why a candidate is on the ballot: the route by which they met each gating stage, with its figures."""
    if exempt:
        return "On the ballot as the incumbent, without nominations."
    gating = [result for result in stages if result.gates]
    if not gating:
        return "On the ballot: the contest has no nomination stage that decides the ballot."
    met = "; ".join(f"{result.title}: {next(r.text for r in result.routes if r.met)}" for result in gating)
    return f"On the ballot: met every stage — {met}."


def _ballot_sentence(rules: ContestRules, candidate: Candidate) -> str:
    """When a qualified candidate goes onto the ballot: "On the ballot if still standing when ... closes at ..."."""
    set_at = rules.ballot_set_at
    last = rules.gating[-1] if rules.gating else None
    consent = ""
    if rules.consent_by is not None and not consented(rules, candidate):
        consent = f" and consenting to nomination by {moment_text(rules.consent_by, rules.timezone)}"
    if last is not None and set_at == last.closes_at:
        return f"On the ballot if still standing{consent} when {last.title} closes at {moment_text(last.closes_at, rules.timezone)}."
    return f"On the ballot if still standing{consent} when the ballot is set at {moment_text(set_at, rules.timezone)}."


def qualified_reason(rules: ContestRules, stages: Sequence[StageResult], since: datetime, candidate: Candidate) -> str:
    """Why a candidate is qualified: when and with what they met the stage that completed it, and what comes next."""
    latest = next(result for result in stages if result.gates and result.opened and result.met_at == since)
    pairs = [(stage, result) for stage, result in zip(rules.stages, stages, strict=True) if stage.gates]
    coming = next((stage for stage, result in pairs if result.state == "not_open"), None)
    if coming is None:
        return f"{latest.qualified} {_ballot_sentence(rules, candidate)}"
    next_opens = f"{coming.title} opens at {moment_text(coming.opens_at, rules.timezone)}."
    still_open = next((stage for stage, result in pairs if result.state == "open"), None)
    if still_open is None:
        return f"{latest.qualified} {next_opens}"
    return (f"{latest.qualified} {still_open.title} open until {moment_text(still_open.closes_at, rules.timezone)}; "
            f"{next_opens}")


def in_progress_reason(rules: ContestRules, stages: Sequence[StageResult]) -> str:
    """Where a candidate still in the running stands: the first open gating stage not yet met, with figures so far,
    or the first stage to open."""
    pairs = [(stage, result) for stage, result in zip(rules.stages, stages, strict=True) if stage.gates]
    found = next(((s, r) for s, r in pairs if r.state == "open" and not r.met), None) or next(
        ((s, r) for s, r in pairs if r.state == "not_open"), None
    )
    if found is None:
        return "In progress."
    stage, result = found
    if result.state == "open":
        return f"In progress: {stage.title} open until {moment_text(stage.closes_at, rules.timezone)}. {result.detail}"
    return f"In progress: {stage.title} opens at {moment_text(stage.opens_at, rules.timezone)}."
