"""The submission workflow. ``change_status`` is the only writer of ``status``."""
from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from submissions.models import AuditAction, Submission, SubmissionStatus
from submissions.services.audit import record_event
from submissions.signals import announce_themes_settled

S = SubmissionStatus

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.PROCESSING, S.READY, S.REJECTED, S.DUPLICATE, S.WITHDRAWN}),
    S.PROCESSING: frozenset({S.RECEIVED, S.READY, S.REJECTED, S.DUPLICATE, S.WITHDRAWN}),
    S.READY: frozenset({S.PROCESSING, S.IN_REVIEW, S.INCLUDED, S.EXCLUDED, S.DUPLICATE, S.WITHDRAWN}),
    S.IN_REVIEW: frozenset({S.READY, S.INCLUDED, S.EXCLUDED, S.DUPLICATE, S.WITHDRAWN}),
    S.INCLUDED: frozenset({S.IN_REVIEW, S.EXCLUDED, S.WITHDRAWN}),
    S.EXCLUDED: frozenset({S.IN_REVIEW, S.INCLUDED, S.WITHDRAWN}),
    S.DUPLICATE: frozenset({S.READY, S.IN_REVIEW, S.WITHDRAWN}),
    S.REJECTED: frozenset({S.PROCESSING, S.READY}),
    S.WITHDRAWN: frozenset(),
}

# Moving into these needs a reason a supervisor can read later.
REASON_REQUIRED = frozenset({S.EXCLUDED, S.REJECTED})


class TransitionError(ValueError):
    """An illegal status change; the message is meant for the person."""


def change_status(
    submission: Submission,
    new_status: str,
    *,
    actor: User | None = None,
    actor_label: str = "",
    reason: str = "",
    locked: bool = False,
) -> Submission:
    """Move a submission to ``new_status`` if the workflow allows it, and audit it.

    ``locked``: the caller read ``submission`` with ``select_for_update`` in the transaction it
    is still in (processing's first read), so it is current and is not read again (issue 15).
    """
    new_status = SubmissionStatus(new_status)
    if locked and not transaction.get_connection().in_atomic_block:
        raise ValueError("locked=True needs the caller's transaction, in which the row was locked")
    with transaction.atomic(savepoint=not locked):  # locked: the caller's transaction, no savepoint in it
        current = submission if locked else Submission.objects.select_for_update().get(pk=submission.pk)
        if Submission.call.is_cached(submission) and submission.call_id == current.call_id:
            # The audit event names the call: no second read of it.
            current.call = submission.call
        old_status = current.status
        if new_status == old_status:
            return current
        if new_status not in ALLOWED_TRANSITIONS[old_status]:
            raise TransitionError(
                f"A submission that is “{SubmissionStatus(old_status).label}” cannot become "
                f"“{new_status.label}”."
            )
        if new_status in REASON_REQUIRED and not reason.strip():
            raise TransitionError(f"Give a reason to mark a submission “{new_status.label}”.")
        current.status = new_status
        current.status_reason = reason.strip() if new_status in REASON_REQUIRED else ""
        current.save(update_fields=["status", "status_reason", "updated_at"])
        record_event(
            AuditAction.SUBMISSION_STATUS,
            actor=actor,
            actor_label=actor_label,
            submission=current,
            obj=current,
            before={"status": old_status},
            after={"status": new_status.value, **({"reason": reason} if reason else {})},
        )
        if S.INCLUDED in (old_status, new_status):
            announce_themes_settled(current.call_id, current.pk)
    submission.status = current.status
    submission.status_reason = current.status_reason
    return current
