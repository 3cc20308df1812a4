"""A PostgreSQL cluster of a test's own, in a temporary directory on a free port, to stop and start at will.

It never touches the shared server on 5432: it is made with `initdb` and run with `pg_ctl` from PostgreSQL's
own bin directory (as the `postgres` user when the tests run as root, which PostgreSQL refuses)."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.processes import free_port

#: Seconds any one cluster command may take.
TIMEOUT = 60


def bin_dir() -> Path | None:
    """PostgreSQL's bin directory (the newest installed), or None when the server tools are missing."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl and shutil.which("initdb") else None


class Cluster:
    """initdb into a temporary directory; start(), stop(), url(); remove() stops it and deletes it all."""

    def __init__(self, bin_path: Path):
        self.bin = bin_path
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL will not run as root
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / tool), *args], check=True, timeout=TIMEOUT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "30", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def remove(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.SubprocessError:
            pass  # already stopped
        shutil.rmtree(self.root, ignore_errors=True)
