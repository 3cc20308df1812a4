"""gunicorn's settings for production: `gunicorn wsgi:app` (from the repository root) reads this file.

Each setting can be changed from the environment without editing it:
BIND (default 127.0.0.1:8000; the proxy in front connects here), WEB_WORKERS (default: one per CPU core),
WEB_THREADS (default 8 per worker), WEB_TIMEOUT (seconds a request may take, default 30)."""
import multiprocessing
import os

from tracker.serving import child_exit  # noqa: F401  (the master frees a reaped worker's share)

bind = os.environ.get("BIND", "127.0.0.1:8000")
#: One worker per core with threads in each measured best (benchmarks/public_pages.py, deadline_night.py).
workers = int(os.environ.get("WEB_WORKERS") or multiprocessing.cpu_count())
#: gunicorn's threaded worker (gthread), with the connections shared out evenly between the workers
#: (tracker/serving.py): on deadline night one gthread worker can otherwise take every connection.
worker_class = "tracker.serving.BalancedThreadWorker"
threads = int(os.environ.get("WEB_THREADS") or 8)
#: A worker silent this long is restarted; a slow request is cut off rather than holding a thread for ever.
timeout = int(os.environ.get("WEB_TIMEOUT") or 30)
graceful_timeout = 30
#: Keep-alive between the proxy and gunicorn.
keepalive = 5
#: Restart each worker after so many requests (with jitter, so they do not all restart at once).
max_requests = 10000
max_requests_jitter = 1000
#: The access log on standard output, with the time each request took (%(M)s milliseconds).
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
#: The app is imported in each worker after the fork: no database connection is shared across processes.
preload_app = False
