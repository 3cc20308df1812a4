"""What a gunicorn master's processes hold, read from /proc: for the tests and benchmarks that run real servers."""
from __future__ import annotations

import os


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
