"""Deadline night: many CLP secretaries submitting nominations at once, under gunicorn, on SQLite and PostgreSQL.

For each database this script builds a fresh database (an SQLite file in a temporary directory; a PostgreSQL
database it creates and drops), runs `flask db upgrade`, adds an election whose CLP stage is open, N CLPs
each with its own secretary, and contests with candidates enough to nominate; starts gunicorn on 127.0.0.1
(2 workers x 8 threads of production's worker class by default, as `gunicorn.conf.py` would on two cores,
started once every worker has loaded the app); logs each secretary in through
/login with the form's real CSRF token; and lets them all submit nominations, each as fast as it is answered,
for T seconds. It prints accepted writes per second, p50 and p99 latency, errors (any answer but the redirect
that follows an accepted nomination), and checks that rows stored = nominations accepted = audit events
recorded (nothing lost, nothing stored twice).

    .venv/bin/python benchmarks/deadline_night.py [--backends sqlite,postgresql] [--secretaries 20] [--seconds 10]
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import sys
import threading
import time
from contextlib import nullcontext
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from public_pages import (  # noqa: E402
    BIN,
    HOST,
    WORKER_CLASSES,
    cpu_seconds,
    gunicorn,
    postgresql_database,
    run,
    server_pids,
    sqlite_database,
)

from tests.processes import connections_held  # noqa: E402

PASSWORD = "deadline night password"
FORMAT = "%Y-%m-%dT%H:%M"
#: Contests and candidates in each: how many nominations one secretary can make (contests x candidates).
CONTESTS = 4
CANDIDATES = 250
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def build_world(url: str, secretaries: int) -> dict:
    """An open CLP stage in CONTESTS contests of CANDIDATES candidates each; CLP001… with sec1@… each."""
    os.environ["DATABASE_URL"] = url
    from tests.factories import create_body, create_candidate, create_contest, create_election
    from tracker import create_app
    from tracker.accounts.operations import create_user
    from tracker.config import database_url
    from tracker.extensions import db
    from tracker.types import utcnow

    url = database_url("")  # postgresql://… read through psycopg 3, as the app reads DATABASE_URL
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "deadline-night"})
    with app.app_context():
        now = utcnow().replace(second=0, microsecond=0)
        election = create_election(timezone="UTC")
        contests = []
        for number in range(CONTESTS):
            contest = create_contest(
                election, slug=f"office-{number}", title=f"Office {number}", max_nominations_per_body=CANDIDATES,
                stages=[dict(key="supporting", title="Nominations from CLPs", opens_at=now - timedelta(days=3),
                             closes_at=now + timedelta(days=7), routes=[dict(kind="clp", count=2)])],
            )
            candidates = [create_candidate(contest, f"Candidate {number}-{i}").id for i in range(CANDIDATES)]
            contests.append((contest.id, candidates))
        bodies = [create_body(election, f"CLP{i:03d}", "clp", name=f"Town {i} CLP").id
                  for i in range(1, secretaries + 1)]
        for i in range(1, secretaries + 1):
            create_user(f"sec{i}@example.org", PASSWORD, "secretary", [f"CLP{i:03d}"], None)
        db.session.commit()
        when = (now - timedelta(hours=1)).strftime(FORMAT)
        db.engine.dispose()
    return dict(contests=contests, bodies=bodies, when=when, app=app)


def stored_counts(app) -> tuple[int, int]:
    from sqlalchemy import func, select

    from tracker.audit.models import AuditEvent
    from tracker.extensions import db
    from tracker.nominations.models import Nomination

    with app.app_context():
        rows = db.session.scalar(select(func.count()).select_from(Nomination))
        audited = db.session.scalar(select(func.count()).where(AuditEvent.action == "nomination.create"))
        db.session.remove()
        db.engine.dispose()
    return rows, audited


class Browser:
    """One secretary's keep-alive connection with its session cookie."""

    def __init__(self, port: int):
        self.port = port
        self.cookie = ""
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)

    def ask(self, method: str, path: str, form: dict | None = None, remember: bool = True) -> tuple[int, str]:
        """One request on the connection; the session cookie the answer sets is kept unless `remember` is false."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            raise
        for name, value in response.getheaders():
            if remember and name.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, text

    def log_in(self, email: str) -> str:
        """Log in through the form with its CSRF token; the token to post other forms with."""
        status, page = self.ask("GET", "/login")
        token = TOKEN.search(page).group(1)
        status, _ = self.ask("POST", "/login", {"email": email, "password": PASSWORD, "csrf_token": token})
        if status != 302:
            raise SystemExit(f"{email} could not log in: {status}")
        status, page = self.ask("GET", "/secretary/")
        return TOKEN.search(page).group(1)


class Plan:
    """When the load's phases begin and end, set once every secretary has logged in."""

    def __init__(self, secretaries: int, baseline: float, seconds: float):
        self.baseline, self.seconds = baseline, seconds
        self.logged_in = threading.Barrier(secretaries + 1)
        self.go = threading.Event()
        self.baseline_at = self.write_at = self.stop_at = 0.0

    def start(self) -> None:
        """Called once all have logged in: the /livez phase begins at once, the writes after it."""
        self.baseline_at = time.time() + 0.2
        self.write_at = self.baseline_at + self.baseline + (0.5 if self.baseline else 0)
        self.stop_at = self.write_at + self.seconds
        self.go.set()


def submit(port: int, world: dict, index: int, plan: Plan, results: list, baseline: list) -> None:
    browser = Browser(port)
    try:
        token = browser.log_in(f"sec{index + 1}@example.org")
    finally:
        plan.logged_in.wait()
    plan.go.wait()
    body = world["bodies"][index]
    choices = [(contest, candidate) for contest, candidates in world["contests"] for candidate in candidates]
    time.sleep(max(0.0, plan.baseline_at - time.time()))
    bare, bare_errors = [], 0
    while time.time() < plan.write_at - 0.5:  # the baseline: the bare route, on the same connections
        began = time.perf_counter()
        try:
            status, _ = browser.ask("GET", "/livez")
        except (OSError, http.client.HTTPException):
            status = None
        bare.append(time.perf_counter() - began)
        bare_errors += status != 200
    baseline.append((bare, bare_errors))
    latencies, accepted, errors, statuses = [], 0, 0, {}
    time.sleep(max(0.0, plan.write_at - time.time()))
    for contest, candidate in choices:
        if time.time() >= plan.stop_at:
            break
        began = time.perf_counter()
        try:
            # A browser follows the redirect to the secretary's page, which shows the message the answer put in
            # the session cookie and takes it out again; that page is a read, not fetched here, so the session
            # cookie stays the one from before the POST (otherwise every message would pile up in the cookie).
            status, _ = browser.ask("POST", f"/secretary/bodies/{body}/contests/{contest}/nominate",
                                    {"candidate": candidate, "nominated_at": world["when"], "csrf_token": token},
                                    remember=False)
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
        latencies.append(time.perf_counter() - began)
        if status == 302:
            accepted += 1
        else:
            errors += 1
            statuses[status] = statuses.get(status, 0) + 1
    else:
        statuses["ran out of candidates"] = 1
    results.append((latencies, accepted, errors, statuses))


class LockSampler:
    """PostgreSQL: what the benchmark database's connections are doing, sampled every 50 ms during the load
    (pg_stat_activity): running a statement, waiting for a lock (the audit chain's advisory lock, a row), or
    idle inside a transaction (the app working between statements, any lock it took still held)."""

    def __init__(self, url: str):
        self.name = url.rsplit("/", 1)[1]
        self.samples: list[dict[str, int]] = []
        #: The database's backends seen, and the CPU each had used when first seen (from /proc).
        self.backends: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        import psycopg
        from public_pages import PG_ADMIN_URL

        query = ("SELECT CASE WHEN wait_event_type = 'Lock' THEN 'waiting for ' || wait_event || ' lock' "
                 "WHEN state = 'idle in transaction' THEN 'idle in transaction' ELSE state END, count(*) "
                 "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() GROUP BY 1")
        pids = "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            while True:
                for (pid,) in conn.execute(pids, (self.name,)).fetchall():
                    self.backends.setdefault(pid, cpu_seconds([pid]))
                if self.stop.wait(0.05):
                    break
                self.samples.append({state or "?": count for state, count in conn.execute(query, (self.name,))})

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        self.cpu = sum(cpu_seconds([pid]) - before for pid, before in self.backends.items())

    def report(self) -> str:
        if not self.samples:
            return "  no samples of pg_stat_activity"
        states = sorted({state for sample in self.samples for state in sample})
        mean = {state: sum(s.get(state, 0) for s in self.samples) / len(self.samples) for state in states}
        return (f"  connections, mean of {len(self.samples)} samples of pg_stat_activity: "
                + ", ".join(f"{state} {mean[state]:.1f}" for state in sorted(states, key=lambda s: -mean[s])))


def percentile(latencies: list[float], share: float) -> float:
    """The latency (ms) below which `share` of the sorted `latencies` fall."""
    return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000 if latencies else float("nan")


def measure(name: str, url: str, secretaries: int, seconds: float, workers: int, threads: int,
            baseline_seconds: float, worker_class: str) -> bool:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "deadline-night", "PUBLIC_CACHE": "1"}
    env.pop("REDIS_URL", None)
    run([str(BIN / "flask"), "--app", "tracker", "db", "upgrade"], env)
    world = build_world(url, secretaries)
    with gunicorn(env, workers, threads, worker_class) as port:
        results: list = []
        baseline: list = []
        plan = Plan(secretaries, baseline_seconds, seconds)
        clients = [threading.Thread(target=submit, args=(port, world, i, plan, results, baseline))
                   for i in range(secretaries)]
        for client in clients:
            client.start()
        plan.logged_in.wait()  # every secretary logged in (password hashing is no part of what is measured)
        held = sorted(connections_held(server_pids(port)[0], port).values(), reverse=True)
        plan.start()
        sampler = LockSampler(url) if name == "postgresql" else None
        time.sleep(max(0.0, plan.write_at - time.time()))
        pids = server_pids(port)
        app_cpu, client_cpu = cpu_seconds(pids), time.process_time()
        with sampler or nullcontext():
            for client in clients:
                client.join()
            app_cpu, client_cpu = cpu_seconds(pids) - app_cpu, time.process_time() - client_cpu
    latencies = sorted(x for found, *_ in results for x in found)
    bare = sorted(x for found, _ in baseline for x in found)
    bare_errors = sum(failed for _, failed in baseline)
    accepted = sum(r[1] for r in results)
    errors = sum(r[2] for r in results)
    statuses: dict = {}
    for *_, found in results:
        for key, count in found.items():
            statuses[key] = statuses.get(key, 0) + count
    rows, audited = stored_counts(world["app"])

    whole = rows == accepted == audited
    rate = accepted / seconds
    print(f"{name:<10} {secretaries} secretaries, {seconds:g} s, gunicorn {workers} workers x {threads} threads; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"  accepted {accepted} ({rate:.1f} writes/s)  p50 {percentile(latencies, 0.5):.1f} ms  "
          f"p99 {percentile(latencies, 0.99):.1f} ms  errors {errors}{' ' + str(statuses) if statuses else ''}")
    if bare:
        bare_rate = len(bare) / baseline_seconds
        print(f"  baseline /livez, same server and connections, {baseline_seconds:g} s before: {bare_rate:.0f} req/s  "
              f"p50 {percentile(bare, 0.5):.1f} ms  p99 {percentile(bare, 0.99):.1f} ms  errors {bare_errors}")
        print(f"  ratios to the baseline: writes/s {rate / bare_rate:.3f}  "
              f"p50 {percentile(latencies, 0.5) / percentile(bare, 0.5):.1f}x  "
              f"p99 {percentile(latencies, 0.99) / percentile(bare, 0.99):.1f}x")
    per = sorted(r[1] for r in results)
    print(f"  accepted per secretary: fewest {per[0]}, median {per[len(per) // 2]}, most {per[-1]}; "
          f"connections held by each worker: {', '.join(map(str, held)) or 'unknown'}")
    print(f"  stored rows {rows}, audit events {audited}: "
          + ("rows = accepted = audit events (0 lost, 0 duplicated)" if whole else "MISMATCH"))
    if accepted:
        print(f"  CPU per accepted write: gunicorn {app_cpu / accepted * 1000:.1f} ms"
              + (f", PostgreSQL backends {sampler.cpu / accepted * 1000:.1f} ms" if sampler else "")
              + f", this client {client_cpu / accepted * 1000:.1f} ms")
    if sampler:
        print(sampler.report())
    return whole and errors == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--secretaries", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--worker-class", default="balanced", choices=sorted(WORKER_CLASSES),
                        help="balanced: production's (gunicorn.conf.py); gthread: gunicorn's own threaded worker")
    parser.add_argument("--baseline", type=float, default=5,
                        help="seconds of the bare route /livez first, on the same server and connections (0: none)")
    args = parser.parse_args()
    if not 1 <= args.secretaries <= 200 or not 0 < args.seconds <= 120:
        raise SystemExit("keep it bounded: 1-200 secretaries, at most 120 seconds")
    databases = {"sqlite": sqlite_database, "postgresql": postgresql_database}
    good = True
    for name in [b.strip() for b in args.backends.split(",") if b.strip()]:
        with databases[name]() as url:
            good &= measure(name, url, args.secretaries, args.seconds, args.workers, args.threads, args.baseline,
                            args.worker_class)
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
