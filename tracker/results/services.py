"""What the ballot and result stages of a contest's dashboard show beyond the live verdicts."""
from __future__ import annotations

from datetime import datetime

from tracker.elections.models import Contest
from tracker.rules.eligibility import ContestVerdict


def stage_extras(contest: Contest, verdict: ContestVerdict, as_of: datetime) -> dict:
    """Context for templates/results/_ballot_stage.html and _result_stage.html (frozen ballot, result)."""
    return {}
