"""Passages staff keep as evidence of what a submission says on a theme."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from submissions.models.calls import Theme
from submissions.models.files import Attachment
from submissions.models.submissions import Submission


class Excerpt(models.Model):
    """A passage of a submission saved for a theme: what the report rests on.

    Offsets point into the text it was taken from: the attachment's page (when
    ``page`` is set), the attachment's whole text, or the typed submission text
    (no attachment), so it can be highlighted and cited by page.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="excerpts")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="excerpts")
    text = models.TextField()
    attachment = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    page = models.PositiveIntegerField(null=True, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "theme__order", "created_at"]
        indexes = [models.Index(fields=["theme", "submission"])]

    def __str__(self) -> str:
        return f"{self.submission.reference} / {self.theme.key}: {self.text[:40]}"
