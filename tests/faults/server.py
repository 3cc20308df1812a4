"""The app served by a gunicorn process of its own (the benchmarks' config), and a browser logged in to it through
the real login form: for fault tests that need real processes, sockets and cookies."""
from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from tests.conftest import PASSWORD
from tests.faults.cluster import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def serve(url: str, workers: int = 1, worker_class: str = "tracker.serving.BalancedThreadWorker", threads: int = 4,
          **settings: str):
    """A gunicorn process (`workers` of `worker_class`, `threads` threads each) serving the app on a free port with
    DATABASE_URL `url` and the environment `settings` (no REDIS_URL unless given); (process, base URL), once every
    worker has loaded the app and /livez answers."""
    port = free_port()
    ready = Path(tempfile.mkdtemp(prefix="gunicorn-ready-"))
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "fault-tests", "READY_DIR": str(ready)}
    env.pop("REDIS_URL", None)
    env.update(settings)
    command = [str(BIN / "gunicorn"), "--config", str(ROOT / "benchmarks" / "gunicorn.bench.conf.py"),
               "--workers", str(workers), "--worker-class", worker_class, "--threads", str(threads),
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if len(list(ready.iterdir())) >= workers:
                with urllib.request.urlopen(base + "/livez", timeout=2):
                    shutil.rmtree(ready, ignore_errors=True)
                    return process, base
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            shutil.rmtree(ready, ignore_errors=True)
            process.kill()
            raise RuntimeError("gunicorn did not start") from None
        time.sleep(0.2)


def stop(process) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def read(base: str, path: str) -> str:
    with urllib.request.urlopen(base + path, timeout=10) as answer:
        return answer.read().decode()


def log_in(base: str, index: int = 0):
    """A browser (urllib with a cookie jar) logged in as secretary `index` through GET and POST /login;
    (browser, the CSRF token of its new session)."""
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    token = TOKEN.search(browser.open(base + "/login", timeout=10).read().decode()).group(1)
    form = {"email": f"sec{index + 1}@example.org", "password": PASSWORD, "csrf_token": token}
    with browser.open(base + "/login", data=urlencode(form).encode(), timeout=10) as answer:
        return browser, TOKEN.search(answer.read().decode()).group(1)  # logging in starts a new session

