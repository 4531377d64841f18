"""How processing learns that a submission was stored: the core's signal, sent on commit.

Intake and the submitter's changes know nothing of processing; they send
``submissions.signals.submission_stored`` once their transaction commits.
"""
from __future__ import annotations

import contextlib
from typing import Any


def queue_stored_submission(sender: Any, submission_id: int, **kwargs: Any) -> None:
    from synthesis.services.jobs import queue_processing

    queue_processing(submission_id)


def learn_from_decision(sender: Any, call_id: int, **kwargs: Any) -> None:
    """Receiver of ``theme_decided`` and ``themes_settled`` (sent on commit): the call's model learns,
    its suggestions are re-scored."""
    from synthesis.tasks import refresh_call_suggestions_task

    with contextlib.suppress(Exception):  # a broker outage only delays learning
        refresh_call_suggestions_task.apply_async(args=(call_id,), retry=False)
