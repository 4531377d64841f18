"""gunicorn settings for production (``gunicorn -c config/gunicorn_conf.py config.wsgi:application``).

One place for the web server's shape, read by the Dockerfile, docker-compose.yml and
``bench/bench_intake.py`` (which measures it; decision 0020, throughput). The environment
may override: ``WEB_WORKERS``, ``WEB_THREADS``, ``WEB_TIMEOUT``; command-line flags win over both.
"""
from __future__ import annotations

import gc
import os


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
# One process per core (Python runs one thread at a time per process) and enough threads in each to
# overlap the waits on PostgreSQL and Redis. Measured on 2 cores with bench/bench_intake.py, 50 senders:
# 2 x 8 gave 26-29 receipts per 1,000 bare req/s; 4 x 4 15-17, 2 x 4 14-18, 3 x 4 22, sync x 5-8 17-25.
# Every thread may hold a database connection: workers x threads must stay under PostgreSQL's limit.
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS") or max(2, _cores()))  # two at least: one may be being replaced
threads = int(os.environ.get("WEB_THREADS") or 8)
timeout = int(os.environ.get("WEB_TIMEOUT") or 60)
# Replace a worker now and then (memory creep), never all at once.
max_requests = 2000
max_requests_jitter = 200
# Import Django once in the master: a new or replaced worker is a fork, serving at once, instead of
# spending a second or more of CPU on imports while senders queue behind it (and the workers share
# that memory). Nothing opens a connection at import; ``pre_fork`` makes sure none is inherited.
preload_app = True
# Heartbeat files in memory, not on a container's overlay disk (a slow disk must not kill workers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def when_ready(server: object) -> None:
    """Warm the master once, so every fork starts with it: the views (URLconf), the form's templates
    and the e-mail validator's patterns, otherwise each worker's first requests build them."""
    from django.core.validators import validate_email
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - loaded for the side effect
    for name in ("portal/submit.html", "portal/email/receipt.txt", "staff/inbox.html"):
        get_template(name)
    validate_email("warm-up@example.org")
    # Everything loaded so far lives as long as the process: out of the collector's sight, a full
    # collection scans the requests' objects only (about 5 ms instead of about 100 ms with every
    # thread of the worker stopped; bench_triage, issue 15), and forked workers keep sharing its pages.
    gc.freeze()


def pre_fork(server: object, worker: object) -> None:
    """No database or cache connection of the master may be shared with a worker."""
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    caches.close_all()
