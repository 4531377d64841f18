"""Keeping each submission's search document in step with its text (decision 0014)."""
from __future__ import annotations

from django.db import connection

from submissions.models import Call, SearchDocument, Submission
from submissions.search import document_languages, index_text, stemmer_configs, vector_sql
from submissions.selectors import submission_full_text


def index_submission(submission_id: int) -> SearchDocument | None:
    """(Re)build the document of one submission: contributor, title, text, files' text.

    Idempotent; called once processing has produced the text, and by ``reindex_search``.
    """
    submission = (
        Submission.objects.select_related("contributor").prefetch_related("attachments")
        .filter(pk=submission_id).first()
    )
    if submission is None:
        return None
    body = "\n\n".join(p for p in (submission.contributor.name, submission_full_text(submission)) if p)
    document, _ = SearchDocument.objects.update_or_create(
        submission=submission, defaults={"call_id": submission.call_id, "body": body}
    )
    if connection.vendor == "postgresql":
        configs = stemmer_configs(document_languages(
            submission.declared_language, submission.detected_language, submission.language_shares
        ))
        expression, _ = vector_sql(configs)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {SearchDocument._meta.db_table} SET vector = {expression} WHERE submission_id = %s",
                [index_text(body)] * (1 + len(configs)) + [submission.pk],
            )
    return document


def reindex_call(call: Call) -> int:
    """Rebuild every document of a call (after a change of the indexing rules)."""
    ids = list(call.submissions.values_list("pk", flat=True))
    for pk in ids:
        index_submission(pk)
    return len(ids)
