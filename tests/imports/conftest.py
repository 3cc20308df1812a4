"""A small election's definition and CSV files, written in the formats of DESIGN.md."""
from __future__ import annotations

import pytest

ELECTION_TOML = """\
slug = "leadership-2026"
title = "Leadership elections 2026"
timezone = "Europe/London"          # times below are local to it

[[contest]]
slug = "leader"
title = "Leader"
seats = 1

  [[contest.stage]]
  id = "plp"
  title = "Nominations from MPs"
  opens = 2026-01-07T09:00:00
  closes = 2026-01-13T14:30:00
  [[contest.stage.route]]
  kind = "mp"
  share = 0.10

  [[contest.stage]]
  id = "supporting"
  title = "Nominations from CLPs or affiliates"
  opens = 2026-01-15T09:00:00
  closes = 2026-02-14T17:00:00
  [[contest.stage.route]]
  kind = "clp"
  share = 0.05
  [[contest.stage.route]]
  kind = "affiliate"
  count = 3
  unions = 2
  membership_share = 0.05

  [contest.ballot]
  opens = 2026-02-24T09:00:00
  closes = 2026-04-02T12:00:00
  result = 2026-04-04T11:00:00

[[contest]]
slug = "nec-clp"
title = "NEC: CLP section"
seats = 9
max_nominations_per_body = 9
min_women = 5
  [[contest.stage]]
  id = "clp"
  title = "Nominations from CLPs"
  opens = 2026-06-01T09:00:00
  closes = 2026-07-10T17:00:00
  [[contest.stage.route]]
  kind = "clp"
  count = 5
"""

BODIES_CSV = """\
code,name,kind,region,is_union,members
MP01,Tom Reed,mp,,,
MP02,Ada Quinn,mp,,,
MP03,Lee Marsh,mp,,,
MP04,Kim Vale,mp,,,
MP05,Ros Hale,mp,,,
CLP001,Anytown,clp,North West,,
CLP002,Bridgeford,clp,Wales,,
CLP003,Castlemoor,clp,Scotland,,
U01,Union of Care Workers,affiliate,,yes,120000
U02,General Union of Builders,affiliate,,yes,80000
S01,Society of Labour Engineers,affiliate,,no,900
"""

CANDIDATES_CSV = """\
contest,name,woman,withdrawn_at
leader,Sam Carter,no,
leader,Ria Patel,yes,
leader,Jo Bloggs,,2026-01-20T12:00:00
nec-clp,Ann Ash,yes,
nec-clp,Ben Birch,no,
"""

NOMINATIONS_CSV = """\
contest,candidate,body,nominated_at,status
leader,Sam Carter,CLP001,2026-01-20T19:30:00,
leader,Sam Carter,MP01,2026-01-08T10:00:00,verified
leader,Ria Patel,MP02,2026-01-09T11:00:00,
leader,Sam Carter,U01,2026-01-22T18:00:00+00:00,submitted
nec-clp,Ann Ash,CLP001,2026-06-05T19:00:00,
nec-clp,Ben Birch,CLP001,2026-06-05T19:00:00,submitted
"""

SUSPENSIONS_CSV = """\
person,starts_at,ends_at,reason
Ria Patel,2026-01-25T10:00:00,,none published
Tom Reed,2026-01-05T00:00:00,2026-01-10T00:00:00,Conduct
"""


@pytest.fixture
def files(tmp_path):
    """Write the definition and CSV files (or variants of them) and return their paths."""

    def write(name: str, content: str | bytes):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return path

    write.election = write("election.toml", ELECTION_TOML)
    write.bodies = write("bodies.csv", BODIES_CSV)
    write.candidates = write("candidates.csv", CANDIDATES_CSV)
    write.nominations = write("nominations.csv", NOMINATIONS_CSV)
    write.suspensions = write("suspensions.csv", SUSPENSIONS_CSV)
    return write


@pytest.fixture
def load_all(app, files):
    """Load the definition and import every file; returns the summaries and the election."""
    from tracker.extensions import db
    from tracker.imports.csv_import import import_bodies, import_candidates, import_nominations, import_suspensions
    from tracker.imports.election_toml import load_election

    def load():
        loaded = load_election(files.election)
        election = loaded.election
        summaries = [loaded] + [
            importer(election, path)
            for importer, path in (
                (import_bodies, files.bodies),
                (import_candidates, files.candidates),
                (import_nominations, files.nominations),
                (import_suspensions, files.suspensions),
            )
        ]
        db.session.commit()
        return election, summaries

    return load
