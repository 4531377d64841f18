"""Keeping each submission's search document in step with its text (decision 0014)."""
from __future__ import annotations

from django.db import connection
from django.db.models import Prefetch
from django.utils import timezone

from submissions.models import Attachment, Call, SearchDocument, Submission
from submissions.search import document_languages, index_text, stemmer_configs, vector_sql
from submissions.selectors import submission_full_text


def index_submission(submission_id: int) -> SearchDocument | None:
    """(Re)build the document of one submission: contributor, title, text, files' text.

    Idempotent; called once processing has produced the text, and by ``reindex_search``.
    """
    try:  # the files' text, not their pages (the same text again, as JSON to decode)
        submission = (
            Submission.objects.select_related("contributor")
            .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.defer("pages")))
            .get(pk=submission_id)
        )
    except Submission.DoesNotExist:
        return None
    body = "\n\n".join(p for p in (submission.contributor.name, submission_full_text(submission)) if p)
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
