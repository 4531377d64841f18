"""Read-only queries of the submissions domain."""
from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import Call, CountryName, Submission, ThemeTag


def call_by_slug(slug: str) -> Call:
    return Call.objects.get(slug=slug)


def submissions_for_export(call: Call) -> QuerySet[Submission]:
    """Every submission of the call with what the export shows, in few queries."""
    return (
        Submission.objects.filter(call=call)
        .select_related("contributor__country", "duplicate_of", "call")
        .prefetch_related(
            Prefetch("contributor__country__names", queryset=CountryName.objects.all()),
            Prefetch("tags", queryset=ThemeTag.objects.select_related("theme").order_by("theme__order")),
        )
        .order_by("reference")
    )
