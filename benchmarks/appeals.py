"""Signing and confirming an appeal under load: 32 concurrent connections on PostgreSQL, under gunicorn.

Builds a fresh PostgreSQL database (created here, dropped after), runs `flask db upgrade`, publishes an appeal
with one consent choice over a register of CLPs, starts a real SMTP server (aiosmtpd) that writes each
confirmation link it receives to a file, and serves the app with gunicorn (2 workers x 8 threads by default,
mail delivered by each worker's own thread, as without Redis). Then N connections (spread over client
processes) each, until the time is up: sign with a fresh address (the real form, its CSRF token, its honeypot),
wait for the mail, and confirm by POSTing the link's button; one confirmation in ten is pressed a second time,
which must be refused. It prints signatures confirmed per second, p50 and p99 of signing and of confirming,
errors, the same as ratios to the bare route /livez measured first on the same server and connections, and
checks that the confirmed count stored equals the confirmations accepted (0 lost, 0 counted twice).

    .venv/bin/python benchmarks/appeals.py [--connections 32] [--seconds 15] [--workers 2] [--threads 8] [--baseline 5]
"""
from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from deadline_night import Browser  # noqa: E402  (one keep-alive connection with its session cookie)
from public_pages import BIN, HOST, free_port, gunicorn, load, postgresql_database, run  # noqa: E402

PAGE = "/appeals/bench-org/bench-appeal"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
STARTED = re.compile(r'name="started"[^>]*value="([^"]+)"')
LINK = re.compile(r"(/appeals/confirm/[A-Za-z0-9_-]+)")
CLPS = 60
REGIONS = ("North West", "Wales", "London", "Scotland", "South East", "Yorkshire")


def build_world(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    from tests.factories import create_body, create_election
    from tracker import create_app
    from tracker.appeals.operations import publish_appeal
    from tracker.config import database_url
    from tracker.extensions import db
    from tracker.slates.models import Organisation

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url(""), "SECRET_KEY": "appeals-bench"})
    with app.app_context():
        election = create_election(slug="bench", timezone="UTC")
        for i in range(CLPS):
            create_body(election, f"C{i:03d}", "clp", name=f"Town {i} CLP", region=REGIONS[i % len(REGIONS)])
        organisation = Organisation(slug="bench-org", name="Bench Organisation", description="")
        db.session.add(organisation)
        db.session.flush()
        publish_appeal(organisation, slug="bench-appeal", title="Benchmark appeal", petitioning="the NEC",
                       target=1000, consents=[("local_groups", "Share my details with local groups.", "local groups")])
        db.session.commit()
        db.engine.dispose()


class Inbox:
    """A real SMTP server writing each confirmation link to <directory>/<address>."""

    def __init__(self, directory: Path):
        from aiosmtpd.controller import Controller

        self.directory = directory
        self.port = free_port()
        self.controller = Controller(self, hostname=HOST, port=self.port)

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes
        from email.policy import default

        found = LINK.search(message_from_bytes(envelope.content, policy=default).get_content())
        for address in envelope.rcpt_tos:
            if found:
                (self.directory / address.lower()).write_text(found.group(1))
        return "250 OK"


def wait_for_link(inbox: Path, address: str, timeout: float = 20.0) -> str | None:
    path = inbox / address
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and (text := path.read_text()):
            return text
        time.sleep(0.01)
    return None


def connection(port: int, inbox: Path, name: str, start_at: float, stop_at: float, out: list) -> None:
    browser = Browser(port)
    status, page = browser.ask("GET", PAGE)
    token, started = TOKEN.search(page).group(1), STARTED.search(page).group(1)
    signing, confirming, accepted, refused_again, errors = [], [], 0, 0, {}
    time.sleep(max(0.0, start_at - time.time()))
    number = 0
    while time.time() < stop_at:
        number += 1
        address = f"{name}-{number}@bench.example"
        form = {"csrf_token": token, "started": started, "website": "", "name": f"Signer {name} {number}",
                "email": address, "body": f"C{number % CLPS:03d}", "consent_local_groups": "yes"}
        began = time.perf_counter()
        try:
            status, page = browser.ask("POST", PAGE, form)
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
        signing.append(time.perf_counter() - began)
        if status != 200 or "Check your email" not in page:
            errors[f"sign {status}"] = errors.get(f"sign {status}", 0) + 1
            continue
        link = wait_for_link(inbox, address)
        if link is None:
            errors["no mail"] = errors.get("no mail", 0) + 1
            continue
        began = time.perf_counter()
        try:
            status, page = browser.ask("POST", link, {"csrf_token": token})
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
        confirming.append(time.perf_counter() - began)
        if status == 200 and "your signature is confirmed" in page:
            accepted += 1
        else:
            errors[f"confirm {status}"] = errors.get(f"confirm {status}", 0) + 1
        if number % 10 == 0:  # the same button pressed again: refused, not counted twice
            status, page = browser.ask("POST", link, {"csrf_token": token})
            if status == 400 and "already used" in page:
                refused_again += 1
            else:
                errors[f"second press {status}"] = errors.get(f"second press {status}", 0) + 1
    out.append((signing, confirming, accepted, refused_again, errors))


def client_process(port, inbox, names, start_at, stop_at, queue) -> None:
    results: list = []
    threads = [threading.Thread(target=connection, args=(port, inbox, name, start_at, stop_at, results))
               for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(results)


def stored(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM signature WHERE status = 'confirmed'").fetchone()[0]


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] * 1000 if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--baseline", type=float, default=5,
                        help="seconds of the bare route /livez first, on the same server and connections")
    args = parser.parse_args()
    if not 1 <= args.connections <= 200 or not 0 < args.seconds <= 120:
        raise SystemExit("keep it bounded: 1-200 connections, at most 120 seconds")
    with postgresql_database() as url, tempfile.TemporaryDirectory(prefix="appeals-bench-") as directory:
        inbox_dir = Path(directory)
        inbox = Inbox(inbox_dir)
        inbox.controller.start()
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "appeals-bench", "MIN_FORM_SECONDS": "0",
               "MAIL_URL": f"smtp://{HOST}:{inbox.port}", "BASE_URL": "http://bench.example",
               "APPEAL_LIMIT_PER_ADDRESS": "1000000 per hour", "APPEAL_LIMIT_PER_APPEAL": "1000000 per minute"}
        env.pop("REDIS_URL", None)
        try:
            run([str(BIN / "flask"), "--app", "tracker", "db", "upgrade"], env)
            build_world(url)
            with gunicorn(env, args.workers, args.threads) as port:
                # The baseline: the bare route, on the same server, connections and client processes, first.
                bare = load(port, "livez", "/livez", args.connections, args.baseline, args.processes)
                context = multiprocessing.get_context("fork")
                queue = context.Queue()
                start_at = time.time() + 3
                stop_at = start_at + args.seconds
                names = [f"c{i}" for i in range(args.connections)]
                groups = [names[i::args.processes] for i in range(args.processes)]
                processes = [context.Process(target=client_process,
                                             args=(port, inbox_dir, group, start_at, stop_at, queue))
                             for group in groups if group]
                for process in processes:
                    process.start()
                results = [item for _ in processes for item in queue.get()]
                for process in processes:
                    process.join()
                time.sleep(0.5)
        finally:
            inbox.controller.stop()
        signing = [x for r in results for x in r[0]]
        confirming = [x for r in results for x in r[1]]
        accepted = sum(r[2] for r in results)
        again = sum(r[3] for r in results)
        errors: dict = {}
        for *_, found in results:
            for key, count in found.items():
                errors[key] = errors.get(key, 0) + count
        confirmed = stored(url)
    elapsed = args.seconds
    print(f"PostgreSQL, {args.connections} connections, {args.seconds:g} s, gunicorn {args.workers} workers x "
          f"{args.threads} threads, mail through a local SMTP server")
    print(f"  signatures confirmed: {accepted} ({accepted / elapsed:.1f} signatures/s, each a signing and a "
          f"confirmation)")
    print(f"  signing:    {len(signing)} requests  p50 {percentile(signing, 0.5):.1f} ms  "
          f"p99 {percentile(signing, 0.99):.1f} ms")
    print(f"  confirming: {len(confirming)} requests  p50 {percentile(confirming, 0.5):.1f} ms  "
          f"p99 {percentile(confirming, 0.99):.1f} ms")
    print(f"  second presses refused: {again}; errors: {errors or 0}")
    print(f"  baseline /livez, same server and connections, {args.baseline:g} s before: {bare.rate:.0f} req/s  "
          f"p50 {bare.percentile(0.5):.1f} ms  p99 {bare.percentile(0.99):.1f} ms  errors {bare.errors}")
    requests = (len(signing) + len(confirming)) / elapsed
    print(f"  ratios to the baseline: requests/s {requests / bare.rate:.3f}  "
          f"signing p99 {percentile(signing, 0.99) / bare.percentile(0.99):.1f}x  "
          f"confirming p99 {percentile(confirming, 0.99) / bare.percentile(0.99):.1f}x")
    whole = confirmed == accepted
    print(f"  confirmed count stored {confirmed}, confirmations accepted {accepted}: "
          + ("equal (0 lost, 0 counted twice)" if whole else "MISMATCH"))
    raise SystemExit(0 if whole and not errors else 1)


if __name__ == "__main__":
    main()
