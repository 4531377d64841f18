"""Themes attached to a submission, by the machine or by staff."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from submissions.models.calls import Theme
from submissions.models.submissions import Submission


class TagOrigin(models.TextChoices):
    AUTO = "auto", "Suggested"
    STAFF = "staff", "Staff"


class ThemeTag(models.Model):
    """Submission × theme with a score, evidence and the staff decision.

    ``accepted`` is None until staff decide; re-running suggestions never
    touches a decided tag.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="tags")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tags")
    score = models.FloatField(null=True, blank=True)
    origin = models.CharField(max_length=10, choices=TagOrigin.choices, default=TagOrigin.AUTO)
    accepted = models.BooleanField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    evidence = models.JSONField(
        default=list, blank=True, help_text="Spans: {text, start, end, page, attachment}."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submission", "theme__order"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "theme"], name="themetag_unique")
        ]
        indexes = [
            # The latest staff decisions first: a large call's scoring reference (issue 15).
            models.Index(fields=["-decided_at"], name="themetag_decided", condition=models.Q(accepted__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.theme.key}"
