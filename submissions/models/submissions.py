"""A reply to a call: the unit staff triage and the report cites."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.models.calls import Call
from submissions.models.contributors import Contributor
from submissions.multilingual import LANGUAGE_CHOICES


class SubmissionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready for review")
    IN_REVIEW = "in_review", _("In review")
    INCLUDED = "included", _("Included")
    EXCLUDED = "excluded", _("Excluded")
    DUPLICATE = "duplicate", _("Duplicate")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected")


class PublicationState(models.TextChoices):
    """Staff's decision on publishing a submission on the public inputs page (decision 0020)."""

    PENDING = "pending", _("Not decided")
    APPROVED = "approved", _("Approved for publication")
    REFUSED = "refused", _("Not to be published")


class SubmissionQuerySet(models.QuerySet):
    def late(self) -> SubmissionQuerySet:
        return self.filter(received_at__gt=models.F("call__deadline"))

    def on_time(self) -> SubmissionQuerySet:
        return self.filter(received_at__lte=models.F("call__deadline"))

    def with_late(self) -> SubmissionQuerySet:
        """Annotate ``is_late_db`` so lists can show and sort the flag in SQL."""
        return self.annotate(
            is_late_db=models.ExpressionWrapper(
                models.Q(received_at__gt=models.F("call__deadline")),
                output_field=models.BooleanField(),
            )
        )


class Submission(models.Model):
    """One contributor's reply to one call, with its files.

    ``late`` is not stored: it is derived from the call's deadline, so moving a
    deadline re-classifies submissions consistently.
    """

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="submissions")
    contributor = models.ForeignKey(
        Contributor, on_delete=models.PROTECT, related_name="submissions"
    )
    reference = models.CharField(max_length=30, unique=True)
    source = models.CharField(
        max_length=255, default="portal", help_text="'portal' or the import folder's name."
    )
    received_at = models.DateTimeField()
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    consent_to_publish = models.BooleanField(default=False)
    declared_language = models.CharField(
        max_length=2, choices=LANGUAGE_CHOICES, blank=True, help_text="As stated by the sender."
    )
    detected_language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, blank=True)
    language_shares = models.JSONField(
        default=dict, blank=True, help_text="Share of words per detected language (paragraph by paragraph)."
    )
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True, help_text="Body typed in the form or e-mail.")
    word_count = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.RECEIVED
    )
    status_reason = models.TextField(blank=True, help_text="Why excluded or rejected.")
    errors = models.JSONField(default=list, blank=True, help_text="Why files or fields were refused.")
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_submissions",
    )
    # Publication is a staff decision of its own, never implied by a status (decision 0020).
    publication = models.CharField(
        max_length=10, choices=PublicationState.choices, default=PublicationState.PENDING
    )
    publication_decided_at = models.DateTimeField(null=True, blank=True)
    publication_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The portal form's one-time key: repeated clicks and Back-then-Send give the first receipt.
    idempotency_key = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["call", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "source"],
                condition=~models.Q(source="portal"),
                name="submission_unique_import_folder",
            ),
            models.UniqueConstraint(
                fields=["call", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="submission_unique_idempotency_key",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status"]),
            models.Index(fields=["call", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def late(self) -> bool:
        return self.call.is_late(self.received_at)

    @property
    def language(self) -> str:
        """The sender's word first; detection fills in when they said nothing."""
        return self.declared_language or self.detected_language
