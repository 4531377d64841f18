"""Keep search documents current without the pipeline knowing about search.

A submission is (re)indexed when its title or text change, and when processing
ends (status ready, duplicate or rejected: its files' text and its languages are
known by then), so once per processing run. Not when processing starts: nothing
the document is made of is known yet that was not at intake, and every run ends
in one of those statuses (``give_up`` included); a run that fails leaves the
submission *processing* until its retry or ``give_up`` indexes it (issue 15: each
index is a read of the submission and its files and a write; processing's own final
status passes its sender and files, ``search_index.indexed_from``, so that index is the
write alone). Indexing runs in the same transaction as the change.

Not when it is created: the submit request only validates and stores (decision
0020, throughput), and processing, which follows every stored submission (the
sweep re-queues lost jobs), indexes it in the worker. A submission rejected at
intake is never processed, so it is indexed at once.
"""
from __future__ import annotations

from typing import Any

from submissions.models import Submission, SubmissionStatus

_INDEXED_ON = frozenset({SubmissionStatus.READY, SubmissionStatus.DUPLICATE, SubmissionStatus.REJECTED})


def reindex_submission(sender: type[Submission], instance: Submission, created: bool = False,
                       update_fields: frozenset[str] | None = None, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    fields = set(update_fields or ())
    if created:
        index = instance.status == SubmissionStatus.REJECTED
    else:
        index = update_fields is None or bool(fields & {"text", "title"}) or (
            "status" in fields and instance.status in _INDEXED_ON)
    if index:
        from submissions.services.search_index import index_submission

        index_submission(instance.pk, saved=instance)
