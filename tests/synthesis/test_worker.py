"""Processing through a real Celery worker on Redis, including a worker killed mid-job."""
from __future__ import annotations

from pathlib import Path

import pytest
import redis

from config.celery import app as celery_app
from submissions.models import Submission, SubmissionStatus
from submissions.services.intake import IncomingFile
from synthesis.models import JobState, ProcessingJob
from tests.celery_worker import Worker, wait_for
from tests.conftest import TEST_DATA, UDHR
from tests.factories import make_call, make_submission

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
BAD = TEST_DATA / "bad"


@pytest.fixture
def worker(settings):
    client = redis.Redis.from_url(celery_app.conf.broker_url)
    client.flushdb()  # the test broker database holds nothing else
    worker = Worker(Path(settings.MEDIA_ROOT))
    yield worker
    worker.stop()


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
    big_text = "\n\n".join((UDHR / name).read_text(encoding="utf-8")
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


def test_a_prefork_worker_loads_the_models_once_before_its_pool_forks(settings):
    """The encoder is loaded by the worker's parent process (``synthesis.preload``), and the pool
    process that runs the task uses it: no second "encoder loaded" in the log."""
    import re

    client = redis.Redis.from_url(celery_app.conf.broker_url)
    client.flushdb()
    worker = Worker(Path(settings.MEDIA_ROOT), pool="prefork")
    try:
        call = make_call()
        submission = make_submission(call, text="Debt relief and development finance are essential for recovery.")
        worker.start()
        wait_for(lambda: status_of(submission) == SubmissionStatus.READY, 120, "not processed")
        log = worker.log.read_text()
    finally:
        worker.stop()
    preloaded = re.findall(r"processing models preloaded in [\d.]+ s \(pid (\d+)\)", log)
    loaded = re.findall(r"encoder loaded in [\d.]+ s \(pid (\d+)\)", log)
    assert len(preloaded) == 1, log
    assert loaded == preloaded, log  # loaded once, by the parent; the child that processed it did not
