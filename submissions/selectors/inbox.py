"""Read-only queries behind the staff inbox and a submission's page.

Every list here costs a fixed number of queries whatever the number of rows
(``bench/bench_triage.py`` checks it at 1,000 and 100,000 submissions).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from submissions.models import (
    AuditEvent,
    Call,
    CallMembership,
    CountryName,
    Excerpt,
    InternalNote,
    SearchDocument,
    Submission,
    SubmissionStatus,
    ThemeTag,
)
from submissions.multilingual import localized
from submissions.search import fallback_filter, looks_like_reference, postgres_query
from submissions.selectors import counts_cache

S = SubmissionStatus
PAGE_SIZE = 50
UNREVIEWED = (S.READY, S.IN_REVIEW)

SORTS: dict[str, tuple[str, ...]] = {
    "received": ("received_at", "id"),
    "-received": ("-received_at", "-id"),
    "reference": ("reference",),
    "-reference": ("-reference",),
    "contributor": ("contributor__name", "id"),
    "-contributor": ("-contributor__name", "-id"),
    "status": ("status", "received_at", "id"),
    "-status": ("-status", "received_at", "id"),
    "language": ("declared_language", "detected_language", "id"),
    "-language": ("-declared_language", "-detected_language", "-id"),
}


@dataclass
class InboxQuery:
    """The inbox's filters and sort, as the filter form cleaned them."""

    q: str = ""
    status: str = ""
    category: str = ""
    language: str = ""
    late: str = ""         # "late" | "on_time"
    theme: int | None = None
    duplicates: str = ""   # "copy" (repeats another) | "original" (has copies) | "none"
    assignee: str = ""     # "me" | "none" | a user id
    sort: str = "received"

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> InboxQuery:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and v not in (None, "")}
        return cls(**known)


def call_for_staff(slug: str, user: User) -> Call | None:
    from submissions.permissions import calls_for

    return calls_for(user).filter(slug=slug).first()


def staff_calls(user: User) -> list[dict[str, Any]]:
    """The person's calls with their count of submissions per status (two queries)."""
    from submissions.permissions import calls_for

    calls = list(calls_for(user).order_by("-deadline", "slug"))
    counts: dict[int, dict[str, int]] = {}
    rows = Submission.objects.filter(call__in=calls).values("call_id", "status").annotate(n=Count("*"))
    for row in rows:
        counts.setdefault(row["call_id"], {})[row["status"]] = row["n"]
    return [{"call": call, "counts": counts.get(call.pk, {})} for call in calls]


# A subquery with a LIMIT is not flattened by PostgreSQL: the matches are then found through the GIN
# index once (a bitmap scan), not by testing each document's vector in id order, which the planner
# picks under a LIMIT and which reads every long document's vector (issue 15: 1 s instead of 0.1 s).
_FENCE = 10**9


def _search(call: Call, queryset: QuerySet[Submission], text: str, *, fenced: bool = False) -> QuerySet[Submission]:
    text = text.strip()
    if not text:
        return queryset
    if looks_like_reference(text):
        return queryset.filter(reference__iexact=text)
    documents = SearchDocument.objects.filter(call=call)
    if connection.vendor == "postgresql":
        query = postgres_query(text)
        if query is None:
            return queryset
        documents = documents.filter(vector=query)
    else:
        documents = documents.filter(fallback_filter(text))
    matches = documents.values("submission_id")
    return queryset.filter(pk__in=matches[:_FENCE] if fenced else matches)


def filtered_submissions(call: Call, query: InboxQuery, user: User, *,
                         with_status: bool = True, fenced: bool = False) -> QuerySet[Submission]:
    """The call's submissions matching every filter (the status one only when asked).

    ``fenced``: the search's matches found through the index first (for the capped counts).
    """
    qs: QuerySet[Submission] = Submission.objects.filter(call=call)
    qs = _search(call, qs, query.q, fenced=fenced)
    if with_status and query.status:
        qs = qs.filter(status=query.status)
    if query.category:
        qs = qs.filter(contributor__category=query.category)
    if query.language:
        qs = qs.filter(Q(declared_language=query.language) | Q(declared_language="", detected_language=query.language))
    if query.late == "late":
        qs = qs.filter(received_at__gt=call.deadline)
    elif query.late == "on_time":
        qs = qs.filter(received_at__lte=call.deadline)
    if query.theme:
        tags = ThemeTag.objects.filter(submission=OuterRef("pk"), theme_id=query.theme).exclude(accepted=False)
        qs = qs.filter(Exists(tags))
    if query.duplicates == "copy":
        qs = qs.filter(duplicate_of__isnull=False)
    elif query.duplicates == "original":
        qs = qs.filter(Exists(Submission.objects.filter(duplicate_of=OuterRef("pk"))))
    elif query.duplicates == "none":
        has_copies = Exists(Submission.objects.filter(duplicate_of=OuterRef("pk")))
        qs = qs.filter(duplicate_of__isnull=True).exclude(has_copies)
    if query.assignee == "me":
        qs = qs.filter(assignee_id=user.pk)
    elif query.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif query.assignee.isdigit():
        qs = qs.filter(assignee_id=int(query.assignee))
    return qs


# A search counts its matches up to this many, then says "1,000 or more" (decision 0021):
# counting every match of a word found in every document costs as much as the search.
COUNT_CAP = 1000


def status_counts(call: Call, query: InboxQuery, user: User) -> dict[str, int]:
    """Submissions per status under every filter but the status one (one query).

    ``COUNT(*)`` lets PostgreSQL answer from the (call, status) index alone.
    """
    return capped_status_counts(call, query, user)[0]


def capped_status_counts(call: Call, query: InboxQuery, user: User) -> tuple[dict[str, int], bool]:
    """The counts per status, and whether they stopped at ``COUNT_CAP`` (one query).

    Without a search, exact (an index-only count). With one, at most ``COUNT_CAP + 1``
    matching rows are read; when more match, the counts are lower bounds.
    """
    queryset = filtered_submissions(call, query, user, with_status=False, fenced=True).order_by()
    if not query.q.strip():
        return {row["status"]: row["n"] for row in queryset.values("status").annotate(n=Count("*"))}, False
    statuses = _through_index(queryset.values_list("status", flat=True)[:COUNT_CAP + 1])
    capped = len(statuses) > COUNT_CAP
    counts: dict[str, int] = {}
    for status in statuses[:COUNT_CAP]:
        counts[status] = counts.get(status, 0) + 1
    return counts, capped


class _KnownCountPaginator(Paginator):
    """A paginator told the total (already known from the counts per status)."""

    def __init__(self, object_list: Any, per_page: int, total: int):
        super().__init__(object_list, per_page)
        self._total = total

    @property
    def count(self) -> int:
        return self._total


def _row_queryset(queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    """What a row of an export shows: the inbox row's columns, a few more, and its tags."""
    return _page_queryset(queryset, ("word_count", "consent_to_publish", "title")).prefetch_related(
        Prefetch("tags", queryset=ThemeTag.objects.exclude(accepted=False).select_related("theme")
                 .order_by("theme__order", "theme__key")))


@dataclass(frozen=True)
class RowTheme:
    """A theme on an inbox row: what the chip shows, without a ThemeTag and a Theme instance per chip."""

    key: str
    name: dict[str, str]
    accepted: bool | None

    def name_in(self, language: str) -> str:
        return localized(self.name, language) or self.key


@dataclass
class InboxPage:
    page: Page
    rows: list[Submission]
    counts: dict[str, int]
    total_all_statuses: int
    copies: dict[int, int] = field(default_factory=dict)
    capped: bool = False  # the counts stopped at COUNT_CAP: "1,000 or more"
    themes: dict[int, list[RowTheme]] = field(default_factory=dict)  # submission id -> chips, not rejected


def _page_queryset(queryset: QuerySet[Submission], extra_columns: tuple[str, ...] = ()) -> QuerySet[Submission]:
    """The columns one inbox row shows (the themes come in one plain query, ``_row_themes``).

    Lighter than ``_row_queryset``: a prefetch builds a queryset per row and a ThemeTag and a
    Theme (three JSON columns) per chip, which cost more CPU than the rows' SQL (issue 15).
    """
    return (
        queryset.select_related("contributor__country", "assignee", "duplicate_of")
        .only(
            "id", "reference", "call_id", "received_at", "status", "declared_language", "detected_language",
            "duplicate_of_id", "assignee_id",
            "contributor__name", "contributor__names", "contributor__category", "contributor__country__iso3",
            "assignee__username", "duplicate_of__reference", *extra_columns,
        )
        .prefetch_related(Prefetch("contributor__country__names", queryset=CountryName.objects.all()))
    )


def _row_themes(ids: list[int]) -> dict[int, list[RowTheme]]:
    """The chips of each row, in the call's theme order, rejected suggestions left out (one query)."""
    chips: dict[int, list[RowTheme]] = {}
    tags = (
        ThemeTag.objects.filter(submission_id__in=ids).exclude(accepted=False)
        .order_by("submission_id", "theme__order", "theme__key")
        .values_list("submission_id", "theme__key", "theme__name", "accepted")
    )
    for submission_id, key, name, accepted in tags:
        chips.setdefault(submission_id, []).append(RowTheme(key, name or {}, accepted))
    return chips


@contextmanager
def _one_transaction(query: InboxQuery) -> Iterator[None]:
    """A search page's statements in one transaction, so the planner setting of its count holds for the rows."""
    if not query.q.strip() or connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(savepoint=False):
        yield


def _through_index(queryset: QuerySet[Any]) -> list[Any]:
    """The first column of a search's rows, with the GIN index preferred to reading every document.

    PostgreSQL overestimates how many documents a word matches (the query ORs the word as
    written and stemmed six ways) and does not count the cost of testing a long document's
    vector, so it may read every vector (16 s for a word in a fifth of 100,000 real-length
    submissions) where the index finds the matches in milliseconds (issue 15; EXPLAIN ANALYZE
    in docs/benchmarks.md). ``SET LOCAL`` goes in the same statement (no extra query) and ends
    with the transaction.
    """
    if connection.vendor != "postgresql":
        return list(queryset)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; " + sql, params)
        return [row[0] for row in cursor.fetchall()]


def inbox_page(call: Call, query: InboxQuery, user: User, page_number: Any = 1,
               per_page: int = PAGE_SIZE) -> InboxPage:
    """One page of the inbox, the counts per status, and how many copies each row has."""
    with _one_transaction(query):
        return _inbox_page(call, query, user, page_number, per_page)


def _counts_and_total(call: Call, query: InboxQuery, user: User) -> tuple[dict[str, int], bool, int]:
    """The counts per status, whether they are capped, and how many rows the page's list has."""
    counts, capped = capped_status_counts(call, query, user)
    total = counts.get(query.status, 0) if query.status else sum(counts.values())
    if capped and query.status:
        # The status filter's own matches, capped the same way (one more bounded query).
        total = len(filtered_submissions(call, query, user, fenced=True).order_by()
                    .values_list("pk", flat=True)[:COUNT_CAP])
    return counts, capped, total


def _inbox_page(call: Call, query: InboxQuery, user: User, page_number: Any, per_page: int) -> InboxPage:
    # Every filter but the sort; the person too when the list is theirs ("assigned to me").
    parts = (query.q.strip(), query.status, query.category, query.language, query.late, query.theme,
             query.duplicates, query.assignee, user.pk if query.assignee == "me" else None, COUNT_CAP)
    computed = False

    def compute() -> tuple[dict[str, int], bool, int]:
        nonlocal computed
        computed = True
        return _counts_and_total(call, query, user)

    counts, capped, total = counts_cache.cached(call.pk, parts, compute)
    if not computed and query.q.strip() and connection.vendor == "postgresql":
        # The count's statement sets this for the transaction (``_through_index``); the rows need it too.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    ordering = SORTS.get(query.sort, SORTS["received"])
    # Few matches: found through the index, then sorted. Many (capped): walking the call in order
    # meets the page's rows after a few hundred documents, cheaper than sorting every match.
    matches = filtered_submissions(call, query, user, fenced=not capped).order_by(*ordering).values("pk")
    page = _KnownCountPaginator(matches, per_page, total).get_page(page_number)
    # The page's ids first (LIMIT/OFFSET on the submissions alone), then only those rows joined to their
    # contributor, assignee and original: PostgreSQL joined every skipped row before the OFFSET
    # (page 100: 5,000 joins, 10-24 ms instead of 3; issue 15, EXPLAIN ANALYZE). Still one statement.
    rows = list(_page_queryset(Submission.objects.filter(pk__in=page.object_list)).order_by(*ordering))
    page.object_list = rows
    copies: dict[int, int] = {}
    themes: dict[int, list[RowTheme]] = {}
    if rows:
        themes = _row_themes([r.pk for r in rows])
        copy_rows = (
            Submission.objects.filter(duplicate_of__in=[r.pk for r in rows])
            .order_by().values("duplicate_of").annotate(n=Count("id"))
        )
        copies = {row["duplicate_of"]: row["n"] for row in copy_rows if row["duplicate_of"] is not None}
    return InboxPage(page=page, rows=rows, counts=counts, total_all_statuses=sum(counts.values()), copies=copies,
                     capped=capped, themes=themes)


def export_rows(call: Call, query: InboxQuery, user: User) -> QuerySet[Submission]:
    """Every row the filtered inbox has (all pages), for CSV and XLSX."""
    ordering = SORTS.get(query.sort, SORTS["received"])
    return _row_queryset(filtered_submissions(call, query, user).order_by(*ordering))


def call_members(call: Call) -> list[User]:
    """The people on the call (assignable), by username."""
    user_model = get_user_model()
    return list(user_model.objects.filter(call_memberships__call=call, is_active=True).order_by("username"))


def memberships(call: Call) -> QuerySet[CallMembership]:
    return CallMembership.objects.filter(call=call).select_related("user").order_by("role", "user__username")


def submissions_by_ids(call: Call, ids: list[int]) -> list[Submission]:
    """The selected submissions of the call (ids of other calls are ignored)."""
    return list(Submission.objects.filter(call=call, pk__in=ids).select_related("call").order_by("reference"))


def submission_by_reference(call: Call, reference: str) -> Submission | None:
    return Submission.objects.filter(call=call, reference__iexact=reference.strip()).first()


# --- One submission -----------------------------------------------------------------

def submission_for_staff(pk: int) -> Submission | None:
    """A submission with everything its staff page shows (call access is checked by the caller)."""
    return (
        Submission.objects.filter(pk=pk)
        .select_related("call", "contributor__country", "assignee", "duplicate_of", "processing_job")
        .prefetch_related(
            "attachments",
            "contributor__country__names",
            Prefetch("tags", queryset=ThemeTag.objects.select_related("theme", "decided_by")
                     .order_by("theme__order", "theme__key")),
            Prefetch("excerpts", queryset=Excerpt.objects.select_related("theme", "created_by", "attachment")),
            Prefetch("internal_notes", queryset=InternalNote.objects.select_related("author")),
            Prefetch("duplicates", queryset=Submission.objects.select_related("contributor").order_by("reference")),
            "call__themes",
        )
        .first()
    )


def history(submission: Submission) -> QuerySet[AuditEvent]:
    """Everything that happened to the submission, newest first, with who did it."""
    return submission.audit_events.select_related("actor").order_by("-created_at", "-id")


def next_unreviewed(call: Call, user: User, after: Submission | None = None) -> Submission | None:
    """The next submission assigned to the person that nobody decided yet (wrapping around)."""
    mine = Submission.objects.filter(call=call, assignee_id=user.pk, status__in=UNREVIEWED).order_by("reference")
    if after is not None:
        found = mine.filter(reference__gt=after.reference).first()
        if found is not None:
            return found
        return mine.exclude(pk=after.pk).first()
    return mine.first()
