"""What an election's definition says: plain data that the definition file is read into and that the
elections' operations write (tracker.elections.operations.define_election)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class KindSpec:
    """A kind of nominating body the election declares ([[kind]])."""

    key: str
    title: str
    plural: str
    person: bool = False
    groups: str | None = None


@dataclass(frozen=True)
class RouteSpec:
    """A route, or one part of a route of parts; `kind` is one kind id, or pooled ones joined by commas."""

    kind: str
    count: int | None = None
    share: str | None = None
    of: int | None = None
    unions: int | None = None
    membership_share: str | None = None
    spread: int | None = None
    parts: tuple[RouteSpec, ...] = ()  # `all = [...]`: every part must hold

    def rows(self) -> list[dict]:
        """The stored rows of this route: one, or one per part (numbered from 1)."""
        if not self.parts:
            return [dict(part=None, kind=self.kind, count=self.count, share=self.share, of=self.of, unions=self.unions,
                         membership_share=self.membership_share, spread=self.spread)]
        return [{**part.rows()[0], "part": number} for number, part in enumerate(self.parts, 1)]


@dataclass(frozen=True)
class AmendmentSpec:
    """A change to a stage's window, made at a moment."""

    made_at: datetime
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    reason: str | None = None


@dataclass(frozen=True)
class StageSpec:
    key: str
    title: str
    opens_at: datetime
    closes_at: datetime
    routes: tuple[RouteSpec, ...]
    gates: bool = True
    amendments: tuple[AmendmentSpec, ...] = ()


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
    incumbent_exempt: bool = False
    self_nomination: bool = True
    consent_by: datetime | None = None


@dataclass
class ElectionSpec:
    slug: str
    title: str
    timezone: str
    contests: list[ContestSpec]
    kinds: list[KindSpec] = field(default_factory=list)
