"""Celery tasks of processing: thin, they take ids and call services (imported in their bodies).

Services enqueue these tasks after commit (``synthesis.services.jobs``); a task
never holds logic of its own.
"""
from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

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
def process_submission_task(self, submission_id: int) -> None:  # type: ignore[no-untyped-def]
    from synthesis.services import jobs

    jobs.run_processing(submission_id)


@shared_task(acks_late=True)
def sweep_stale_jobs(older_than_seconds: float | None = None) -> int:
    """Periodic (celery beat): re-queue processing that was lost on the way."""
    from synthesis.services import jobs

    return jobs.requeue_stale(older_than_seconds)
