"""Celery tasks of the core: sending the outbox and the daily digest. Thin: they call services."""
from __future__ import annotations

from typing import Any

from celery import shared_task


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=6,
)
def send_message_task(self: Any, message_id: int) -> None:
    """Send one approved e-mail; an SMTP or network error retries with back-off (the row says failed meanwhile)."""
    from submissions.services import messages

    messages.send_message(message_id, raise_errors=True)


@shared_task(acks_late=True)
def daily_digest_task() -> int:
    """Periodic (celery beat, daily): each subscriber's digest of new submissions, through the outbox."""
    from submissions.services import messages

    return messages.queue_digests()
