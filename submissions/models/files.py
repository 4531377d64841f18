"""Files attached to a submission."""
from __future__ import annotations

import uuid

from django.db import models

from submissions.models.submissions import Submission


def attachment_path(instance: Attachment, filename: str) -> str:
    """Store under an unguessable name; the original name is kept in the row.

    Submitters' file names can hold anything (paths, scripts, personal data).
    """
    return f"submissions/{instance.submission.call_id}/{uuid.uuid4().hex}"


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    NEEDS_OCR = "needs_ocr", "Needs OCR"
    FAILED = "failed", "Failed"
    REFUSED = "refused", "Refused"


class ScanVerdict(models.TextChoices):
    """What the virus scanner said; a file is published only when ``clean`` (decision 0020)."""

    UNSCANNED = "unscanned", "Not scanned"
    CLEAN = "clean", "Clean"
    INFECTED = "infected", "Infected"


class Attachment(models.Model):
    """A stored file and what was learnt from it.

    Stored through Django's storage API so S3 works via django-storages.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300, blank=True)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True, blank=True)
    detected_type = models.CharField(max_length=120, blank=True, help_text="MIME type by content.")
    extracted_text = models.TextField(blank=True)
    pages = models.JSONField(default=list, blank=True, help_text="Text per page, when paged.")
    extraction_status = models.CharField(
        max_length=20, choices=ExtractionStatus.choices, default=ExtractionStatus.PENDING
    )
    extraction_error = models.TextField(blank=True)
    scan_verdict = models.CharField(max_length=10, choices=ScanVerdict.choices, default=ScanVerdict.UNSCANNED)
    # Extracted text is cut at a limit a report could use; this says it was.
    text_truncated = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def usable(self) -> bool:
        return self.extraction_status not in (ExtractionStatus.REFUSED, ExtractionStatus.FAILED)
