"""Job bookkeeping: one function per state change of a ProcessingJob."""
from __future__ import annotations

import datetime as dt

from django.db.models import F, Q
from django.utils import timezone

from ..models import JobState, ProcessingJob


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


def stale_jobs(older_than: dt.timedelta) -> list[int]:
    """Submissions whose job is stuck: queued or running for longer than ``older_than``.

    A killed worker leaves ``running``; a broker outage at submit time leaves ``queued``.
    """
    cutoff = timezone.now() - older_than
    stuck = ProcessingJob.objects.filter(
        Q(state=JobState.QUEUED, queued_at__lt=cutoff) | Q(state=JobState.RUNNING, started_at__lt=cutoff)
    )
    return list(stuck.values_list("submission_id", flat=True))
