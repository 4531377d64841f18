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
def process_submission_task(self, submission_id: int) -> None:
    from synthesis.services import jobs

    if not jobs.run_processing(submission_id):
        # Another run holds the lease (a redelivered message): look again once it could have lapsed.
        raise self.retry(countdown=jobs.lease_seconds(), max_retries=10)


@shared_task(acks_late=True)
def sweep_stale_jobs(older_than_seconds: float | None = None) -> int:
    """Periodic (celery beat): re-queue processing that was lost on the way."""
    from synthesis.services import jobs

    return jobs.requeue_stale(older_than_seconds)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def refresh_call_suggestions_task(call_id: int) -> int:
    """Re-score a call's undecided theme suggestions (after a new submission or a staff decision)."""
    from submissions.models import Call
    from synthesis.services.suggestions import refresh_call

    call = Call.objects.filter(pk=call_id).first()
    return refresh_call(call) if call is not None else 0


@shared_task(bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def propose_candidates_task(self, call_id: int, actor_id: int | None = None, wait_for_processing: bool = False) -> int:
    """Look for themes the call did not name (staff's button, or once the call's processing settled)."""
    from django.contrib.auth.models import User

    from submissions.models import Call
    from synthesis.services import candidates

    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        return 0
    if wait_for_processing and not candidates.processing_settled(call):
        raise self.retry(countdown=candidates.SETTLE_SECONDS, max_retries=30)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return len(candidates.propose_candidates(call, actor=actor))
