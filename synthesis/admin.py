from django.contrib import admin

from .models import ProcessingJob


@admin.register(ProcessingJob)
class ProcessingJobAdmin(admin.ModelAdmin):
    list_display = ("submission", "state", "attempts", "queued_at", "finished_at", "error")
    list_filter = ("state",)
    raw_id_fields = ("submission",)
