"""Loading the real contests' fixtures (tests/fixtures/real/<contest>/: election.toml and CSV files)."""
from __future__ import annotations

from pathlib import Path

from tracker.extensions import db
from tracker.imports.csv_import import import_bodies, import_candidates, import_nominations
from tracker.imports.election_toml import load_election

REAL = Path(__file__).parent / "fixtures" / "real"


def load_real(name: str):
    """Load one real contest's definition and files, as an admin would, and commit; returns the election."""
    folder = REAL / name
    election = load_election(folder / "election.toml").election
    for importer, file in ((import_bodies, "bodies.csv"), (import_candidates, "candidates.csv"),
                           (import_nominations, "nominations.csv")):
        importer(election, folder / file)
    db.session.commit()
    return election
