"""The Atom feeds' entries: public audit events, the stages that opened or closed by the clock, and the candidates
who qualified (derived from the verdicts, never stored)."""
from __future__ import annotations

from datetime import UTC, datetime

from flask import request, url_for

from tracker.ballot import judging
from tracker.public import services
from tracker.vocabulary import VerdictStatus
from tracker.web.downloads import Entry, atom_feed


def event_entries(events, page_url: str) -> list[Entry]:
    """Public audit events as feed entries, each linking to the page they change."""
    host = request.host.split(":")[0]
    return [
        Entry(f"tag:{host},{e.at:%Y-%m-%d}:change/{e.id}", e.summary or e.action, e.at, page_url, e.action)
        for e in events
    ]


def timetable_entries(judged: judging.Judged, now: datetime) -> list[Entry]:
    """The stages of a contest that have opened or closed by `now`, as feed entries (nothing is written when
    a stage closes, so these come from the timetable, with the verdict's figures)."""
    contest, verdict = judged.contest, judged.verdict
    host = request.host.split(":")[0]
    base = f"tag:{host},{contest.election.created_at:%Y-%m-%d}:{contest.election.slug}/{contest.slug}"
    entries = []
    for index, stage in enumerate(contest.stages):
        url = url_for("public.stage_page", election=contest.election.slug, contest=contest.slug, stage=stage.key,
                      _external=True)
        if stage.opens_at <= now:
            entries.append(Entry(f"{base}/{stage.key}/opened", f"{contest.title}: {stage.title} opened",
                                 stage.opens_at, url, "stage.open"))
        if stage.closes_at <= now:
            results = [v.stages[index] for v in verdict.candidates]
            met = sum(r.met is True for r in results)
            judged_ = sum(r.state == "closed" for r in results)
            entries.append(Entry(f"{base}/{stage.key}/closed",
                                 f"{contest.title}: {stage.title} closed — {met} of {judged_} candidates met it",
                                 stage.closes_at, url, "stage.close"))
    ballot_url = url_for("public.stage_page", election=contest.election.slug, contest=contest.slug,
                         stage=services.BALLOT, _external=True)
    for at, what, category in ((contest.ballot_opens_at, "voting opened", "ballot.open"),
                               (contest.ballot_closes_at, "voting closed", "ballot.close")):
        if at is not None and at <= now:
            entries.append(Entry(f"{base}/{category}", f"{contest.title}: {what}", at, ballot_url, category))
    return entries


def qualification_entries(judged: judging.Judged) -> list[Entry]:
    """Each candidate's qualification for each stage that the verdict shows in force, dated by its met_at: "Leader:
    Sam Carter qualified for Nominations from MPs at 11:00 on 12 January 2026 with Cal Cole's nomination: 22 MPs".

    Nothing is written when a candidate qualifies, so these come from the verdict; a qualification that a withdrawn
    nomination undid is gone, and the later one that replaced it has its own entry (its id names the moment)."""
    contest = judged.contest
    host = request.host.split(":")[0]
    base = f"tag:{host},{contest.election.created_at:%Y-%m-%d}:{contest.election.slug}/{contest.slug}"
    entries = []
    for verdict in judged.verdict.candidates:
        url = None
        for result in verdict.stages:
            if result.met_at is None:
                continue
            url = url or url_for("public.candidate_page", slug=verdict.key, _external=True)
            entries.append(Entry(
                f"{base}/{result.id}/qualified/{verdict.key}/{result.met_at.astimezone(UTC):%Y%m%dT%H%M%SZ}",
                f"{contest.title}: {verdict.name} {VerdictStatus.QUALIFIED.words} for {result.title} {result.met_how}",
                result.met_at, url, "candidate.qualified",
            ))
    return entries


#: How many entries a feed carries.
FEED_LENGTH = 100


def feed(title: str, entries: list[Entry], page_url: str, created_at: datetime) -> str:
    """The feed of this URL: the newest FEED_LENGTH entries, newest first."""
    entries = sorted(entries, key=lambda e: (e.at, e.id), reverse=True)[:FEED_LENGTH]
    return atom_feed(title=title, feed_id=request.base_url, self_url=request.base_url, page_url=page_url,
                     entries=entries, updated=created_at)
