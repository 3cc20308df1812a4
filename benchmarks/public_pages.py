"""How fast the public pages are: the demo election under gunicorn, on SQLite and on PostgreSQL.

For each database this script builds a fresh database (an SQLite file in a temporary directory; a PostgreSQL
database it creates and drops), runs `flask db upgrade` and `flask demo`, starts gunicorn on 127.0.0.1, and
drives it with a bounded load generator (threads holding keep-alive connections, 127.0.0.1 only) for

* the contest dashboard  /elections/<demo>/contests/leader
* the ballot API         /api/v1/elections/<demo>/contests/leader/ballot
* a minimal Flask route  /livez

printing requests per second, median and p99 latency, and each page's rate as a ratio of the minimal route's.
Targets: ratio >= 0.6 and p99 < 50 ms at 32 connections, with sync and with threaded workers. By default the page cache is on, as in production
(`--uncached` also measures with PUBLIC_CACHE=0, every request computed from the database; `--exact` with
PUBLIC_BASIS_TTL=0, the audit trail read on every request; `--redis URL` with the cache in Redis).

    .venv/bin/python benchmarks/public_pages.py [--backends sqlite,postgresql] [--seconds 10] [--connections 32]
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.processes import children, free_port, start_gunicorn, stop_gunicorn  # noqa: E402

BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
#: What a browser sends that matters here: it takes gzip.
HEADERS = {"Accept-Encoding": "gzip", "User-Agent": "tracker-benchmark"}
PG_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@dataclass
class Measured:
    name: str
    path: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


# --- the database and the server ---------------------------------------------------------------------------


def run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def prepare(url: str, env: dict) -> None:
    """Build the schema and load the demo election."""
    flask = [str(BIN / "flask"), "--app", "tracker"]
    started = time.perf_counter()
    run([*flask, "db", "upgrade"], env)
    run([*flask, "demo"], env)
    print(f"  demo loaded in {time.perf_counter() - started:.1f} s")


@contextmanager
def sqlite_database():
    directory = tempfile.mkdtemp(prefix="tracker-bench-")
    try:
        yield f"sqlite:///{directory}/bench.db"
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def postgresql_database():
    import psycopg

    name = f"tracker_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


#: The gunicorn master serving each port (while it runs).
_masters: dict[int, int] = {}
_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids) -> float:
    """User and system CPU seconds used so far by these processes (those gone are left out)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / _TICK


def server_pids(port: int) -> list[int]:
    """The gunicorn master serving `port` and its workers."""
    master = _masters[port]
    return [master, *children(master)]


#: The gunicorn worker classes the benchmarks can run, by the names their options take: the production one
#: (tracker.serving, as in gunicorn.conf.py), gunicorn's own threaded one it is built on, and one request at a time.
WORKER_CLASSES = {"balanced": "tracker.serving.BalancedThreadWorker", "gthread": "gthread", "sync": "sync"}


@contextmanager
def gunicorn(env: dict, workers: int, threads: int, worker_class: str = "balanced"):
    """gunicorn serving wsgi:app on a free port of 127.0.0.1 with a worker class of WORKER_CLASSES, once every
    worker has loaded the app; yields the port and stops the server after."""
    if worker_class not in WORKER_CLASSES:
        raise SystemExit(f"unknown worker class {worker_class!r}: choose from {', '.join(WORKER_CLASSES)}")
    port = free_port()
    pool = ["--threads", str(threads)] if worker_class != "sync" else []
    options = ["--worker-class", WORKER_CLASSES[worker_class], *pool, "--keep-alive", "30", "--log-level", "warning"]
    try:
        process = start_gunicorn(options, env, workers, port)
    except RuntimeError as error:
        raise SystemExit(str(error)) from None
    _masters[port] = process.pid
    try:
        yield port
    finally:
        _masters.pop(port, None)
        stop_gunicorn(process)


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- the load ------------------------------------------------------------------------------------------------


def _client(port: int, path: str, connections: int, start_at: float, stop_at: float, out) -> None:
    """One load process: `connections` threads, each on its own keep-alive connection, asking for `path`
    from `start_at` until `stop_at`; sends back (latencies, errors)."""
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections

    def worker(slot: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine = latencies[slot]
        time.sleep(max(0.0, start_at - time.time()))
        while True:
            began = time.perf_counter()
            if time.time() >= stop_at:
                break
            try:
                conn.request("GET", path, headers=HEADERS)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[slot] += 1
                mine.append(time.perf_counter() - began)
                if response.will_close:
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=30)
            except (OSError, http.client.HTTPException):
                errors[slot] += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.send(([x for chunk in latencies for x in chunk], sum(errors)))
    out.close()


def load(port: int, name: str, path: str, connections: int, seconds: float, processes: int) -> Measured:
    """`connections` keep-alive connections, spread over `processes` client processes (so that one
    interpreter's lock does not become the bottleneck or inflate the latencies), for `seconds`."""
    context = multiprocessing.get_context("fork")
    start_at = time.time() + 0.5
    stop_at = start_at + seconds
    shares = [connections // processes + (1 if i < connections % processes else 0) for i in range(processes)]
    pipes, loaders = [], []
    for share in shares:
        if not share:
            continue
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_client, args=(port, path, share, start_at, stop_at, send))
        child.start()
        pipes.append(receive)
        loaders.append(child)
    latencies: list[float] = []
    errors = 0
    for receive in pipes:
        found, failed = receive.recv()
        latencies += found
        errors += failed
    for child in loaders:
        child.join()
    return Measured(name, path, len(latencies), errors, seconds, latencies)


def routes(port: int) -> list[tuple[str, str]]:
    """The demo's Leader contest (or the first contest) and its ballot, and the minimal route."""
    status, body = get(port, "/api/v1/elections")
    if status != 200:
        raise SystemExit(f"/api/v1/elections answered {status}")
    elections = json.loads(body)
    election = next(e for e in elections if e["contests"])
    contest = next((c for c in election["contests"] if c["slug"] == "leader"), election["contests"][0])
    base = f"/elections/{election['slug']}/contests/{contest['slug']}"
    return [("contest dashboard", base), ("ballot API", "/api/v1" + base + "/ballot"), ("minimal route", "/livez")]


def measure(port: int, connections: int, seconds: float, processes: int) -> list[Measured]:
    found = routes(port)
    for _, path in found:  # warm every worker's cache and connection pool
        for _ in range(20):
            get(port, path)
    return [load(port, name, path, connections, seconds, processes) for name, path in found]


def report(title: str, results: list[Measured], connections: int) -> None:
    baseline = next(r for r in results if r.name == "minimal route").rate
    print(f"\n  {title} — {connections} connections")
    print(f"  {'page':<18} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} {'errors':>7}  path")
    for r in results:
        ratio = r.rate / baseline if baseline else float("nan")
        print(f"  {r.name:<18} {r.rate:>9.0f} {r.percentile(0.5):>8.1f} {r.percentile(0.99):>8.1f} "
              f"{ratio:>7.2f} {r.errors:>7}  {r.path}")
    for r in results:
        if r.name == "minimal route":
            continue
        ratio = r.rate / baseline if baseline else 0
        verdict = "meets" if ratio >= 0.6 and r.percentile(0.99) < 50 else "MISSES"
        print(f"  {r.name}: {verdict} the target (ratio >= 0.6, p99 < 50 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds of load per route")
    parser.add_argument("--connections", type=int, default=32)
    # one worker per core with threads for the waiting: more processes than cores only adds queueing at p99
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--worker-classes", default="balanced,sync",
                        help="gunicorn worker classes to measure in turn: balanced (production's, gunicorn.conf.py), "
                             "gthread (gunicorn's own threaded worker), sync (one request at a time per worker)")
    parser.add_argument("--clients", type=int, default=4, help="load-generating processes sharing the connections")
    parser.add_argument("--uncached", action="store_true", help="also measure with the page cache off")
    parser.add_argument("--exact", action="store_true",
                        help="also measure reading the audit trail on every request (PUBLIC_BASIS_TTL=0)")
    parser.add_argument("--redis", default=None, help="also measure with the page cache in Redis at this URL")
    args = parser.parse_args()
    print(f"Nominations Tracker public pages: {os.cpu_count()} CPUs, gunicorn {args.workers} workers "
          f"({args.worker_classes}; threaded ones with {args.threads} threads), {args.clients} client processes, "
          f"{args.seconds:.0f} s per route; "
          f"load average {os.getloadavg()[0]:.1f}")
    databases = {"sqlite": sqlite_database, "postgresql": postgresql_database}
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        print(f"\n{backend}:")
        with databases[backend]() as url:
            env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "benchmark", "FLASK_DEBUG": "0"}
            env.pop("REDIS_URL", None)
            prepare(url, env)
            modes = [("page cache in process", {})]
            if args.exact:
                modes.append(("page cache, audit trail read on every request", {"PUBLIC_BASIS_TTL": "0"}))
            if args.redis:
                modes.append(("page cache in Redis", {"REDIS_URL": args.redis}))
            if args.uncached:
                modes.append(("no page cache", {"PUBLIC_CACHE": "0"}))
            classes = [c.strip() for c in args.worker_classes.split(",") if c.strip()]
            for (title, extra), worker_class in [(mode, c) for mode in modes for c in classes]:
                with gunicorn({**env, **extra}, args.workers, args.threads, worker_class) as port:
                    results = measure(port, args.connections, args.seconds, args.clients)
                    report(f"{backend}, {title}, {worker_class} workers", results, args.connections)


if __name__ == "__main__":
    main()
