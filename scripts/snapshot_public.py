"""Save every public page, CSV, feed and API answer of the demo, so that two versions of the code can be compared.

Usage, from the project root:

    .venv/bin/python scripts/snapshot_public.py OUT_DIR [--database sqlite:///path/demo.db]

Without --database it builds the demo for a fixed date (2026-12-06) in a fresh SQLite file under OUT_DIR. Every
URL is asked with a fixed ?as_of= where the page takes one, so the answers do not move with the clock; what still
carries the moment it was made (feeds' and pages' "as of now" stamps) is listed by `diff -r` and read by hand.
Run it on two checkouts against copies of the same database, then `diff -r OUT_A OUT_B`.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

DEMO_DAY = "2026-12-06"
#: Moments the demo's contests are judged at: before the MP stage closes, between stages, during CLP nominations.
MOMENTS = ("2026-11-20T12:00:00", "2026-12-01T12:00:00", "2026-12-06T12:00:00", "2027-03-01T12:00:00")


def urls(client) -> list[str]:
    """Every public URL of the demo, found from the API's own listings."""
    found = ["/", "/contests.csv", "/bodies?q=north", "/bodies.csv?q=north", "/api/v1/elections", "/api/v1/bodies?q=north",
             "/api/v1/candidates", "/api/v1/openapi.json"]
    for election in client.get("/api/v1/elections").get_json():
        e = election["slug"]
        found += [f"/elections/{e}", f"/elections/{e}/feed.atom", f"/api/v1/elections/{e}",
                  f"/api/v1/elections/{e}/contests", f"/api/v1/elections/{e}/changes", f"/api/v1/elections/{e}/bodies",
                  f"/elections/{e}/slates", f"/api/v1/elections/{e}/slates"]
        for contest in client.get(f"/api/v1/elections/{e}/contests").get_json():
            c = contest["slug"]
            base = f"/elections/{e}/contests/{c}"
            found += [base, f"{base}/feed.atom", f"/api/v1{base}", f"/api/v1{base}/ballot", f"/api/v1{base}/candidates",
                      f"/api/v1{base}/nominations", f"{base}/stages/ballot", f"{base}/stages/result",
                      f"{base}/stages/ballot/candidates.csv"]
            for stage in contest["stages"]:
                s = stage["id"]
                found.append(f"{base}/stages/{s}")
                found += [f"{base}/stages/{s}/{t}.csv" for t in ("progress", "nominations", "not-nominated", "regions")]
        bodies = client.get(f"/api/v1/elections/{e}/bodies").get_json()
        for body in bodies[:: max(1, len(bodies) // 12)]:
            found += [f"/bodies/{body['code']}", f"/bodies/{body['code']}/nominations.csv",
                      f"/api/v1/elections/{e}/bodies/{body['code']}"]
    for person in client.get("/api/v1/candidates").get_json():
        found += [f"/candidates/{person['slug']}", f"/candidates/{person['slug']}/nominations.csv",
                  f"/api/v1/candidates/{person['slug']}"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--database", default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    url = args.database
    if url is None:
        path = args.out / "demo.db"
        url = f"sqlite:///{path.resolve()}"
        env = {**os.environ, "DATABASE_URL": url, "PUBLIC_CACHE": "0"}
        for command in (["db", "upgrade"], ["demo", "--today", DEMO_DAY]):
            subprocess.run([sys.executable, "-m", "flask", "--app", "tracker", *command], env=env, check=True,
                           stdout=subprocess.DEVNULL)
    sys.path.insert(0, os.getcwd())
    from tracker import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PUBLIC_CACHE": False, "SECRET_KEY": "snapshot"})
    client = app.test_client()
    pages = args.out / "pages"
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir()
    listed = urls(client)
    for moment in MOMENTS:
        for path in listed:
            joiner = "&" if "?" in path else "?"
            asked = f"{path}{joiner}as_of={moment}"
            response = client.get(asked, headers={"Host": "localhost"})
            name = re.sub(r"[^A-Za-z0-9._-]+", "_", asked.strip("/")) or "home"
            (pages / name).write_bytes(
                f"{response.status_code} {response.mimetype}\n".encode() + response.get_data()
            )
    print(f"{len(listed) * len(MOMENTS)} answers written to {pages}")


if __name__ == "__main__":
    main()
