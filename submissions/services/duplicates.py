"""Duplicates: the one place that sets ``duplicate_of``, for the machine and for staff.

Finding copies is processing's job (``synthesis.services.duplicates``); it calls
``record_found``. Staff mark a copy the machine missed, or undo a wrong match;
an undo is remembered (``duplicate_undone`` lets processing never flag it again).
"""
from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from submissions.models import AuditAction, Submission, SubmissionStatus
from submissions.services.audit import record_event
from submissions.services.status import change_status
from submissions.signals import duplicate_undone


def record_found(submission: Submission, original: Submission) -> Submission:
    """Processing found that ``submission`` repeats ``original``."""
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(duplicate_of=original)
        submission.duplicate_of = original
        record_event(AuditAction.SUBMISSION_DUPLICATE_FOUND, actor_label="system", submission=submission,
                     after={"duplicate_of": original.reference})
    return change_status(submission, SubmissionStatus.DUPLICATE, actor_label="system")


def record_campaign_copy(submission: Submission, first: Submission) -> Submission:
    """Processing found that ``submission`` is a campaign letter whose first letter is ``first``.

    A different sender's near-identical text: ``duplicate_of`` points to the first
    letter (export contract), the status is left as it is, so the letter is
    counted and its sender credited (decision 0017).
    """
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(duplicate_of=first)
        submission.duplicate_of = first
        record_event(AuditAction.SUBMISSION_DUPLICATE_FOUND, actor_label="system", submission=submission,
                     after={"duplicate_of": first.reference, "campaign": True})
    return submission


@transaction.atomic
def undo_duplicate(submission: Submission, *, actor: User) -> Submission:
    """Staff: this is not a duplicate. It is never flagged again automatically."""
    before = submission.duplicate_of.reference if submission.duplicate_of_id and submission.duplicate_of else None
    Submission.objects.filter(pk=submission.pk).update(duplicate_of=None)
    submission.duplicate_of = None
    duplicate_undone.send(sender=Submission, submission_id=submission.pk)
    record_event(AuditAction.SUBMISSION_DUPLICATE_UNDONE, actor=actor, submission=submission,
                 before={"duplicate_of": before}, after={"duplicate_of": None})
    if submission.status == SubmissionStatus.DUPLICATE:
        change_status(submission, SubmissionStatus.READY, actor=actor)
    return submission


@transaction.atomic
def mark_duplicate(submission: Submission, original: Submission, *, actor: User) -> Submission:
    """Staff: this repeats ``original`` (campaign letters the machine missed)."""
    if original.call_id != submission.call_id or original.pk == submission.pk:
        raise ValueError("A submission can only repeat another submission of the same call.")
    root = original.duplicate_of or original
    Submission.objects.filter(pk=submission.pk).update(duplicate_of=root)
    submission.duplicate_of = root
    record_event(AuditAction.SUBMISSION_DUPLICATE_MARKED, actor=actor, submission=submission,
                 after={"duplicate_of": root.reference})
    change_status(submission, SubmissionStatus.DUPLICATE, actor=actor)
    return submission
