"""The benchmarks' gunicorn settings: none beyond their command lines (no access log), so that the repository's
production gunicorn.conf.py, which gunicorn would otherwise read from the working directory, is not used.

With READY_DIR in the environment, each worker writes an empty file named by its pid there once it has loaded
the app, so that a benchmark can wait for every worker before it starts, as a server on deadline night has long
since done."""
import os
from pathlib import Path

from tracker.serving import child_exit  # noqa: F401  (as in gunicorn.conf.py: a reaped worker's share is freed)


def post_worker_init(worker):
    ready = os.environ.get("READY_DIR")
    if ready:
        try:
            (Path(ready) / str(worker.pid)).touch()
        except OSError:
            pass  # no one is waiting any more (a worker started later, to replace one)
