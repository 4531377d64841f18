"""A call for input and the themes it asks about."""
from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from submissions.multilingual import LANGUAGE_CHOICES, localized


class Body(models.TextChoices):
    GENERAL_ASSEMBLY = "general-assembly", "General Assembly"
    HUMAN_RIGHTS_COUNCIL = "human-rights-council", "Human Rights Council"
    ECOSOC = "economic-and-social-council", "Economic and Social Council"


class ReportAuthor(models.TextChoices):
    SECRETARY_GENERAL = "secretary-general", "Secretary-General"
    HIGH_COMMISSIONER = "high-commissioner", "High Commissioner for Human Rights"


class CallStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    ARCHIVED = "archived", "Archived"


class Call(models.Model):
    """A request for input, answering one mandate, that ends in one report.

    Texts that exist per language (title, mandate…) are JSON maps language → text.
    """

    slug = models.SlugField(max_length=100, unique=True)
    title = models.JSONField(default=dict, help_text="Language → title.")
    body = models.CharField(max_length=40, choices=Body.choices)
    session = models.PositiveIntegerField()
    agenda_item = models.CharField(max_length=40, blank=True)
    agenda_title = models.JSONField(default=dict, blank=True)
    mandate = models.JSONField(default=dict, blank=True)
    report_symbol = models.CharField(max_length=60, blank=True)
    report_author = models.CharField(max_length=40, choices=ReportAuthor.choices)
    original_language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="en")
    report_languages = models.JSONField(default=list)
    note_verbale_date = models.DateField(null=True, blank=True)
    deadline = models.DateTimeField(help_text="Submissions received after this are late.")
    word_limit = models.PositiveIntegerField(null=True, blank=True)
    report_date = models.DateField(
        null=True, blank=True, help_text="Date the report bears; State names are those in force then. Today if empty."
    )
    provisional_agenda = models.CharField(
        max_length=60, blank=True, help_text="Symbol of the provisional agenda, for the asterisk footnote."
    )
    status = models.CharField(max_length=10, choices=CallStatus.choices, default=CallStatus.OPEN)
    accepts_late = models.BooleanField(
        default=True, help_text="Accept (and flag) submissions after the deadline."
    )
    reference_prefix = models.CharField(max_length=12)
    next_reference_number = models.PositiveIntegerField(default=1)
    max_file_mb = models.PositiveIntegerField(null=True, blank=True)
    max_files = models.PositiveIntegerField(null=True, blank=True)
    # What the public call page shows (per language, like the title).
    call_text = models.JSONField(default=dict, blank=True, help_text="Language → the call's text.")
    questions = models.JSONField(default=dict, blank=True, help_text="Language → list of guiding questions.")
    contact_email = models.EmailField(blank=True, help_text="Where senders write with questions.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-deadline"]

    def __str__(self) -> str:
        return self.slug

    def title_in(self, language: str) -> str:
        return localized(self.title, language, self.original_language)

    def is_late(self, moment: dt.datetime) -> bool:
        """Whether something received at ``moment`` missed the deadline."""
        return moment > self.deadline

    @property
    def is_past_deadline(self) -> bool:
        return self.is_late(timezone.now())

    @property
    def effective_word_limit(self) -> int:
        """8,500 words is the Secretariat's standard limit for a report."""
        return self.word_limit or 8500


class Theme(models.Model):
    """A question or subject the call asks about; submissions are tagged with it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="themes")
    key = models.SlugField(max_length=80)
    name = models.JSONField(default=dict)
    description = models.JSONField(default=dict, blank=True)
    keywords = models.JSONField(default=dict, blank=True, help_text="Language → list of phrases.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["call", "order", "key"]
        constraints = [models.UniqueConstraint(fields=["call", "key"], name="theme_unique_key")]

    def __str__(self) -> str:
        return f"{self.call.slug}:{self.key}"

    def name_in(self, language: str) -> str:
        return localized(self.name, language) or self.key
