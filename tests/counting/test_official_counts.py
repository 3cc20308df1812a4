"""Official Scottish council counts reproduced stage by stage to the last decimal place (see data/README.md)."""

import json
from pathlib import Path

import pytest

from tracker.counting import count, read_blt

DATA = Path(__file__).parent / "data"
WARDS = ["aberdeen_2017_ward1", "aberdeen_2017_ward3"]


@pytest.mark.parametrize("ward", WARDS)
def test_every_stage_matches_the_declared_result(ward):
    election = read_blt((DATA / f"{ward}.blt").read_text())
    official = json.loads((DATA / f"{ward}.expected.json").read_text())
    result = count(election, "scottish-stv")

    assert result.seats == official["seats"]
    assert result.valid_votes == official["valid_poll"]
    assert result.quota == official["quota"]
    assert len(result.stages) == len(official["stages"])
    for stage, declared in zip(result.stages, official["stages"], strict=True):
        ours = {name: f"{votes:.5f}" for name, votes in stage.votes.items()}
        assert ours == declared, f"stage {stage.number} ({stage.action})"
        assert sum(stage.votes.values()) + stage.non_transferable == official["valid_poll"]
    elected_at = {name: stage.number for stage in result.stages for name in stage.elected}
    assert elected_at == official["elected"]
