"""Running a call: its notes verbales, team invitations, the outbox of e-mails, digests and extensions.

Everything an e-mail to a person goes through is an ``OutboundMessage``: nothing is
sent without a row here (decision 0016).
"""
from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.models.calls import Call
from submissions.models.submissions import Submission
from submissions.models.triage import CallRole
from submissions.multilingual import LANGUAGE_CHOICES


def note_verbale_path(instance: NoteVerbale, filename: str) -> str:
    """Unguessable name; the public page serves it through a view, never by URL."""
    return f"calls/{instance.call_id}/note-verbale-{instance.language}-{uuid.uuid4().hex}.pdf"


class NoteVerbale(models.Model):
    """The note verbale of a call, as a PDF, in one language."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="notes_verbales")
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    file = models.FileField(upload_to=note_verbale_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["call", "language"]
        constraints = [models.UniqueConstraint(fields=["call", "language"], name="noteverbale_unique_language")]

    def __str__(self) -> str:
        return f"{self.call_id}:{self.language}"


class Invitation(models.Model):
    """An e-mailed invitation to join a call's team; accepting it creates the account."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=CallRole.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["call", "-created_at"]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.email} ({self.role})"

    @property
    def pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class MessageKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    INCLUDED = "included", _("Your input was included in the report")
    NOT_USED = "not_used", _("Your input was not used")
    REMINDER = "reminder", _("Deadline reminder")
    FREE = "free", _("Free message")
    INVITATION = "invitation", _("Team invitation")
    DIGEST = "digest", _("Daily digest")


class MessageTemplate(models.Model):
    """A call's own wording of one kind of e-mail in one language (defaults ship in code)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="message_templates")
    kind = models.CharField(max_length=12, choices=MessageKind.choices)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["call", "kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind", "language"], name="messagetemplate_unique")
        ]

    def __str__(self) -> str:
        return f"{self.call_id}:{self.kind}:{self.language}"


class MessageState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    DISCARDED = "discarded", _("Discarded")


class OutboundMessage(models.Model):
    """One e-mail to one address: drafted, approved by staff, then sent by a Celery task."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="outbound_messages")
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="outbound_messages"
    )
    kind = models.CharField(max_length=12, choices=MessageKind.choices)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="en")
    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=MessageState.choices, default=MessageState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["call", "state"], name="outbound_call_state")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to} ({self.state})"


class DigestSubscription(models.Model):
    """A staff member who wants the daily digest of a call's new submissions."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="digest_subscriptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="digest_unique")]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.user_id}"


class SubmissionExtension(models.Model):
    """Until when a named late sender may still amend their submission, as staff decided."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="extension")
    until = models.DateTimeField()
    granted_to = models.CharField(max_length=200, help_text="The person the extension is for.")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.submission_id} until {self.until:%Y-%m-%d}"
