"""Triage: who works on which call, staff notes, and the search document.

Roles are per call (``CallMembership``): being a Triager on one call gives
nothing on another. The Django groups of the same names say what a person
usually does; the membership row is what grants access (decision 0011).
"""
from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.models.calls import Call
from submissions.models.submissions import Submission


class CallRole(models.TextChoices):
    TRIAGER = "triager", _("Triager")
    EDITOR = "editor", _("Editor")
    MANAGER = "manager", _("Call manager")


class CallMembership(models.Model):
    """A staff member on a call, in one role."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_memberships")
    role = models.CharField(max_length=10, choices=CallRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "role", "user__username"]
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="callmembership_unique")]

    def __str__(self) -> str:
        return f"{self.call.slug}: {self.user_id} ({self.role})"


class InternalNote(models.Model):
    """A note staff leave on a submission for each other; never shown to the sender."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.text[:40]}"


class SearchDocument(models.Model):
    """What full-text search reads for one submission (title, text and files' text).

    ``body`` is the plain text; ``vector`` (PostgreSQL only) holds its words,
    their stems and the character bigrams of every Chinese run, so one GIN
    index serves all six languages (decision 0014). On SQLite (embedded demo)
    search reads ``body`` with LIKE.
    """

    submission = models.OneToOneField(
        Submission, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(blank=True)
    vector = SearchVectorField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"search:{self.submission_id}"
