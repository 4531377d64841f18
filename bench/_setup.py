"""Shared set-up for benchmarks: a dedicated PostgreSQL database, Django configured."""
from __future__ import annotations

import os
import resource
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = os.environ.get("BENCH_DATABASE", "rapporteur_bench")


def setup_django(migrate: bool = True) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production")
    os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench" / "media"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import psycopg2

    admin = psycopg2.connect("dbname=postgres user=postgres host=127.0.0.1")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{BENCH_DB}"')
    admin.close()
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def start_gunicorn(env: dict[str, str], port: int, extra: list[str] | None = None):
    """gunicorn in the production shape (``config/gunicorn_conf.py``), once it answers /healthz.

    ``extra``: command-line flags that override the config (only to compare other shapes).
    """
    import http.client
    import subprocess
    import time

    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", str(ROOT / "config" / "gunicorn_conf.py"),
         "config.wsgi:application", "--bind", f"127.0.0.1:{port}", *(extra or []), "--log-level", "warning"],
        cwd=ROOT, env=env)
    for _ in range(150):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def run_concurrently(user, count: int) -> None:
    """``user(n)`` for n in range(count), each in its own thread, until all are done (concurrent clients)."""
    import threading

    threads = [threading.Thread(target=user, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
