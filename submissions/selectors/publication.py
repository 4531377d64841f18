"""What the public "inputs received" page shows of a call (decision 0020).

A submission is public only when its sender consented *and* staff approved its
publication, and only while it is processed and neither excluded, withdrawn, a
duplicate nor rejected: withdrawing, revoking consent or excluding it takes it off
the page at once, because the page is this query. A file is public only once the
virus scanner called it clean; without a scanner (``CLAMD_SOCKET`` unset) no file
is published at all, and the page says so.
"""
from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet

from submissions.models import Attachment, Call, PublicationState, Submission, SubmissionStatus
from submissions.models.files import ExtractionStatus, ScanVerdict

S = SubmissionStatus

# Processed and not set aside. EXCLUDED is deliberately absent: staff's "exclude"
# takes a contribution off the public page as well as out of the report.
PUBLISHED_STATUSES = (S.READY, S.IN_REVIEW, S.INCLUDED)
# What staff may approve for publication (the same, before a decision).
PUBLISHABLE_STATUSES = PUBLISHED_STATUSES


def files_are_published() -> bool:
    """Files are published only behind a virus scanner."""
    return bool(getattr(settings, "CLAMD_SOCKET", ""))


def _publishable(call: Call) -> QuerySet[Submission]:
    return Submission.objects.filter(
        call=call, consent_to_publish=True, status__in=PUBLISHABLE_STATUSES, duplicate_of__isnull=True,
    )


def published_submissions(call: Call) -> QuerySet[Submission]:
    """Submissions the public may see on the call's "inputs received" page."""
    return (
        _publishable(call).filter(publication=PublicationState.APPROVED)
        .select_related("contributor__country")
        .prefetch_related("contributor__country__names", "attachments")
        .order_by("contributor__name", "reference")
    )


def publishable_file(attachment: Attachment) -> bool:
    """A file of a published submission is shown only when usable and scanned clean."""
    return (
        files_are_published()
        and bool(attachment.file)
        and attachment.extraction_status not in (ExtractionStatus.REFUSED, ExtractionStatus.FAILED)
        and attachment.scan_verdict == ScanVerdict.CLEAN
    )


def published_attachment(call: Call, attachment_id: int) -> Attachment | None:
    """A file of a published submission, or None (refused, unscanned or infected files never are)."""
    if not files_are_published():
        return None
    return (
        Attachment.objects.filter(
            pk=attachment_id, submission__in=published_submissions(call).values("pk"),
            scan_verdict=ScanVerdict.CLEAN,
        ).exclude(extraction_status__in=(ExtractionStatus.REFUSED, ExtractionStatus.FAILED))
        .exclude(file="").first()
    )


def publication_queue(call: Call, *, state: str = "") -> QuerySet[Submission]:
    """What staff decide on: every submission whose sender consented, newest decisions last.

    Submissions that cannot be published (excluded, withdrawn, duplicates, not processed)
    are listed too when they were approved, so staff see why they are not on the page.
    """
    queryset = Submission.objects.filter(call=call).filter(
        Q(consent_to_publish=True) | Q(publication=PublicationState.APPROVED)
    )
    if state:
        queryset = queryset.filter(publication=state)
    return (
        queryset.select_related("contributor__country", "publication_decided_by")
        .prefetch_related("contributor__country__names", "attachments")
        .order_by("publication", "reference")
    )


def is_published(submission: Submission) -> bool:
    """Whether this submission is on its call's public page right now."""
    return published_submissions(submission.call).filter(pk=submission.pk).exists()
