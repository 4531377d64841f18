"""A live portal through a Redis outage: its own redis-server, stopped mid-submission (decision 0020)."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.parse
import urllib.request
import uuid

import pytest

from submissions.models import Submission
from synthesis.models import JobState, ProcessingJob
from tests.factories import make_call

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    def __init__(self) -> None:
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("own redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis(settings):
    from config.celery import app

    redis = OwnRedis()
    redis.start()
    url = f"redis://127.0.0.1:{redis.port}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {"BACKEND": "config.cache.FailoverCache", "LOCATION": f"{url}/1",
                      "OPTIONS": {"PRIMARY": "django.core.cache.backends.redis.RedisCache",
                                  "socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    }
    settings.CACHES["counts"] = dict(settings.CACHES["ratelimit"])  # the inbox counts, as in config.settings
    previous = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = f"{url}/0"
    app.conf.task_always_eager = False
    app._after_fork()
    yield redis
    redis.stop()
    app.conf.broker_url, app.conf.task_always_eager = previous
    app._after_fork()


def _post(base: str, slug: str) -> tuple[int, float, str]:
    """A real multipart-free POST (text only) with a fresh key, CSRF cookie from a GET first."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(),
                                         urllib.request.HTTPRedirectHandler())
    page = opener.open(f"{base}/calls/{slug}/submit/", timeout=10).read().decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    data = urllib.parse.urlencode({
        "csrfmiddlewaretoken": token, "category": "ngo", "organisation": "Friends of Cooperation",
        "contact_name": "Ana", "email": "ana@example.org", "language": "en", "consent": "no",
        "text": "Debt relief and development finance are essential for recovery.",
        "idempotency_key": uuid.uuid4().hex,
    }).encode()
    started = time.monotonic()
    try:
        response = opener.open(urllib.request.Request(f"{base}/calls/{slug}/submit/", data=data,
                                                      headers={"Referer": f"{base}/calls/{slug}/submit/"}),
                               timeout=20)
        status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    return status, time.monotonic() - started, body


def test_redis_stopped_mid_submission_no_500_and_every_submission_stored(own_redis, live_server):
    call = make_call(deadline="2999-12-31")
    results = [_post(live_server.url, call.slug) for _ in range(2)]
    own_redis.stop()  # Redis goes away between senders
    results += [_post(live_server.url, call.slug) for _ in range(3)]
    statuses = [status for status, _, _ in results]
    assert statuses == [200] * 5, [(s, b[:300]) for s, _, b in results if s != 200]
    assert all("receipt" in body.lower() or "reference" in body.lower() for _, _, body in results)
    assert max(elapsed for _, elapsed, _ in results[2:]) < 3.0  # no broker retry inside the request
    assert Submission.objects.count() == 5
    queued = ProcessingJob.objects.filter(state=JobState.QUEUED).count()
    assert queued == 5  # nobody consumed; those sent while Redis was down wait for the sweep

    # Redis back (empty: no persistence): the sweep re-queues what was lost, a worker would take them.
    own_redis.start()
    from synthesis.services.jobs import requeue_stale

    assert requeue_stale(older_than_seconds=0) == 5
