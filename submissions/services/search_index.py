"""Keeping each submission's search document in step with its text (decision 0014)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection
from django.db.models import Prefetch
from django.utils import timezone

from submissions.models import Attachment, Call, SearchDocument, Submission
from submissions.search import document_languages, index_text, stemmer_configs, vector_sql
from submissions.selectors import submission_full_text

# The submission whose sender and files the caller has in memory (``indexed_from``).
_KNOWN: ContextVar[Submission | None] = ContextVar("search_index_known", default=None)


@contextmanager
def indexed_from(submission: Submission) -> Iterator[None]:
    """Within: indexing this submission takes its sender and files from ``submission`` (select_related
    and prefetched), not from a new read (issue 15: processing's final status re-read them both).

    Only the sender and the files: title, text, languages and call come from the row as just
    saved, and when its title, text or sender differ from ``submission`` (an amendment landed
    meanwhile) everything is read again. For callers whose files cannot have changed since they
    read them but by new files still pending (no text yet): processing.
    """
    token = _KNOWN.set(submission)
    try:
        yield
    finally:
        _KNOWN.reset(token)


def _in_memory(submission_id: int, saved: Submission | None) -> Submission | None:
    """The ``indexed_from`` submission, when it is this one and says what the saved row says."""
    known = _KNOWN.get()
    if saved is None or known is None or not known.pk == saved.pk == submission_id:
        return None
    if (known.title, known.text, known.contributor_id) != (saved.title, saved.text, saved.contributor_id):
        return None
    return known


def index_submission(submission_id: int, saved: Submission | None = None) -> SearchDocument | None:
    """(Re)build the document of one submission: contributor, title, text, files' text.

    Idempotent; called once processing has produced the text, and by ``reindex_search``.
    ``saved``: the instance just saved (the ``post_save`` receiver), used with ``indexed_from``.
    """
    known = _in_memory(submission_id, saved)
    if known is not None:
        assert saved is not None  # _in_memory checked it
        body = "\n\n".join(p for p in (known.contributor.name, submission_full_text(known)) if p)
        return _write(saved, body)
    try:  # the files' text, not their pages (the same text again, as JSON to decode)
        submission = (
            Submission.objects.select_related("contributor")
            .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.defer("pages")))
            .get(pk=submission_id)
        )
    except Submission.DoesNotExist:
        return None
    body = "\n\n".join(p for p in (submission.contributor.name, submission_full_text(submission)) if p)
    return _write(submission, body)


def _write(submission: Submission, body: str) -> SearchDocument:
    """Store ``body`` as the submission's document, stemmed in its languages."""
    if connection.vendor != "postgresql":
        document, _ = SearchDocument.objects.update_or_create(
            submission=submission, defaults={"call_id": submission.call_id, "body": body}
        )
        return document
    # One upsert, vector included (a locked read, two savepoints, a write and an UPDATE before:
    # issue 15 counts every statement of a processing run).
    configs = stemmer_configs(document_languages(
        submission.declared_language, submission.detected_language, submission.language_shares
    ))
    expression, _ = vector_sql(configs)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SearchDocument._meta.db_table} (submission_id, call_id, body, vector, updated_at) "
            f"VALUES (%s, %s, %s, {expression}, %s) ON CONFLICT (submission_id) DO UPDATE SET "
            "call_id = EXCLUDED.call_id, body = EXCLUDED.body, vector = EXCLUDED.vector, "
            "updated_at = EXCLUDED.updated_at",
            [submission.pk, submission.call_id, body, *[index_text(body)] * (1 + len(configs)), now],
        )
    document = SearchDocument(submission=submission, call_id=submission.call_id, body=body, updated_at=now)
    document._state.adding = False
    return document


def reindex_call(call: Call) -> int:
    """Rebuild every document of a call (after a change of the indexing rules)."""
    ids = list(call.submissions.values_list("pk", flat=True))
    for pk in ids:
        index_submission(pk)
    return len(ids)
