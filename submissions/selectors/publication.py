"""What the public "inputs received" page shows of a call."""
from __future__ import annotations

from django.db.models import QuerySet

from submissions.models import Attachment, Call, Submission, SubmissionStatus
from submissions.models.files import ExtractionStatus

S = SubmissionStatus


# Inputs received that are published when their senders agreed: everything
# received and readable, except what was withdrawn, refused or a campaign copy.
PUBLISHED_STATUSES = (S.READY, S.IN_REVIEW, S.INCLUDED, S.EXCLUDED)


def published_submissions(call: Call) -> QuerySet[Submission]:
    """Submissions the public may see on the call's "inputs received" page."""
    return (
        Submission.objects.filter(call=call, consent_to_publish=True, status__in=PUBLISHED_STATUSES)
        .select_related("contributor__country")
        .prefetch_related("contributor__country__names", "attachments")
        .order_by("contributor__name", "reference")
    )


def published_attachment(call: Call, attachment_id: int) -> Attachment | None:
    """A file of a published submission, or None (refused files are never published)."""
    return (
        Attachment.objects.filter(
            pk=attachment_id, submission__in=published_submissions(call).values("pk"),
        ).exclude(extraction_status=ExtractionStatus.REFUSED).exclude(file="").first()
    )
