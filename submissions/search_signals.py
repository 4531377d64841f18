"""Keep search documents current without the pipeline knowing about search.

A submission is (re)indexed when it is created, when its title or text change,
and when processing ends (status ready, duplicate or rejected: its files' text
is there by then). Indexing runs in the same transaction as the change.
"""
from __future__ import annotations

from typing import Any

from submissions.models import Submission, SubmissionStatus

_PROCESSED = frozenset({SubmissionStatus.READY, SubmissionStatus.DUPLICATE, SubmissionStatus.REJECTED})


def reindex_submission(sender: type[Submission], instance: Submission, created: bool = False,
                       update_fields: frozenset[str] | None = None, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    fields = set(update_fields or ())
    if update_fields is None or fields & {"text", "title"} or ("status" in fields and instance.status in _PROCESSED):
        from submissions.services.search_index import index_submission

        index_submission(instance.pk)
