"""Intake throughput: concurrent senders against the real portal under gunicorn (issue 13, decision 0020).

Starts gunicorn with the production settings (``config/gunicorn_conf.py``) on the bench
PostgreSQL database with Redis as broker (no worker: the request only validates and stores),
then N senders each GET the form and POST a text submission with its one-time key; prints
receipts/s and POST p50/p95 next to the same numbers for a bare Django view (/healthz) on the
same server, where the CPU went (gunicorn, PostgreSQL, this client) and whether the target
is met. Target: >= 30 receipts/s and p95 < 1 s at 50 senders on 2 cores.

The machine may be shared: the load average is printed, and the bare view's rate shows
what the server could do at that moment.

    python bench/bench_intake.py [--senders 50] [--seconds 20] [--workers N --threads N]
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import runpy
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import BENCH_DB, ROOT, median, p95, setup_django, start_gunicorn

PORT = int(os.environ.get("BENCH_PORT", "8765"))
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
# Rate-limit counts: process memory unless set (production: Redis, e.g. redis://127.0.0.1:6379/13).
CACHE = os.environ.get("BENCH_CACHE_URL", "")


def cpu_seconds(root_pid: int) -> float:
    """User + system CPU of a process and its children (the gunicorn workers), from /proc.

    The master's own count includes the workers it reaped (replaced after ``max_requests``).
    """
    pids = [root_pid]
    with contextlib.suppress(OSError):
        pids += [int(p) for p in Path(f"/proc/{root_pid}/task/{root_pid}/children").read_text().split()]
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        reaped = int(fields[13]) + int(fields[14]) if pid == root_pid else 0
        total += (int(fields[11]) + int(fields[12]) + reaped) / os.sysconf("SC_CLK_TCK")
    return total


TARGET_RATE = 30.0
TARGET_P95 = 1.0


def postgres_cpu_seconds(database: str) -> dict[int, float]:
    """CPU of each PostgreSQL backend serving ``database`` (from /proc), by pid."""
    found: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
            if not command.startswith("postgres:") or f" {database} " not in command:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def start_server(workers: int | None, threads: int | None, worker_class: str | None) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}",
           "CELERY_BROKER_URL": BROKER, "SECRET_KEY": "bench-secret-key-" + "x" * 40,
           "PORTAL_SUBMIT_RATE": "100000/h", "CONN_MAX_AGE": "60", "LOG_LEVEL": "WARNING",
           # The receipt goes to the outbox; no worker runs here, so nothing is sent anyway.
           "EMAIL_URL": "dummymail://", **({"CACHE_URL": CACHE} if CACHE else {})}
    # The production settings; --workers/--threads only to compare others.
    overrides = [*(["--workers", str(workers)] if workers else []), *(["--threads", str(threads)] if threads else []),
                 *(["--worker-class", worker_class] if worker_class else [])]
    return start_gunicorn(env, PORT, overrides)


def sender(slug: str, until: float, latencies: list[float], outcomes: list[int], bare: bool) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    while time.monotonic() < until:
        try:
            if bare:
                started = time.monotonic()
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                response.read()
                latencies.append(time.monotonic() - started)
                outcomes.append(response.status)
                continue
            connection.request("GET", f"/calls/{slug}/submit/")
            response = connection.getresponse()
            page = response.read().decode()
            cookie = (response.getheader("Set-Cookie") or "").split(";")[0]
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            body = urllib.parse.urlencode({
                "csrfmiddlewaretoken": token, "category": "ngo", "organisation": "Bench NGO",
                "contact_name": "Ana", "email": "ana@example.org", "language": "en", "consent": "no",
                "text": "Debt relief and development finance are essential for recovery.",
                "idempotency_key": uuid.uuid4().hex,
            })
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                       "Referer": f"http://127.0.0.1:{PORT}/calls/{slug}/submit/"}
            started = time.monotonic()
            connection.request("POST", f"/calls/{slug}/submit/", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            latencies.append(time.monotonic() - started)
            outcomes.append(response.status)
        except (OSError, http.client.HTTPException, AttributeError):
            outcomes.append(0)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)


def run(slug: str, senders: int, seconds: float, bare: bool) -> tuple[float, float, float, dict[int, int]]:
    latencies: list[float] = []
    outcomes: list[int] = []
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=sender, args=(slug, until, latencies, outcomes, bare)) for _ in range(senders)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    # A receipt is the redirect to it (302); a form shown again (400) is not one.
    good = sum(1 for status in outcomes if status == (200 if bare else 302))
    counts: dict[int, int] = {}
    for status in outcomes:
        counts[status] = counts.get(status, 0) + 1
    return good / elapsed, median(latencies) if latencies else 0, p95(latencies) if latencies else 0, counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--senders", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=None, help="override config/gunicorn_conf.py")
    parser.add_argument("--threads", type=int, default=None, help="override config/gunicorn_conf.py")
    parser.add_argument("--worker-class", default=None, help="override config/gunicorn_conf.py (e.g. sync)")
    args = parser.parse_args()
    os.environ["CELERY_BROKER_URL"] = BROKER
    setup_django()
    from submissions.models import Submission
    from submissions.services.calls import upsert_call

    # A new call each run: every submission rewrites its call's row (the reference counter), and while
    # any long transaction is open on the server (another session's run) the dead row versions of
    # earlier runs are kept and every page's read of the call walks them (15 ms after ~10,000).
    run_id = f"{int(time.time()) % 10**7:07d}"
    spec = {"slug": f"bench-intake-{run_id}", "reference_prefix": f"B{run_id}", "title": {"en": "Bench intake"},
            "body": "human-rights-council", "session": 1, "agenda_item": "3", "mandate": {"en": "x"},
            "report_symbol": "A/HRC/1/1",
            "report_author": "high-commissioner", "original_language": "en", "report_languages": ["en"],
            "note_verbale_date": "2022-01-01", "deadline": "2999-12-31", "themes": []}
    call, _ = upsert_call(spec)
    before = Submission.objects.filter(call=call).count()
    server = start_server(args.workers, args.threads, args.worker_class)
    load_before = os.getloadavg()[0]
    try:
        bare = run(call.slug, args.senders, args.seconds / 2, bare=True)
        cpu_before, pg_before = cpu_seconds(server.pid), postgres_cpu_seconds(BENCH_DB)
        client_before = time.process_time()
        portal = run(call.slug, args.senders, args.seconds, bare=False)
        server_cpu = cpu_seconds(server.pid) - cpu_before
        client_cpu = time.process_time() - client_before
        pg_cpu = sum(seconds - pg_before.get(pid, 0.0) for pid, seconds in postgres_cpu_seconds(BENCH_DB).items())
    finally:
        server.terminate()
        server.wait(timeout=20)
    stored = Submission.objects.filter(call=call).count() - before
    conf = runpy.run_path(str(ROOT / "config" / "gunicorn_conf.py"))
    overridden = args.workers or args.threads or args.worker_class
    print(f"intake, {args.senders} concurrent senders, gunicorn {args.workers or conf['workers']} workers x "
          f"{args.threads or conf['threads']} threads ({args.worker_class or conf['worker_class']}, "
          f"{'overridden' if overridden else 'config/gunicorn_conf.py'}), {os.cpu_count()} cores")
    print(f"  bare view /healthz : {bare[0]:7.1f} req/s   p50 {bare[1] * 1000:6.0f} ms   p95 {bare[2] * 1000:6.0f} ms"
          f"   statuses {bare[3]}")
    print(f"  portal submit POST : {portal[0]:7.1f} receipts/s   p50 {portal[1] * 1000:6.0f} ms   "
          f"p95 {portal[2] * 1000:6.0f} ms   statuses {portal[3]}")
    print(f"  receipts/s per 1,000 bare req/s: {portal[0] / max(bare[0], 1e-9) * 1000:.1f}")
    print(f"  stored rows: {stored} (302 receipts: {portal[3].get(302, 0)})")
    receipts = max(portal[3].get(302, 0), 1)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"  CPU per receipt (form GET + POST): gunicorn {server_cpu / receipts * 1000:.0f} ms, PostgreSQL "
          f"{pg_cpu / receipts * 1000:.0f} ms, bench client {client_cpu / receipts * 1000:.0f} ms;"
          f" rate-limit cache: {CACHE or 'process memory'}; load average {load_before:.1f} -> {load}")
    met = portal[0] >= TARGET_RATE and portal[2] < TARGET_P95
    print(f"  target >= {TARGET_RATE:.0f} receipts/s and p95 < {TARGET_P95 * 1000:.0f} ms: "
          f"{'MET' if met else 'MISSED'} ({portal[0]:.1f} receipts/s, p95 {portal[2] * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
