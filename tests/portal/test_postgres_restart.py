"""A live portal (gunicorn) on a PostgreSQL cluster of its own, restarted mid-way (issue 13, decision 0020).

The cluster is a throwaway ``initdb`` under /tmp on a free port, loaded with the test
database's schema; it is stopped and removed in a finalizer whatever happens.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(*command: str) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


class OwnPostgres:
    def __init__(self) -> None:
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="pg-restart-"))
        self.data = self.root / "data"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-t", "30", *args),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)

    def create(self) -> None:
        subprocess.run(_as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                                    "-N"), check=True, stdout=subprocess.DEVNULL, timeout=60)
        self.start()

    def start(self) -> None:
        # fsync off: the test is about the portal across a restart, not about the disk.
        self.pg_ctl("-o", f"-p {self.port} -k {self.root} -c fsync=off", "-l", str(self.root / "log"), "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")

    def restart(self) -> None:
        self.pg_ctl("-m", "fast", "restart")

    def destroy(self) -> None:
        subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)

    def query(self, sql: str, database: str = "postgres") -> list[tuple]:
        db = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database)
        db.autocommit = True
        try:
            with db.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall() if cursor.description else []
        finally:
            db.close()


@pytest.fixture
def own_postgres(request) -> Iterator[OwnPostgres]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 server binaries are not installed")
    cluster = OwnPostgres()
    request.addfinalizer(cluster.destroy)
    cluster.create()
    cluster.query("CREATE DATABASE portal")
    # The schema of the test database (already migrated), instead of migrating again (10 s).
    test_db = connection.settings_dict
    schema = subprocess.run(
        [str(PG_BIN / "pg_dump"), "--schema-only", "--no-owner", "-h", test_db["HOST"] or "127.0.0.1",
         "-p", str(test_db["PORT"] or 5432), "-U", test_db["USER"] or "postgres", test_db["NAME"]],
        check=True, capture_output=True, timeout=60).stdout
    subprocess.run([str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(cluster.port),
                    "-U", "postgres", "portal"], input=schema, check=True, capture_output=True, timeout=60)
    yield cluster


@pytest.fixture
def call_in_own_postgres(own_postgres):
    """An open call stored in the throwaway cluster (the test process points there for a moment)."""
    from tests.factories import make_call

    settings_dict = connection.settings_dict
    saved = {key: settings_dict[key] for key in ("HOST", "PORT", "NAME")}
    connection.close()
    settings_dict.update({"HOST": "127.0.0.1", "PORT": str(own_postgres.port), "NAME": "portal"})
    try:
        call = make_call(slug="restart-call", deadline="2999-12-31")
    finally:
        connection.close()
        settings_dict.update(saved)
    return call


@pytest.fixture
def portal_on_own_postgres(own_postgres, request) -> str:
    """gunicorn serving the portal from the throwaway cluster; no broker (jobs wait for the sweep)."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{own_postgres.port}/portal",
           "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",  # nothing listens: publishing fails at once
           "SECRET_KEY": "restart-test-secret-key-" + "x" * 30, "EMAIL_URL": "dummymail://",
           "PORTAL_SUBMIT_RATE": "100000/h", "DB_CONNECT_TIMEOUT": "2", "LOG_LEVEL": "CRITICAL",
           "MEDIA_ROOT": str(own_postgres.root / "media")}
    env.pop("CACHE_URL", None)  # rate-limit counts in process memory
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "4", "--worker-class", "gthread", "--log-level", "critical"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop() -> None:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    request.addfinalizer(stop)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if urllib.request.urlopen(f"{base}/healthz", timeout=2).status == 200:
                return base
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


class Sender:
    """One person: opens the form once, then sends it (again, with the same key, after a 503)."""

    def __init__(self, base: str, slug: str, prefix: str = "") -> None:
        self.url = f"{base}{prefix}/calls/{slug}/submit/"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        self.key = uuid.uuid4().hex
        self.token = ""

    def open_form(self) -> int:
        try:
            page = self.opener.open(self.url, timeout=15).read().decode()
        except urllib.error.HTTPError as error:
            return error.code
        self.token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        return 200

    def send(self) -> tuple[int, str]:
        data = urllib.parse.urlencode({
            "csrfmiddlewaretoken": self.token, "category": "ngo", "organisation": "Friends of Cooperation",
            "contact_name": "Ana", "email": "ana@example.org", "language": "en", "consent": "no",
            "text": "Debt relief and development finance are essential for recovery.", "idempotency_key": self.key,
        }).encode()
        request = urllib.request.Request(self.url, data=data, headers={"Referer": self.url})
        try:
            response = self.opener.open(request, timeout=15)  # follows the redirect to the receipt
            return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def test_postgres_restart_gives_try_again_page_and_loses_no_submission(own_postgres, call_in_own_postgres,
                                                                     portal_on_own_postgres):
    base, slug = portal_on_own_postgres, call_in_own_postgres.slug
    outcomes: list[tuple[Sender, int]] = []
    stop = threading.Event()

    def keep_sending() -> None:
        while not stop.is_set():
            sender = Sender(base, slug)
            if sender.open_form() != 200:
                time.sleep(0.05)  # the form itself could not be shown (503): nothing to send yet
                continue
            status, _body = sender.send()
            outcomes.append((sender, status))

    threads = [threading.Thread(target=keep_sending) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 20
        while sum(1 for _, status in outcomes if status == 200) < 8 and time.monotonic() < deadline:
            time.sleep(0.1)
        own_postgres.restart()  # pg_ctl restart -m fast, senders still posting
        before_restart_done = len(outcomes)
        deadline = time.monotonic() + 20
        while (sum(1 for _, status in outcomes[before_restart_done:] if status == 200) < 8
               and time.monotonic() < deadline):
            time.sleep(0.1)

        # While it is down: the translated "try again in a minute" page, not a 500.
        french = Sender(base, slug, prefix="/fr")
        assert french.open_form() == 200
        own_postgres.stop()
        down = [french.send() for _ in range(2)]
        own_postgres.start()
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    statuses = [status for _, status in outcomes]
    assert 500 not in statuses and set(statuses) <= {200, 503}, statuses
    assert statuses[:8].count(200) == 8 and statuses[before_restart_done:].count(200) >= 8
    with translation.override("fr"):
        heading = gettext("Please try again in a minute")
    for status, body in down:
        assert status == 503
        assert 'lang="fr"' in body and heading in body

    # Those told to try again send the same form again (same key): each is stored exactly once.
    retried = [sender for sender, status in outcomes if status == 503] + [french]
    for sender in retried:
        status, body = sender.send()
        assert status == 200 and "try again" not in body.lower()

    stored = dict(own_postgres.query(
        "SELECT idempotency_key, count(*) FROM submissions_submission GROUP BY idempotency_key", "portal"))
    sent = {sender.key for sender, _ in outcomes} | {french.key}
    assert set(stored) == sent  # everything acknowledged before, during and after the restart is there
    assert set(stored.values()) == {1}  # and nothing twice
