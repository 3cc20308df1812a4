"""A live server on 127.0.0.1 and headless Chromium (Debian's, driven by Playwright), for end-to-end tests.

Outside CI a missing browser or axe-core skips these tests with the reason; under CI=true it fails them.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import CI

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def unavailable(reason: str):
    if CI:
        pytest.fail(f"CI=true requires it: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        unavailable(f"Chromium not found at {CHROMIUM} (make browser-deps installs Debian's chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        unavailable(f"Playwright is not installed: {error}")
    with sync_playwright() as playwright:
        found = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield found
        found.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.exists():
        unavailable(f"axe-core not found at {AXE} (npm ci installs it from package.json)")
    return AXE


@pytest.fixture
def live_server(app):
    """The app served by werkzeug in a thread on a free port of 127.0.0.1; yields its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def artifacts(request) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def clock(monkeypatch):
    from tests.public.conftest import Clock
    from tests.public.worlds import DURING_SUPPORTING

    found = Clock(monkeypatch)
    found.set(DURING_SUPPORTING)
    return found


@pytest.fixture
def site(app, tmp_path, clock):
    """The demo with something on every page (tests/browser/sample_site.py), built a minute ago: what it froze
    and declared is in the past of the pages."""
    from datetime import UTC, datetime, timedelta

    from tests.browser.sample_site import build_site

    now = datetime.now(UTC)  # the demo's timetable is built around today
    clock.set(now - timedelta(minutes=1))
    found = build_site(tmp_path)
    clock.set(now)
    return found
