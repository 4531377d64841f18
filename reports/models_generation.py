"""One record per paragraph a model wrote: what makes a killed generation job resume where it stopped."""
from __future__ import annotations

from django.db import models


class ParagraphGeneration(models.Model):
    """A model's paragraph for given inputs: a re-run with the same inputs takes it instead of asking again."""

    class State(models.TextChoices):
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    call = models.ForeignKey("submissions.Call", on_delete=models.CASCADE, related_name="paragraph_generations")
    language = models.CharField(max_length=2)
    job = models.CharField(max_length=20, default="write", help_text="write or translate")
    input_hash = models.CharField(max_length=64, help_text="sha256 of model, job, language and passages sent.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    attempts = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True, help_text="Footnote order and the generation record.")
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "reports"
        constraints = [models.UniqueConstraint(fields=["call", "language", "job", "input_hash"],
                                               name="one_generation_per_input")]

    def __str__(self) -> str:
        return f"{self.call_id} {self.language} {self.job} {self.state}"
