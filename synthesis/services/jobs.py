"""Processing jobs: queueing, running, retrying and sweeping; one function per state change.

A ``ProcessingJob`` row is written before the message goes to the broker, so a
broker outage leaves a visible ``queued`` job that the periodic sweep re-queues:
nothing is silently lost.
"""
from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.models import User
from django.db import OperationalError
from django.db.models import F, Q
from django.utils import timezone

from submissions.models import AuditAction, Submission
from submissions.services.audit import record_event
from submissions.services.triage import TriageError
from synthesis.models import JobState, ProcessingJob
from synthesis.tasks import process_submission_task

log = logging.getLogger(__name__)

# A job untouched this long is taken as lost (worker killed, broker restarted).
STALE_AFTER = dt.timedelta(minutes=10)


def mark_queued(submission_id: int) -> ProcessingJob:
    job, _ = ProcessingJob.objects.update_or_create(
        submission_id=submission_id,
        defaults={"state": JobState.QUEUED, "queued_at": timezone.now(), "error": ""},
    )
    return job


def mark_running(submission_id: int) -> None:
    ProcessingJob.objects.update_or_create(
        submission_id=submission_id,
        defaults={"state": JobState.RUNNING, "started_at": timezone.now(), "finished_at": None},
    )
    ProcessingJob.objects.filter(submission_id=submission_id).update(attempts=F("attempts") + 1)


def mark_done(submission_id: int) -> None:
    ProcessingJob.objects.filter(submission_id=submission_id).update(
        state=JobState.DONE, finished_at=timezone.now(), error=""
    )


def mark_failed(submission_id: int, error: str) -> None:
    ProcessingJob.objects.filter(submission_id=submission_id).update(
        state=JobState.FAILED, finished_at=timezone.now(), error=error[:5000]
    )


def queue_processing(submission_id: int) -> None:
    """Queue processing; if the broker is down the job stays queued for the sweep."""
    mark_queued(submission_id)
    try:
        process_submission_task.apply_async(args=[submission_id], retry=False)
    except Exception:  # noqa: BLE001 - broker outage must never lose the submission
        log.warning("broker unavailable; submission %s stays queued for the sweep", submission_id)


def run_processing(submission_id: int) -> None:
    """The task's body: process, and record how it ended (transient errors go back to Celery)."""
    from synthesis.services.processing import process_submission

    mark_running(submission_id)
    try:
        process_submission(submission_id)
    except (OperationalError, ConnectionError):
        raise  # transient: Celery retries with backoff
    except Exception as exc:
        log.exception("processing submission %s failed", submission_id)
        mark_failed(submission_id, f"{type(exc).__name__}: {exc}")
        return
    mark_done(submission_id)


def stale_jobs(older_than: dt.timedelta) -> list[int]:
    """Submissions whose job is stuck: queued or running for longer than ``older_than``.

    A killed worker leaves ``running``; a broker outage at submit time leaves ``queued``.
    """
    cutoff = timezone.now() - older_than
    stuck = ProcessingJob.objects.filter(
        Q(state=JobState.QUEUED, queued_at__lt=cutoff) | Q(state=JobState.RUNNING, started_at__lt=cutoff)
    )
    return list(stuck.values_list("submission_id", flat=True))


def requeue_stale(older_than_seconds: float | None = None) -> int:
    """The sweep: re-queue every stuck job; returns how many."""
    older_than = dt.timedelta(seconds=older_than_seconds) if older_than_seconds is not None else STALE_AFTER
    stuck = stale_jobs(older_than)
    for submission_id in stuck:
        queue_processing(submission_id)
    if stuck:
        log.info("re-queued %d stale processing jobs", len(stuck))
    return len(stuck)


def retry_failed(submission: Submission, *, actor: User | None, actor_label: str = "") -> None:
    """Staff's retry of a failed processing job: audited with who asked, then queued."""
    job = ProcessingJob.objects.filter(submission=submission).first()
    if job is None or job.state != JobState.FAILED:
        raise TriageError("not-failed", "Only a failed processing job can be retried.")
    record_event(AuditAction.PROCESSING_RETRIED, actor=actor, actor_label=actor_label, submission=submission,
                 before={"state": job.state, "error": job.error[:500]})
    queue_processing(submission.pk)
