"""A killed worker's job is taken over once its lease lapses, by the ordinary sweep (no forced age)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import redis

from config.celery import app as celery_app
from submissions.models import Submission, SubmissionStatus
from submissions.services.intake import IncomingFile
from synthesis.models import JobState, ProcessingJob
from synthesis.services.jobs import requeue_stale, stale_jobs
from tests.celery_worker import Worker, wait_for
from tests.conftest import TEST_DATA, UDHR
from tests.factories import make_call, make_submission

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
LEASE = 4


@pytest.fixture
def worker(settings, monkeypatch):
    redis.Redis.from_url(celery_app.conf.broker_url).flushdb()
    monkeypatch.setenv("RAPPORTEUR_JOB_LEASE_SECONDS", str(LEASE))
    settings.RAPPORTEUR_JOB_LEASE_SECONDS = LEASE
    worker = Worker(Path(settings.MEDIA_ROOT))
    yield worker
    worker.stop()


def scanned_pages(count: int) -> bytes:
    """A PDF of ``count`` scanned pages (the image-only letter, rendered and repeated): OCR makes
    the job last several seconds on any machine, so the kill lands while it runs."""
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument((TEST_DATA / "bad" / "image-only.pdf").read_bytes())
    image = document[0].render(scale=150 / 72).to_pil().convert("RGB")
    document.close()
    out = io.BytesIO()
    image.save(out, format="PDF", save_all=True, append_images=[image] * (count - 1), resolution=150)
    return out.getvalue()


def _state(submission: Submission) -> str | None:
    return ProcessingJob.objects.filter(submission=submission).values_list("state", flat=True).first()


def test_running_job_is_never_swept_while_its_lease_is_renewed_and_is_after_a_kill(worker):
    text = "\n\n".join((UDHR / n).read_text(encoding="utf-8") for n in ("eng.html", "fra.html", "rus.html"))
    submission = make_submission(make_call(), text="", files=[
        IncomingFile("udhr.html", text.encode()),
        IncomingFile("scan.pdf", scanned_pages(12))])
    worker.start()
    wait_for(lambda: _state(submission) == JobState.RUNNING, 60, "the job never started")
    time.sleep(LEASE * 1.5)
    assert _state(submission) == JobState.RUNNING, "the job finished too soon: give it more pages to read"
    assert submission.pk not in stale_jobs()  # still running past its lease: its heartbeat renews it
    worker.kill()
    killed_at = time.monotonic()
    assert _state(submission) == JobState.RUNNING  # killed mid-job: nobody marked it done or failed
    # The lease lapses with no worker up. (A worker restarted at once may take the unacknowledged message
    # back just as the lease lapses and claim the job: correct, but the lapse then lasts too short to see.)
    wait_for(lambda: submission.pk in stale_jobs(), LEASE * 3, "the lease never lapsed")
    worker.start()
    assert requeue_stale() >= 1  # the ordinary sweep, as beat runs it every minute
    wait_for(lambda: _state(submission) == JobState.DONE, 90, worker.log.read_text()[-3000:])
    assert time.monotonic() - killed_at < 60 + 300  # within the hard time limit plus a minute
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.READY
    assert os.environ["RAPPORTEUR_JOB_LEASE_SECONDS"] == str(LEASE)
