"""Real gunicorn servers for the tests and benchmarks that need them: started (and waited for until every worker
has loaded the app), stopped, and what their processes hold, read from /proc."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port of 127.0.0.1 free just now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(options: list[str], env: dict[str, str], workers: int, port: int,
                   timeout: float = 30) -> subprocess.Popen:
    """gunicorn serving wsgi:app from the repository root on 127.0.0.1:`port`, with `workers` workers, the
    benchmarks' settings (benchmarks/gunicorn.bench.conf.py, not the production gunicorn.conf.py) and `options`
    (worker class, threads, ...): returned once every worker has loaded the app and /livez answers, as a server
    has long since done when its users arrive. RuntimeError if it does not start within `timeout` seconds."""
    ready = Path(tempfile.mkdtemp(prefix="gunicorn-ready-"))  # each worker writes a file here once loaded
    command = [str(BIN / "gunicorn"), "--config", str(ROOT / "benchmarks" / "gunicorn.bench.conf.py"),
               "--workers", str(workers), *options, "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env={**env, "READY_DIR": str(ready)}, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while not (len(list(ready.iterdir())) >= workers and answers(f"http://127.0.0.1:{port}")):
            if time.monotonic() > deadline or process.poll() is not None:
                stop_gunicorn(process)
                raise RuntimeError(f"gunicorn did not start: {' '.join(command)}")
            time.sleep(0.2)
        return process
    finally:
        shutil.rmtree(ready, ignore_errors=True)


def answers(base: str) -> bool:
    """Whether the server at `base` answers its liveness check (/livez) with 200 now."""
    try:
        with urllib.request.urlopen(base + "/livez", timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def stop_gunicorn(process: subprocess.Popen) -> None:
    """Stop gracefully (SIGTERM: the workers finish their requests), or kill after 15 seconds."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def children(parent: int) -> list[int]:
    """The pids of a process's children (a gunicorn master's workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == parent:
                        found.append(int(entry))
            except OSError:
                continue  # gone meanwhile
    return found


def connections_held(master: int, port: int) -> dict[int, int]:
    """How many established TCP connections on `port` each of the gunicorn master's workers holds."""
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as lines:
                for line in list(lines)[1:]:
                    fields = line.split()
                    if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":  # 01: ESTABLISHED
                        established.add(fields[9])  # the socket's inode
        except OSError:
            continue
    held = {}
    for pid in children(master):
        sockets = []
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                sockets.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
            except OSError:
                continue  # closed meanwhile
        held[pid] = sum(link[len("socket:["):-1] in established for link in sockets if link.startswith("socket:["))
    return held
