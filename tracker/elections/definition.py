"""What an election's definition says: plain data that the definition file is read into and that the
elections' operations write (tracker.elections.operations.define_election)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RouteSpec:
    kind: str
    count: int | None = None
    share: str | None = None
    of: int | None = None
    unions: int | None = None
    membership_share: str | None = None


@dataclass(frozen=True)
class StageSpec:
    key: str
    title: str
    opens_at: datetime
    closes_at: datetime
    routes: tuple[RouteSpec, ...]


@dataclass
class ContestSpec:
    slug: str
    title: str
    seats: int
    max_nominations_per_body: int
    min_women: int | None
    counting_statuses: str
    discount_suspended_mps: bool
    ballot_opens_at: datetime | None
    ballot_closes_at: datetime | None
    result_at: datetime | None
    stages: tuple[StageSpec, ...] = field(default_factory=tuple)


@dataclass
class ElectionSpec:
    slug: str
    title: str
    timezone: str
    contests: list[ContestSpec]
