"""Factories for small contests: the rules, the registered bodies, the candidates and what is recorded."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from fractions import Fraction

import pytest

from tracker.rules import (
    Body,
    Candidate,
    ContestRules,
    ContestVerdict,
    Facts,
    NominationFact,
    Route,
    StageRule,
    SuspensionFact,
    eligibility,
)

#: The Leader contest of DESIGN.md, in UTC (which is London time in January and February).
LEADER_STAGES = (
    StageRule(
        id="plp",
        title="Nominations from MPs",
        opens_at=datetime(2026, 1, 7, 9, 0, tzinfo=UTC),
        closes_at=datetime(2026, 1, 13, 14, 30, tzinfo=UTC),
        routes=(Route("mp", share=Fraction(1, 10)),),
    ),
    StageRule(
        id="supporting",
        title="Nominations from CLPs or affiliates",
        opens_at=datetime(2026, 1, 15, 9, 0, tzinfo=UTC),
        closes_at=datetime(2026, 2, 14, 17, 0, tzinfo=UTC),
        routes=(
            Route("clp", share=Fraction(5, 100)),
            Route("affiliate", count=3, unions=2, membership_share=Fraction(5, 100)),
        ),
    ),
)


class ContestWorld:
    """One contest's rules and the facts recorded so far, built up step by step in a test."""

    def __init__(self, rules: ContestRules):
        self.rules = rules
        self.candidates: dict[str, Candidate] = {}
        self.bodies: list[Body] = []
        self.nominations: list[NominationFact] = []
        self.suspensions: list[SuspensionFact] = []

    def register(self, kind: str, count: int = 1, **fields) -> list[str]:
        """Register `count` bodies of a kind (each with the given fields); returns their codes."""
        start = sum(body.kind == kind for body in self.bodies)
        codes = [f"{kind}-{start + i}" for i in range(count)]
        self.bodies += [Body(code, kind, **fields) for code in codes]
        return codes

    def stand(self, name: str, **fields) -> str:
        """Add a candidate; returns their key."""
        key = name.lower().replace(" ", "-")
        self.candidates[key] = Candidate(key, name, **fields)
        return key

    def withdraw(self, key: str, at: datetime) -> None:
        """Record a candidate's withdrawal."""
        self.candidates[key] = replace(self.candidates[key], withdrawn_at=at)

    def nominate(self, key: str, codes: list[str], at: datetime, status: str = "verified") -> None:
        """Record a nomination of a candidate by each of the bodies."""
        self.nominations += [NominationFact(key, code, at, status) for code in codes]

    def suspend(self, person: str, starts_at: datetime, ends_at: datetime | None = None, reason: str | None = None):
        """Record a person's suspension."""
        self.suspensions.append(SuspensionFact(person, starts_at, ends_at, reason))

    @property
    def facts(self) -> Facts:
        return Facts(tuple(self.candidates.values()), tuple(self.bodies), tuple(self.nominations), tuple(self.suspensions))

    def judge(self, as_of: datetime) -> ContestVerdict:
        """The whole contest's verdict as of a moment."""
        return eligibility(self.rules, self.facts, as_of)


@pytest.fixture(scope="session")
def leader_stages():
    """The two nomination stages of a Leader contest."""
    return LEADER_STAGES


@pytest.fixture(scope="session")
def new_contest():
    """A factory: an empty contest with the given stages (Leader's by default) and settings."""

    def create(stages=LEADER_STAGES, *, title="Leader", seats=1, **settings) -> ContestWorld:
        return ContestWorld(ContestRules(title, seats, tuple(stages), **settings))

    return create
