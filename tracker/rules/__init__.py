"""Pure election rules: who is on the ballot and why, where a contest stands, how slates resolve.

No Flask, no database: plain dataclasses in, plain dataclasses out.
"""
from tracker.rules.eligibility import (
    Amendment,
    Body,
    Candidate,
    CandidateVerdict,
    ConditionResult,
    ContestRules,
    ContestVerdict,
    Facts,
    Kind,
    NominationFact,
    Route,
    RouteResult,
    StageResult,
    StageRule,
    SuspensionFact,
    ballot_order,
    eligibility,
    suspensions_at,
)
from tracker.rules.stages import Halt, StageState, stage_at

__all__ = [
    "Amendment",
    "Body",
    "Candidate",
    "CandidateVerdict",
    "ConditionResult",
    "ContestRules",
    "ContestVerdict",
    "Facts",
    "Halt",
    "Kind",
    "NominationFact",
    "Route",
    "RouteResult",
    "StageResult",
    "StageRule",
    "StageState",
    "SuspensionFact",
    "ballot_order",
    "eligibility",
    "stage_at",
    "suspensions_at",
]
