"""Celery tasks: thin wrappers that take ids and call services."""
from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.db import OperationalError

from .services import jobs, processing

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def process_submission_task(self, submission_id: int) -> None:
    jobs.mark_running(submission_id)
    try:
        processing.process_submission(submission_id)
    except (OperationalError, ConnectionError):
        raise  # transient: Celery retries with backoff
    except Exception as exc:
        log.exception("processing submission %s failed", submission_id)
        jobs.mark_failed(submission_id, f"{type(exc).__name__}: {exc}")
        return
    jobs.mark_done(submission_id)


def enqueue_processing(submission_id: int) -> None:
    """Queue processing; if the broker is down the job stays queued for the sweep."""
    jobs.mark_queued(submission_id)
    try:
        process_submission_task.apply_async(args=[submission_id], retry=False)
    except Exception:  # noqa: BLE001 - broker outage must never lose the submission
        log.warning("broker unavailable; submission %s stays queued for the sweep", submission_id)


# A job untouched this long is taken as lost (worker killed, broker restarted).
STALE_AFTER = dt.timedelta(minutes=10)


@shared_task(acks_late=True)
def sweep_stale_jobs(older_than_seconds: float | None = None) -> int:
    """Periodic (celery beat): re-queue processing that was lost on the way."""
    older_than = dt.timedelta(seconds=older_than_seconds) if older_than_seconds is not None else STALE_AFTER
    stuck = jobs.stale_jobs(older_than)
    for submission_id in stuck:
        enqueue_processing(submission_id)
    if stuck:
        log.info("re-queued %d stale processing jobs", len(stuck))
    return len(stuck)


def retry_processing(submission_id: int) -> None:
    """Staff's retry action on a failed job."""
    enqueue_processing(submission_id)
