"""The published ballot as data: its canonical content and hash, and what has changed since it was frozen.

Pure: standard library only, so the rules of publication can be read and tested without an app.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from tracker.rules.eligibility import ContestVerdict
from tracker.vocabulary import verdict_words

__all__ = ["BallotChange", "ballot_content", "content_hash", "ballot_changes"]


def ballot_content(verdict: ContestVerdict) -> dict:
    """What a frozen ballot records: the names in ballot order, and every candidate's verdict and reason."""
    return {
        "on_ballot": list(verdict.on_ballot),
        "candidates": [{"name": v.name, "status": v.status, "reason": v.reason} for v in verdict.candidates],
    }


def content_hash(content: dict) -> str:
    """SHA-256 of the canonical JSON of a ballot's content (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class BallotChange:
    """One difference between the published ballot and the live verdicts.

    `kind` is "off" (published on the ballot, would now be off), "on" (would now be on), or "detail"
    (a candidate off the ballot either way whose status changed).
    """

    name: str
    kind: str
    was_status: str | None
    now_status: str | None
    reason: str

    @property
    def sentence(self) -> str:
        """The change in words, for the ballot page and the audit trail."""
        if self.kind == "off":
            return f"{self.name} is on the published ballot but would now be off it: {self.reason}"
        if self.kind == "on":
            return f"{self.name} is not on the published ballot but would now be on it: {self.reason}"
        now = verdict_words(self.now_status) or "no longer a candidate"
        return f"{self.name} (not on the ballot) is now {now}: {self.reason}"


def ballot_changes(published: dict, live: ContestVerdict) -> list[BallotChange]:
    """Who would now be off or on the ballot compared with a published snapshot's content, and why."""
    was_on = set(published.get("on_ballot", ()))
    now_on = set(live.on_ballot)
    was_status = {c["name"]: c["status"] for c in published.get("candidates", ())}
    now = {v.name: v for v in live.candidates}
    changes: list[BallotChange] = []
    for name in [v.name for v in live.candidates] + [n for n in was_status if n not in now]:
        verdict = now.get(name)
        status = verdict.status if verdict else None
        reason = verdict.reason if verdict else "No longer a candidate in this contest."
        if name in was_on and name not in now_on:
            changes.append(BallotChange(name, "off", was_status.get(name), status, reason))
        elif name not in was_on and name in now_on:
            changes.append(BallotChange(name, "on", was_status.get(name), status, reason))
        elif name not in now_on and was_status.get(name) != status:
            changes.append(BallotChange(name, "detail", was_status.get(name), status, reason))
    order = {"off": 0, "on": 1, "detail": 2}
    return sorted(changes, key=lambda c: order[c.kind])
