"""Processing jobs: queueing, running, retrying and sweeping; one function per state change.

A ``ProcessingJob`` row is written before the message goes to the broker, so a
broker outage leaves a visible ``queued`` job that the periodic sweep re-queues:
nothing is silently lost. A running job holds a lease renewed by a heartbeat; the
sweep takes over only a job whose lease lapsed (its worker died), never one that
still runs, and gives up visibly after ``MAX_ATTEMPTS`` (decision 0020).
"""
from __future__ import annotations

import datetime as dt
import logging
import threading

from django import db
from django.conf import settings
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


def lease_seconds() -> float:
    """How long a running job's lease lasts without a heartbeat before the sweep takes it over."""
    return float(getattr(settings, "RAPPORTEUR_JOB_LEASE_SECONDS", 90))


def queued_stale_seconds() -> float:
    """A queued job is taken as lost (message gone with a Redis restart) after the hard time limit."""
    return float(getattr(settings, "CELERY_TASK_TIME_LIMIT", 300) or 300)


# A file that kills or outlasts the worker this many times is given up on, visibly.
MAX_ATTEMPTS = 3


def mark_queued(submission_id: int) -> ProcessingJob:
    job, _ = ProcessingJob.objects.update_or_create(
        submission_id=submission_id,
        defaults={"state": JobState.QUEUED, "queued_at": timezone.now(), "error": ""},
    )
    return job


def claim(submission_id: int) -> bool:
    """Take the job's lease: only a queued job, or a running one whose lease lapsed (its worker died).

    A duplicate message (redelivery after a restart, a sweep) finds the lease held or the job done
    and does nothing, so one job never runs twice at once.
    """
    now = timezone.now()
    ProcessingJob.objects.get_or_create(
        submission_id=submission_id, defaults={"state": JobState.QUEUED, "queued_at": now})
    lapsed = now - dt.timedelta(seconds=lease_seconds())
    claimed = ProcessingJob.objects.filter(submission_id=submission_id).filter(
        Q(state=JobState.QUEUED) | Q(state=JobState.RUNNING, heartbeat_at__lt=lapsed)
        | Q(state=JobState.RUNNING, heartbeat_at__isnull=True)
    ).update(state=JobState.RUNNING, started_at=now, heartbeat_at=now, finished_at=None,
             attempts=F("attempts") + 1)
    return bool(claimed)


def mark_running(submission_id: int) -> None:
    """Kept for callers that run a job by hand: claim it whatever its state."""
    mark_queued(submission_id)
    claim(submission_id)


def beat(submission_id: int) -> None:
    """Renew the lease of a running job."""
    ProcessingJob.objects.filter(submission_id=submission_id, state=JobState.RUNNING).update(
        heartbeat_at=timezone.now())


class Heartbeat:
    """Renews the job's lease from a thread while the task runs (dies with the worker)."""

    def __init__(self, submission_id: int):
        self.submission_id = submission_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{submission_id}", daemon=True)

    def _run(self) -> None:
        interval = max(lease_seconds() / 3, 0.5)
        try:
            while not self._stop.wait(interval):
                try:
                    beat(self.submission_id)
                except Exception:  # noqa: BLE001 - a missed beat is retried; the lease has slack
                    log.warning("could not renew the lease of submission %s", self.submission_id)
        finally:
            db.connection.close()

    def __enter__(self) -> Heartbeat:
        if not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)


def mark_done(submission_id: int) -> None:
    ProcessingJob.objects.filter(submission_id=submission_id).update(
        state=JobState.DONE, finished_at=timezone.now(), error=""
    )


def mark_failed(submission_id: int, error: str) -> None:
    ProcessingJob.objects.filter(submission_id=submission_id).update(
        state=JobState.FAILED, finished_at=timezone.now(), error=error[:5000]
    )


def queue_processing(submission_id: int) -> None:
    """Queue processing; if the broker is down the job stays queued for the sweep.

    Never retries inside the caller (a portal request): the broker's connect timeout is
    short (settings) and the sweep re-queues what did not get through.
    """
    mark_queued(submission_id)
    try:
        process_submission_task.apply_async(args=(submission_id,), retry=False)
    except Exception:  # noqa: BLE001 - broker outage must never lose the submission
        log.warning("broker unavailable; submission %s stays queued for the sweep", submission_id)


def run_processing(submission_id: int) -> bool:
    """The task's body: claim the lease, process, record how it ended.

    Returns False when another run holds the lease (the task then tries again after it).
    Transient database or broker errors go back to Celery; any other error fails the job
    visibly for staff to retry (a hostile file never gets here: its errors end the file
    "could not be read" inside processing).
    """
    from synthesis.services.processing import process_submission

    if not claim(submission_id):
        # Done or failed already: a duplicate message, nothing to do. Running: another run holds the lease.
        return not ProcessingJob.objects.filter(submission_id=submission_id, state=JobState.RUNNING).exists()
    try:
        with Heartbeat(submission_id):
            process_submission(submission_id)
    except (OperationalError, ConnectionError):
        ProcessingJob.objects.filter(submission_id=submission_id).update(state=JobState.QUEUED)
        raise  # transient: Celery retries with backoff
    except Exception as exc:
        log.exception("processing submission %s failed", submission_id)
        mark_failed(submission_id, f"{type(exc).__name__}: {exc}")
        return True
    mark_done(submission_id)
    return True


def stale_jobs(older_than: dt.timedelta | None = None) -> list[int]:
    """Submissions whose job is lost: running with a lapsed lease, or queued past the hard time limit.

    ``older_than`` forces one age for both (tests, manual sweeps).
    """
    now = timezone.now()
    running_cutoff = now - (older_than if older_than is not None else dt.timedelta(seconds=lease_seconds()))
    queued_cutoff = now - (older_than if older_than is not None else dt.timedelta(seconds=queued_stale_seconds()))
    stuck = ProcessingJob.objects.filter(
        Q(state=JobState.QUEUED, queued_at__lt=queued_cutoff)
        | Q(state=JobState.RUNNING, heartbeat_at__lt=running_cutoff)
        | Q(state=JobState.RUNNING, heartbeat_at__isnull=True, started_at__lt=running_cutoff)
    )
    return list(stuck.values_list("submission_id", flat=True))


def requeue_stale(older_than_seconds: float | None = None) -> int:
    """The sweep: re-queue every lost job; give up, visibly, on one that failed too often."""
    from synthesis.services.processing import give_up

    older_than = dt.timedelta(seconds=older_than_seconds) if older_than_seconds is not None else None
    stuck = stale_jobs(older_than)
    for submission_id in stuck:
        attempts = ProcessingJob.objects.filter(submission_id=submission_id).values_list("attempts", flat=True).first()
        if attempts is not None and attempts >= MAX_ATTEMPTS:
            mark_failed(submission_id, f"gave up after {attempts} attempts (the worker died or ran out of time)")
            give_up(submission_id, "the file could not be read in the time or memory allowed")
            continue
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
