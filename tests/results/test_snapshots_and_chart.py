"""The published ballot's content, hash and changes; the votes chart (pure: no app, no database)."""
from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal

from tracker.results.chart import Series, votes_chart
from tracker.results.snapshots import ballot_changes, ballot_content, content_hash
from tracker.rules.eligibility import CandidateVerdict, ContestVerdict

AT = datetime(2026, 3, 1, tzinfo=UTC)


def verdict(**statuses: str) -> ContestVerdict:
    reasons = {"on_ballot": "On the ballot: met every stage.", "suspended": "Suspended since 1 March 2026 (reason: none published).",
               "withdrawn": "Withdrew on 1 March 2026.", "eliminated": "Eliminated at Nominations from CLPs: 1 of 2 CLPs."}
    candidates = tuple(
        CandidateVerdict(key=name.lower(), name=name, woman=None, status=status, eligible=status == "on_ballot",
                         since=None, eliminated_at=None, reason=reasons[status], stages=())
        for name, status in statuses.items()
    )
    return ContestVerdict(as_of=AT, ballot_set=True, on_ballot=tuple(c.name for c in candidates if c.status == "on_ballot"),
                          candidates=candidates)


def test_content_hash_is_sha256_of_canonical_json():
    content = ballot_content(verdict(Adams="on_ballot", Brown="eliminated"))
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert content_hash(content) == hashlib.sha256(canonical).hexdigest()
    assert content["on_ballot"] == ["Adams"]
    assert content["candidates"][1] == {"name": "Brown", "status": "eliminated",
                                        "reason": "Eliminated at Nominations from CLPs: 1 of 2 CLPs."}


def test_content_hash_ignores_key_order_but_not_names():
    content = ballot_content(verdict(Adams="on_ballot"))
    assert content_hash(dict(reversed(list(content.items())))) == content_hash(content)
    assert content_hash(ballot_content(verdict(Adems="on_ballot"))) != content_hash(content)


def test_a_suspension_after_publication_takes_a_name_off_with_the_reason():
    published = ballot_content(verdict(Adams="on_ballot", Brown="on_ballot"))
    changes = ballot_changes(published, verdict(Adams="on_ballot", Brown="suspended"))
    assert [(c.name, c.kind, c.was_status, c.now_status) for c in changes] == [("Brown", "off", "on_ballot", "suspended")]
    assert changes[0].sentence == ("Brown is on the published ballot but would now be off it: "
                                   "Suspended since 1 March 2026 (reason: none published).")


def test_a_lifted_suspension_puts_a_name_back_on():
    published = ballot_content(verdict(Adams="on_ballot", Brown="suspended"))
    changes = ballot_changes(published, verdict(Adams="on_ballot", Brown="on_ballot"))
    assert [(c.name, c.kind) for c in changes] == [("Brown", "on")]


def test_nothing_changed_means_no_changes():
    live = verdict(Adams="on_ballot", Brown="eliminated")
    assert ballot_changes(ballot_content(live), live) == []


def test_a_change_off_the_ballot_is_a_detail_not_a_ballot_change():
    published = ballot_content(verdict(Adams="on_ballot", Brown="eliminated"))
    changes = ballot_changes(published, verdict(Adams="on_ballot", Brown="withdrawn"))
    assert [(c.name, c.kind) for c in changes] == [("Brown", "detail")]


def test_chart_states_its_figures_in_words_and_escapes_names():
    svg = votes_chart(
        [Series("Ann <Adams>", [Decimal(450), Decimal(560)], elected_round=2),
         Series("Cat Clark", [Decimal(200), None], excluded_round=1)],
        2, title="Leader: votes by round", chart_id="c1",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert "Ann &lt;Adams&gt;: 450 in round 1, 560 in round 2 (elected in round 2)" in svg
    assert "Cat Clark: 200 in round 1 (excluded in round 1)" in svg
    assert "<Adams>" not in svg


def test_chart_lines_differ_by_marker_and_dash_not_only_colour():
    series = [Series(f"Candidate {i}", [Decimal(10 * i), Decimal(10 * i + 5)]) for i in range(1, 5)]
    svg = votes_chart(series, 2, title="t")
    assert "<circle" in svg and "<rect" in svg and "<polygon" in svg
    assert 'stroke-dasharray="7 4"' in svg and 'stroke-dasharray="2 3"' in svg
