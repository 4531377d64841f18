from django.contrib import admin

from .models import ProcessingJob, TextFingerprint
from .tasks import retry_processing


@admin.register(ProcessingJob)
class ProcessingJobAdmin(admin.ModelAdmin):
    list_display = ("submission", "state", "attempts", "queued_at", "finished_at", "error")
    list_filter = ("state",)
    raw_id_fields = ("submission",)
    actions = ["retry_selected"]

    @admin.action(description="Retry processing of the selected submissions")
    def retry_selected(self, request, queryset) -> None:
        for job in queryset:
            retry_processing(job.submission_id)
        self.message_user(request, f"Re-queued {queryset.count()} job(s).")


@admin.register(TextFingerprint)
class TextFingerprintAdmin(admin.ModelAdmin):
    list_display = ("submission", "text_hash", "confirmed_unique", "updated_at")
    raw_id_fields = ("submission",)
    exclude = ("minhash",)
