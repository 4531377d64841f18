"""A report draft per call and language, its versions and its builds.

Paragraph numbers are not stored: they are computed (consecutive through the
whole report, summary unnumbered), so reordering never leaves gaps.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from submissions.multilingual import LANGUAGE_CHOICES


class Report(models.Model):
    """The draft of one call's report in one language."""

    call = models.ForeignKey("submissions.Call", on_delete=models.CASCADE, related_name="reports")
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    report_date = models.DateField(help_text="Date on the masthead; State names are those in force then.")
    version = models.PositiveIntegerField(default=1, help_text="Raised by every save.")
    drafted_at = models.DateTimeField(null=True, blank=True)
    provisional = models.BooleanField(
        default=False, help_text="The last draft rests on suggestions nobody reviewed (said in the editor and PDF).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "language"], name="report_unique_language")]

    def __str__(self) -> str:
        return f"{self.call.slug} [{self.language}] v{self.version}"

    @property
    def is_original(self) -> bool:
        """The report drafted in the call's original language; every other report is a version of it."""
        return self.language == self.call.original_language


class Section(models.Model):
    """A chapter (level 1, Roman numeral) or subsection (level 2, capital letter)."""

    class Kind(models.TextChoices):
        SUMMARY = "summary", "Summary"
        INTRODUCTION = "introduction", "Introduction"
        OVERVIEW = "overview", "Overview"
        GROUP = "group", "Contributor group"
        CONCLUSIONS = "conclusions", "Conclusions and recommendations"
        CUSTOM = "custom", "Custom"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=120, help_text="Stable identity across re-drafts.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["report", "order"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="section_unique_key")]

    def __str__(self) -> str:
        return self.title


class TranslationState(models.TextChoices):
    """Where a paragraph of a language version stands against the original (issue 11).

    ``outdated`` is not a state: it is derived (the original paragraph's ``revision``
    moved past the ``source_revision`` the translation was made from).
    """

    ORIGINAL = "original", "Original"
    NATIVE = "native", "Generated in this language"
    PENDING = "pending", "Pending translation"
    MACHINE = "machine", "Machine translation"
    TRANSLATED = "translated", "Translated"
    REVISED = "revised", "Revised"


class Paragraph(models.Model):
    """One paragraph with the submissions and excerpts it rests on.

    In the original-language report ``revision`` counts changes to the text or
    footnotes; in a language version ``origin`` is the original's paragraph and
    ``source_revision`` the revision its translation was made from.
    """

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="paragraphs")
    key = models.CharField(max_length=160, help_text="Stable identity across re-drafts.")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField()
    numbered = models.BooleanField(default=True)
    edited = models.BooleanField(default=False, help_text="Changed by an editor: re-drafting leaves it alone.")
    sources = models.ManyToManyField("submissions.Submission", blank=True, related_name="report_paragraphs")
    excerpts = models.ManyToManyField("submissions.Excerpt", blank=True, related_name="report_paragraphs")
    generation = models.JSONField(default=dict, blank=True, help_text="Backend, model, prompt and inputs used.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1, help_text="Raised when the text or footnotes change.")
    origin = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="translations",
                               help_text="In a language version: the original's paragraph this one translates.")
    translation_state = models.CharField(max_length=12, choices=TranslationState.choices,
                                         default=TranslationState.ORIGINAL)
    source_revision = models.PositiveIntegerField(null=True, blank=True,
                                                  help_text="The origin's revision this translation was made from.")

    class Meta:
        ordering = ["section__order", "order"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def needs_translation(self) -> bool:
        """A version paragraph a person (or model) must translate: not boilerplate generated natively."""
        return self.translation_state not in (TranslationState.ORIGINAL, TranslationState.NATIVE)

    @property
    def outdated(self) -> bool:
        """A translation made from an earlier state of its original paragraph."""
        if self.translation_state not in (TranslationState.MACHINE, TranslationState.TRANSLATED,
                                          TranslationState.REVISED) or self.origin is None:
            return False
        return (self.source_revision or 0) < self.origin.revision


class Footnote(models.Model):
    """A footnote of a paragraph; numbered through the report at render time."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="footnotes")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["paragraph", "order"]

    def __str__(self) -> str:
        return self.text[:60]


class ParagraphVersion(models.Model):
    """Every saved state of a paragraph, for history and undo."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="versions")
    report_version = models.PositiveIntegerField()
    text = models.TextField()
    footnotes = models.JSONField(default=list, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paragraph", "-saved_at"]

    def __str__(self) -> str:
        return f"{self.paragraph_id} v{self.report_version}"


class ReportBuild(models.Model):
    """One rendering of a draft to PDF, DOCX or HTML; every build is kept."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        HTML = "html", "HTML"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="builds")
    format = models.CharField(max_length=5, choices=Format.choices, default=Format.PDF)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent, for the live progress bar.")
    step = models.CharField(max_length=100, blank=True)
    report_version = models.PositiveIntegerField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    file = models.FileField(upload_to="reports/", max_length=300, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    word_count = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.report} {self.format} {self.state}"
from reports.models_generation import ParagraphGeneration  # noqa: E402,F401  (issue 11: model backend)
