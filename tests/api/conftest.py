"""Every response these tests receive from /api/v1/ is checked against the OpenAPI document."""
from __future__ import annotations

import pytest

from tests.api.openapi_check import CheckedClient
from tests.public.conftest import Clock


@pytest.fixture
def client(app):
    app.test_client_class = CheckedClient
    return app.test_client()


@pytest.fixture
def clock(monkeypatch):
    from tests.public.worlds import DURING_PLP

    found = Clock(monkeypatch)
    found.set(DURING_PLP)
    return found
