"""Read-only queries of the domain core, one module per kind of read.

Callers write ``from submissions import selectors`` and ``selectors.inbox_page(...)``:
this package re-exports every public name of its modules.
"""
from .inbox import (
    PAGE_SIZE,
    SORTS,
    UNREVIEWED,
    InboxPage,
    InboxQuery,
    call_for_staff,
    call_members,
    export_rows,
    filtered_submissions,
    history,
    inbox_page,
    memberships,
    next_unreviewed,
    staff_calls,
    status_counts,
    submission_by_reference,
    submission_for_staff,
    submissions_by_ids,
)
from .publication import PUBLISHED_STATUSES, published_attachment, published_submissions
from .submissions import (
    PUBLIC_CALL_STATUSES,
    SUBMITTER_VISIBLE_ACTIONS,
    call_by_slug,
    call_state,
    country_choices,
    open_calls,
    public_call,
    submission_for_submitter,
    submission_full_text,
    submissions_for_export,
    submitter_history,
)

__all__ = [
    "PAGE_SIZE", "PUBLIC_CALL_STATUSES", "PUBLISHED_STATUSES", "SORTS", "SUBMITTER_VISIBLE_ACTIONS", "UNREVIEWED",
    "InboxPage", "InboxQuery", "call_by_slug", "call_for_staff", "call_members", "call_state", "country_choices",
    "export_rows", "filtered_submissions", "history", "inbox_page", "memberships", "next_unreviewed", "open_calls",
    "public_call", "published_attachment", "published_submissions", "staff_calls", "status_counts",
    "submission_by_reference", "submission_for_staff", "submission_for_submitter", "submission_full_text",
    "submissions_by_ids", "submissions_for_export", "submitter_history",
]
