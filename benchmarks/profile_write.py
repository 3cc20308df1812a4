"""Where one nomination POST spends its time: the SQL it runs (count, and time per statement) and a profile.

Builds the deadline-night world (benchmarks/deadline_night.py) in a fresh database, logs one secretary in
through /login with the form's CSRF token in Flask's test client, lets them submit WARM nominations (warming
the caches a gunicorn worker would have warm), then profiles the next N, one at a time: for each statement
(by its first words) how many times it ran per POST and for how long; then the hottest functions by cumulative
time (cProfile). With --backend postgresql (default) or sqlite.

    .venv/bin/python benchmarks/profile_write.py [--backend postgresql] [--posts 30] [--top 40]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from deadline_night import CANDIDATES, PASSWORD, TOKEN, build_world  # noqa: E402
from public_pages import BIN, postgresql_database, run, sqlite_database  # noqa: E402

WARM = 5


def statement_key(sql: str) -> str:
    """A statement's first words, with literals and parameter lists folded, to group its runs."""
    text = " ".join(sql.split())
    text = re.sub(r"\(%\(.*?\)s(, %\(.*?\)s)*\)", "(…)", text)
    return text[:150]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="postgresql", choices=("postgresql", "sqlite"))
    parser.add_argument("--posts", type=int, default=30, help="POSTs measured without, then with the profiler (at most 95)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--existing", type=int, default=0,
                        help="nominations already stored in the first contest, from other CLPs (as later in the night)")
    args = parser.parse_args()
    databases = {"sqlite": sqlite_database, "postgresql": postgresql_database}
    with databases[args.backend]() as url:
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "deadline-night"}
        run([str(BIN / "flask"), "--app", "tracker", "db", "upgrade"], env)
        os.environ.update(DATABASE_URL=url, SECRET_KEY="deadline-night", PUBLIC_CACHE="1")
        os.environ.pop("REDIS_URL", None)
        world = build_world(url, 1 + -(-args.existing // CANDIDATES))
        store_nominations(world, args.existing)
        profile(world, args.posts, args.top)


def store_nominations(world: dict, count: int) -> None:
    """`count` submitted nominations in the first contest from the CLPs after the first (written directly)."""
    if not count:
        return
    from sqlalchemy import insert

    from tracker.extensions import db
    from tracker.nominations.models import Nomination
    from tracker.times import parse_moment
    from tracker.types import utcnow

    contest, candidates = world["contests"][0]
    at = parse_moment(world["when"], "UTC")
    rows = [dict(contest_id=contest, candidacy_id=candidates[n % CANDIDATES], body_id=world["bodies"][1 + n // CANDIDATES],
                 slot=1 + n % CANDIDATES, status="submitted", nominated_at=at, logged_at=utcnow())
            for n in range(count)]
    with world["app"].app_context():
        db.session.execute(insert(Nomination), rows)
        db.session.commit()
        db.engine.dispose()


def profile(world: dict, posts: int, top: int) -> None:
    from sqlalchemy import event

    from tracker import create_app
    from tracker.extensions import db

    app = create_app()
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    response = client.post("/login", data={"email": "sec1@example.org", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.status_code
    token = TOKEN.search(client.get("/secretary/").get_data(as_text=True)).group(1)
    body = world["bodies"][0]
    choices = [(contest, candidate) for contest, candidates in world["contests"] for candidate in candidates]

    counts: dict[str, int] = defaultdict(int)
    seconds: dict[str, float] = defaultdict(float)
    started: dict[int, float] = {}
    recording = [False]

    def before(conn, cursor, statement, parameters, context, executemany):
        started[id(cursor)] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        if recording[0]:
            key = statement_key(statement)
            counts[key] += 1
            seconds[key] += time.perf_counter() - started.pop(id(cursor), time.perf_counter())

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)

    def post(contest: int, candidate: int) -> None:
        response = client.post(f"/secretary/bodies/{body}/contests/{contest}/nominate",
                               data={"candidate": candidate, "nominated_at": world["when"], "csrf_token": token})
        assert response.status_code == 302, (response.status_code, response.get_data(as_text=True)[:2000])

    for contest, candidate in choices[:WARM]:
        post(contest, candidate)
    began, cpu = time.perf_counter(), time.process_time()
    for contest, candidate in choices[WARM + posts:WARM + 2 * posts]:
        post(contest, candidate)
    print(f"{posts} nomination POSTs unprofiled: {(time.perf_counter() - began) / posts * 1000:.1f} ms each, "
          f"{(time.process_time() - cpu) / posts * 1000:.1f} ms of this process's CPU each")
    recording[0] = True
    profiler = cProfile.Profile(time.process_time)  # CPU time: waits for the database are not counted
    began, cpu = time.perf_counter(), time.process_time()
    profiler.enable()
    for contest, candidate in choices[WARM:WARM + posts]:
        post(contest, candidate)
    profiler.disable()
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    recording[0] = False

    total_statements = sum(counts.values())
    sql_seconds = sum(seconds.values())
    print(f"{posts} nomination POSTs, one at a time: {elapsed / posts * 1000:.1f} ms each (profiled; "
          f"{cpu / posts * 1000:.1f} ms of this process's CPU), "
          f"{total_statements / posts:.1f} SQL statements each, {sql_seconds / posts * 1000:.1f} ms of them in SQL")
    print(f"\n{'per POST':>9} {'ms/POST':>8}  statement")
    for key in sorted(counts, key=lambda k: -seconds[k]):
        print(f"{counts[key] / posts:>9.2f} {seconds[key] / posts * 1000:>8.2f}  {key}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    print(out.getvalue())


if __name__ == "__main__":
    main()
