"""Django admin for every model: the back office for call managers and support."""
from django.contrib import admin

from submissions.models import (
    Attachment,
    AuditEvent,
    Call,
    Contributor,
    Country,
    CountryName,
    Submission,
    Theme,
    ThemeTag,
)


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ("order", "key", "name", "keywords")


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("slug", "body", "session", "report_symbol", "deadline", "status")
    list_filter = ("status", "body")
    search_fields = ("slug", "report_symbol")
    inlines = [ThemeInline]
    readonly_fields = ("next_reference_number", "created_at", "updated_at")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("key", "call", "order")
    list_filter = ("call",)


class CountryNameInline(admin.TabularInline):
    model = CountryName
    extra = 0


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("iso3", "m49", "status", "english_name")
    list_filter = ("status",)
    search_fields = ("iso3", "m49", "names__short")
    inlines = [CountryNameInline]

    @admin.display(description="Name (en)")
    def english_name(self, obj: Country) -> str:
        return obj.short_name("en")


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "country", "email")
    list_filter = ("category",)
    search_fields = ("name", "email")
    autocomplete_fields = ("country",)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("original_name", "size", "detected_type", "extraction_status", "extraction_error")
    readonly_fields = fields
    can_delete = False


class ThemeTagInline(admin.TabularInline):
    model = ThemeTag
    extra = 0
    fields = ("theme", "score", "origin", "accepted", "decided_by", "decided_at")
    readonly_fields = ("decided_by", "decided_at")


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = (
        "reference", "call", "contributor", "status", "received_at", "declared_language", "detected_language",
    )
    list_filter = ("call", "status", "contributor__category")
    search_fields = ("reference", "contributor__name", "title")
    raw_id_fields = ("contributor", "duplicate_of", "assignee")
    # Status changes go through the workflow service, never a bare edit.
    readonly_fields = ("status", "status_reason", "errors", "reference", "created_at", "updated_at")
    inlines = [AttachmentInline, ThemeTagInline]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "submission", "size", "detected_type", "extraction_status")
    list_filter = ("extraction_status", "detected_type")
    readonly_fields = ("sha256", "size", "detected_type")
    raw_id_fields = ("submission",)


@admin.register(ThemeTag)
class ThemeTagAdmin(admin.ModelAdmin):
    list_display = ("submission", "theme", "score", "origin", "accepted")
    list_filter = ("origin", "accepted")
    raw_id_fields = ("submission",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "who", "submission", "object_type", "object_id")
    list_filter = ("action",)
    search_fields = ("action", "object_id", "submission__reference")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
