"""The app served by a gunicorn process of its own (the benchmarks' config), and a browser logged in to it through
the real login form: for fault tests that need real processes, sockets and cookies."""
from __future__ import annotations

import http.cookiejar
import os
import re
import urllib.request
from urllib.parse import urlencode

from tests.conftest import PASSWORD
from tests.processes import free_port, start_gunicorn

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def serve(url: str, workers: int = 1, worker_class: str = "tracker.serving.BalancedThreadWorker", threads: int = 4,
          **settings: str):
    """A gunicorn process (`workers` of `worker_class`, `threads` threads each) serving the app on a free port with
    DATABASE_URL `url` and the environment `settings` (no REDIS_URL unless given); (process, base URL), once every
    worker has loaded the app and /livez answers. Stop it with tests.processes.stop_gunicorn."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "fault-tests"}
    env.pop("REDIS_URL", None)
    env.update(settings)
    options = ["--worker-class", worker_class, "--threads", str(threads), "--log-level", "warning"]
    return start_gunicorn(options, env, workers, port), f"http://127.0.0.1:{port}"


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

