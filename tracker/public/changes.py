"""What changed in an election, by the date each change happened: public audit events (a bulk import as one
entry), and the stage openings, closings and qualifications that the feeds derive from the verdicts."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tracker import times
from tracker.ballot import judging
from tracker.public import feeds, services
from tracker.web.downloads import Entry

#: The kinds of change a reader may pick (?kind=), in the order the page offers them.
KINDS = ("nominations", "suspensions", "withdrawals", "stages", "qualifications", "pledges", "questions")
KIND_WORDS = {
    "nominations": "Nominations", "suspensions": "Suspensions", "withdrawals": "Withdrawals",
    "stages": "Stage changes", "qualifications": "Qualifications", "pledges": "Pledges",
    "questions": "Questions and answers",
}
#: Each public audit action's kind (others are listed only when no kind is picked).
ACTION_KINDS = {
    "nomination.create": "nominations", "nomination.correct": "nominations", "nomination.verify": "nominations",
    "nomination.reject": "nominations", "candidacy.create": "nominations",
    "nomination.withdraw": "withdrawals", "candidacy.withdraw": "withdrawals", "candidacy.reinstate": "withdrawals",
    "contest.halt": "stages", "contest.resume": "stages", "ballot.freeze": "stages", "ballot.reissue": "stages",
    "result.declare": "stages", "result.correct": "stages",
    "stage.open": "stages", "stage.close": "stages", "ballot.open": "stages", "ballot.close": "stages",
    "candidate.qualified": "qualifications",
    "question.publish": "questions", "question.answer": "questions", "question.answer_edit": "questions",
    "listening.publish": "questions",
}
#: Where an event's `after` says when the change happened (rather than when it was recorded).
HAPPENED_FIELDS = {"nomination.create": "nominated_at", "suspension.create": "starts_at",
                   "candidacy.withdraw": "withdrawn_at"}
#: The acts an import writes once per row; a run of them is one import.
IMPORTED = {"nomination.create": "nominations", "candidacy.create": "candidates", "suspension.create": "suspensions",
            "candidacy.withdraw": "withdrawals"}
#: Events of one import follow each other by no more than this (each row's event is stamped as it is written).
IMPORT_GAP = timedelta(seconds=2)
#: Entries on a page.
PER_PAGE = 50


@dataclass(frozen=True)
class Change:
    """One line of "What changed": a feed entry with its kind, its contest and how many acts it stands for.

    An import that touched several contests has its part in each (`parts`), shown when one contest is picked."""

    entry: Entry
    kind: str | None
    contest_id: int | None
    count: int = 1
    parts: tuple[Change, ...] = ()

    @property
    def at(self) -> datetime:
        return self.entry.at


def kind_of(action: str) -> str | None:
    if action.startswith("suspension."):
        return "suspensions"
    if action.startswith("pledge."):
        return "pledges"
    return ACTION_KINDS.get(action)


def happened_at(event) -> datetime:
    """When the change an event records happened: the nomination's meeting, the suspension's start, the
    withdrawal's moment; otherwise when it was recorded."""
    name = HAPPENED_FIELDS.get(event.action)
    value = (event.after or {}).get(name) if name else None
    if value:
        try:
            return times.parse_moment(value, times.DEFAULT_TIMEZONE)
        except times.BadTime:
            pass
    return event.at


def imports(events) -> list[list]:
    """Public events in runs: each run of events of one import (the same action an import writes, actor and
    contest, one after another within IMPORT_GAP) is one run; every other event is a run of its own."""
    runs: list[list] = []
    for event in sorted(events, key=lambda e: e.id):
        last = runs[-1][-1] if runs else None
        if (last is not None and event.action in IMPORTED and event.action == last.action
                and event.actor_label == last.actor_label and event.contest_id == last.contest_id
                and timedelta(0) <= event.at - last.at <= IMPORT_GAP):
            runs[-1].append(event)
        else:
            runs.append([event])
    return runs


def event_changes(events, page_url: str) -> list[Change]:
    """Public audit events as changes, an import's run of events as one ("248 nominations imported")."""
    changes = []
    for run in imports(events):
        first = run[0]
        (entry,) = feeds.event_entries([first], page_url)
        if len(run) == 1:
            entry = replace(entry, at=happened_at(first))
        else:
            entry = replace(entry, title=f"{len(run)} {IMPORTED[first.action]} imported", at=run[-1].at)
        changes.append(Change(entry, kind_of(first.action), first.contest_id, len(run)))
    return changes


#: Each file kind's row, in the singular, for "1 nomination imported".
SINGULAR = {"bodies": "body", "candidates": "candidate", "nominations": "nomination", "suspensions": "suspension"}


def _imported(count: int, kind: str) -> str:
    return f"{count} {SINGULAR.get(kind, kind) if count == 1 else kind} imported"


def import_changes(election, page_url: str) -> tuple[list[Change], list[tuple[int, int]]]:
    """Each CSV import of the election that wrote public changes, as one change ("248 nominations imported")
    with its part in each contest it touched; and the ranges of ids of the events the imports stand for."""
    found, folded = [], []
    for imported in services.import_events(election):
        first, last = imported.after["events"]
        folded.append((first, last))
        rows = services.imported_changes(first, last)
        by_contest: dict[int | None, set] = {}
        for contest_id, _, object_type, object_id in rows:
            by_contest.setdefault(contest_id, set()).add((object_type, object_id))
        actions = [action for _, action, _, _ in rows]
        kind = kind_of(max(set(actions), key=actions.count)) if actions else None
        (entry,) = feeds.event_entries([imported], page_url)
        parts = tuple(
            Change(replace(entry, id=f"{entry.id}/{contest_id}", title=_imported(len(objects), imported.after["kind"])),
                   kind, contest_id, len(objects))
            for contest_id, objects in by_contest.items()
        )
        found.append(Change(entry, kind, imported.contest_id, sum(part.count for part in parts), parts))
    return found, folded


def feed_changes(election, page_url: str, contest=None, limit: int | None = None) -> list[Change]:
    """The public audit events of an election (or one contest), newest first, an import as one change: for a
    feed, the latest `limit` events besides the imports."""
    imported, folded = import_changes(election, page_url)
    events = services.public_events(election=election if contest is None else None, contest=contest, limit=limit,
                                    folded=folded)
    if contest is not None:
        imported = [part for change in imported for part in change.parts if part.contest_id == contest.id]
    return event_changes(events, page_url) + imported


def election_changes(election, judged: dict[int, judging.Judged], now: datetime, page_url: str) -> list[Change]:
    """Every public change to an election's contests by `now`, newest first, by the date it happened (an import
    as one change)."""
    changes = feed_changes(election, page_url)
    for contest in election.contests:
        derived = feeds.timetable_entries(judged[contest.id], now) + feeds.qualification_entries(judged[contest.id])
        changes += [Change(e, kind_of(e.category), contest.id) for e in derived if e.at <= now]
    return sorted(changes, key=lambda c: (c.at, c.entry.id), reverse=True)


def chosen(changes: list[Change], contest_id: int | None, kinds: tuple[str, ...]) -> list[Change]:
    """The changes to one contest (or all) of the kinds picked (or all); of an import, its part in the contest."""
    if contest_id is not None:
        changes = [next((p for p in c.parts if p.contest_id == contest_id), c) if c.parts else c for c in changes]
    return [c for c in changes if (contest_id is None or c.contest_id == contest_id) and (not kinds or c.kind in kinds)]


@dataclass(frozen=True)
class Page:
    items: list[Change]
    number: int
    total: int
    per_page: int = PER_PAGE

    @property
    def first(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0

    @property
    def has_next(self) -> bool:
        return self.number * self.per_page < self.total


def page_of(changes: list[Change], number: int, per_page: int = PER_PAGE) -> Page:
    start = (number - 1) * per_page
    return Page(changes[start:start + per_page], number, len(changes), per_page)
