"""Processing through a real Celery worker on Redis, including a worker killed mid-job."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings

from config.celery import app as celery_app
from submissions.models import Submission, SubmissionStatus
from submissions.services.intake import IncomingFile
from synthesis.models import JobState, ProcessingJob

from .conftest import SHARED_DATA
from .factories import make_call, make_submission

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
BAD = Path(__file__).parent / "data" / "bad"


def _database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Worker:
    """A `celery worker` process against the test database and broker."""

    def __init__(self, media_root: Path):
        self.media_root = media_root
        self.process: subprocess.Popen | None = None
        self.log = media_root.parent / "worker.log"

    def start(self) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": celery_app.conf.broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "MEDIA_ROOT": str(self.media_root),
            "CELERY_VISIBILITY_TIMEOUT": "5",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-l", "info",
             "--without-mingle", "--without-gossip"],
            cwd=settings.BASE_DIR, env=env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker(settings):
    client = redis.Redis.from_url(celery_app.conf.broker_url)
    client.flushdb()  # the test broker database holds nothing else
    worker = Worker(Path(settings.MEDIA_ROOT))
    yield worker
    worker.stop()


def wait_for(predicate, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    raise AssertionError(message)


def status_of(submission: Submission) -> str:
    return Submission.objects.values_list("status", flat=True).get(pk=submission.pk)


def job_state(submission: Submission) -> str | None:
    return ProcessingJob.objects.filter(submission=submission).values_list("state", flat=True).first()


def test_a_real_worker_processes_what_the_portal_queued(worker):
    call = make_call()
    submission = make_submission(call, text="Debt relief and development finance are essential for recovery.")
    assert job_state(submission) == JobState.QUEUED  # stored and queued; nobody processed it yet
    worker.start()
    wait_for(lambda: status_of(submission) == SubmissionStatus.READY, 90, worker.log.read_text())
    assert job_state(submission) == JobState.DONE
    submission.refresh_from_db()
    assert submission.detected_language == "en" and submission.word_count == 9


def test_worker_killed_mid_job_then_the_job_completes_after_restart(worker):
    call = make_call()
    big_text = "\n\n".join((SHARED_DATA / "udhr" / name).read_text(encoding="utf-8")
                           for name in ("eng.html", "fra.html", "rus.html"))
    submission = make_submission(
        call, text="", files=[IncomingFile("udhr.html", big_text.encode()),
                              IncomingFile("scan.pdf", (BAD / "image-only.pdf").read_bytes())],
    )
    worker.start()
    wait_for(lambda: job_state(submission) == JobState.RUNNING, 60, "the job never started")
    worker.kill()  # SIGKILL: no chance to finish or acknowledge
    assert job_state(submission) == JobState.RUNNING
    assert status_of(submission) != SubmissionStatus.READY

    worker.start()
    # What celery beat does every few minutes: re-queue jobs left running by a dead worker.
    celery_app.send_task("synthesis.tasks.sweep_stale_jobs", kwargs={"older_than_seconds": 0})
    wait_for(lambda: status_of(submission) == SubmissionStatus.READY, 120, worker.log.read_text())
    job = ProcessingJob.objects.get(submission=submission)
    assert job.state == JobState.DONE and job.attempts >= 2
    submission.refresh_from_db()
    assert submission.word_count > 3000
    assert set(submission.language_shares) >= {"en", "fr", "ru"}
