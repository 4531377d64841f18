from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from synthesis.models import JobState, ProcessingJob, TextFingerprint
from synthesis.services.jobs import retry_failed


@admin.register(ProcessingJob)
class ProcessingJobAdmin(admin.ModelAdmin):
    list_display = ("submission", "state", "attempts", "queued_at", "finished_at", "error")
    list_filter = ("state",)
    raw_id_fields = ("submission",)
    actions = ["retry_selected"]

    @admin.action(description="Retry processing of the selected failed submissions")
    def retry_selected(self, request: HttpRequest, queryset: QuerySet[ProcessingJob]) -> None:
        failed = list(queryset.filter(state=JobState.FAILED).select_related("submission__call"))
        for job in failed:
            retry_failed(job.submission, actor=request.user)  # type: ignore[arg-type]
        self.message_user(request, f"Re-queued {len(failed)} failed job(s).")


@admin.register(TextFingerprint)
class TextFingerprintAdmin(admin.ModelAdmin):
    list_display = ("submission", "text_hash", "confirmed_unique", "updated_at")
    raw_id_fields = ("submission",)
    exclude = ("minhash",)
