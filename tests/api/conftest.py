"""Fixtures for the API tests (every /api/v1/ answer in the suite is checked against openapi.json: see
tests/conftest.py)."""
from __future__ import annotations

import pytest

from tests.public.conftest import Clock


@pytest.fixture
def clock(monkeypatch):
    from tests.public.worlds import DURING_PLP

    found = Clock(monkeypatch)
    found.set(DURING_PLP)
    return found
