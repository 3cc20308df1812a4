"""The contest's rules in the API state the rules beyond the basic routes where a contest uses them (and only
there: a basic route reads as it always did)."""
from __future__ import annotations

from tests.imports.test_rules_beyond_basic_routes import DEFINITION
from tracker.extensions import db
from tracker.imports.election_toml import load_election


def test_a_contest_states_its_pooled_kinds_parts_spread_supporting_stage_and_amendments(app, client, clock):
    load_election(DEFINITION, "rules.toml")
    db.session.commit()
    contest = client.get("/api/v1/elections/rules-2026/contests/leader").get_json()
    plp, supporting = contest["stages"]
    assert plp["routes"] == [
        {"kind": "mp", "kinds": ["mp", "mep"], "count": None, "share": "0.20", "of": None, "unions": None,
         "membership_share": None},
        {"kind": "mp", "part": 1, "count": None, "share": "0.10", "of": None, "unions": None, "membership_share": None},
        {"kind": "member", "part": 2, "spread": 2, "count": 3, "share": None, "of": None, "unions": None,
         "membership_share": None},
    ]
    assert plp["amendments"] == [{"made_at": "2026-06-08T17:00:00+00:00", "opens_at": None,
                                  "closes_at": "2026-06-15T11:30:00+00:00", "reason": "extended"}]
    assert "gates" not in plp and supporting["gates"] is False
