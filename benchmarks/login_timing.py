"""Whether the login form's answer time tells an account's existence: the time to refuse a wrong password for an
account that exists, against the time to refuse an address that has no account.

Builds a fresh SQLite database with one account, then in Flask's test client (the login limits raised out of the
way) alternates wrong-password and unknown-address logins through the real form, each with its CSRF token, and
prints the median and p90 of each and their ratio (1.0: the same time; before the fix the unknown address was
answered about 12 times faster). A right password is timed too, for scale.

    .venv/bin/python benchmarks/login_timing.py [--rounds 40]
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from public_pages import BIN, run, sqlite_database  # noqa: E402

PASSWORD = "a long enough password"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    with sqlite_database() as url:
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "login-timing"}
        env.pop("REDIS_URL", None)
        run([str(BIN / "flask"), "--app", "tracker", "db", "upgrade"], env)
        os.environ.update(DATABASE_URL=url, SECRET_KEY="login-timing",
                          LOGIN_LIMIT_PER_ACCOUNT="100000 per minute", LOGIN_LIMIT_PER_ADDRESS="100000 per minute")
        os.environ.pop("REDIS_URL", None)
        from tracker import create_app
        from tracker.accounts.operations import create_user
        from tracker.extensions import db

        app = create_app()
        with app.app_context():
            create_user("known@example.org", PASSWORD, "admin", [], None)
            db.session.commit()
        times: dict[str, list[float]] = {"wrong password": [], "unknown address": [], "right password": []}
        tries = [("wrong password", "known@example.org", "not the password"),
                 ("unknown address", "nobody@example.org", "not the password"),
                 ("right password", "known@example.org", PASSWORD)]
        for _ in range(args.rounds):
            for name, email, password in tries:
                client = app.test_client()
                token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
                began = time.perf_counter()
                answer = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
                times[name].append(time.perf_counter() - began)
                expected = 302 if name == "right password" else 400
                if answer.status_code != expected:
                    raise SystemExit(f"{name}: answered {answer.status_code}, not {expected}")
    print(f"login answer times over {args.rounds} rounds (Flask test client, SQLite):")
    for name, found in times.items():
        found.sort()
        print(f"  {name:<16} median {statistics.median(found) * 1000:6.1f} ms  "
              f"p90 {found[int(0.9 * len(found))] * 1000:6.1f} ms")
    ratio = statistics.median(times["unknown address"]) / statistics.median(times["wrong password"])
    print(f"  unknown address / wrong password, medians: {ratio:.2f}")


if __name__ == "__main__":
    main()
