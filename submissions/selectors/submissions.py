"""Read-only queries of calls and submissions: export, the public call pages, the submitter's page."""
from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from submissions.models import AuditEvent, Call, Country, CountryName, Submission, ThemeTag
from submissions.models.calls import CallStatus


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


# --- Public portal ---------------------------------------------------------------

PUBLIC_CALL_STATUSES = ("open", "closed")


def open_calls() -> QuerySet[Call]:
    """Calls taking input, soonest deadline first."""
    return Call.objects.filter(status="open").order_by("deadline", "slug")


def public_call(slug: str) -> Call | None:
    """A call the public may see (open or closed; drafts and archives are not shown)."""
    return (
        Call.objects.filter(slug=slug, status__in=PUBLIC_CALL_STATUSES)
        .prefetch_related("themes")
        .first()
    )


def country_choices(language: str) -> list[tuple[str, str]]:
    """(ISO3, name in ``language``) of every State, sorted by that name."""
    countries = Country.objects.prefetch_related("names")
    named = [(country.iso3, country.short_name(language)) for country in countries]
    return sorted(named, key=lambda pair: pair[1].casefold())


def submission_for_submitter(submission_id: int, reference: str) -> Submission | None:
    """The submission a private link names, with what its page shows."""
    return (
        Submission.objects.filter(pk=submission_id, reference=reference)
        .select_related("call", "contributor__country")
        .prefetch_related("attachments", "contributor__country__names")
        .first()
    )


# What the sender sees of a submission's history: their own actions and arrival.
SUBMITTER_VISIBLE_ACTIONS = (
    "submission.received",
    "submission.amended",
    "submission.files_added",
    "submission.receipt_sent",
    "submission.withdrawal_reason",
)


def submitter_history(submission: Submission) -> QuerySet[AuditEvent]:
    """Audit events the sender may see: what they did, and when it arrived."""
    return submission.audit_events.filter(
        Q(action__in=SUBMITTER_VISIBLE_ACTIONS)
        | Q(action="submission.status", actor_label="submitter", after__status="withdrawn")
    ).order_by("created_at", "id")


def call_state(call: Call) -> str:
    """``open``, ``late`` (past the deadline, still accepting, flagged) or ``closed``."""
    if call.status != CallStatus.OPEN:
        return "closed"
    if call.is_past_deadline:
        return "late" if call.accepts_late else "closed"
    return "open"


def submission_full_text(submission: Submission) -> str:
    """Title, typed text and every usable file's text, in that order."""
    parts = [submission.title, submission.text]
    parts += [a.extracted_text for a in submission.attachments.all() if a.usable]
    return "\n\n".join(part for part in parts if part and part.strip())
