"""How processing learns that a submission was stored: the core's signal, sent on commit.

Intake and the submitter's changes know nothing of processing; they send
``submissions.signals.submission_stored`` once their transaction commits.
"""
from __future__ import annotations

from typing import Any


def queue_stored_submission(sender: Any, submission_id: int, **kwargs: Any) -> None:
    from synthesis.services.jobs import queue_processing

    queue_processing(submission_id)
