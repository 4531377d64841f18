"""State of background work, visible to staff and retryable."""
from __future__ import annotations

from django.db import models


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ProcessingJob(models.Model):
    """The processing of one submission: one row, updated as the job moves.

    The periodic sweep re-queues rows left ``queued`` or ``running`` too long
    (a killed worker, a Redis restart), so nothing is silently lost.
    """

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="processing_job"
    )
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.state}"


class TextFingerprint(models.Model):
    """What a submission's text looks like, for finding duplicates and campaigns.

    ``text_hash`` finds exact copies (after normalisation); ``minhash`` (128
    permutations over character 5-grams, language-independent) estimates the
    similarity of near-copies such as mass-mailing campaigns.
    """

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="fingerprint"
    )
    call = models.ForeignKey("submissions.Call", on_delete=models.CASCADE, related_name="+")
    text_hash = models.CharField(max_length=64, db_index=True)
    minhash = models.BinaryField()
    # Staff said "not a duplicate": never flag it again automatically.
    confirmed_unique = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.text_hash[:12]}"
