"""Staff's decision to publish a submission on the public inputs page (decision 0020).

The one writer of ``Submission.publication``: approving or refusing publication is
a decision of its own, audited with who took it, one submission or many at once.
Approval only counts while the sender consents and the submission is processed and
not set aside (see ``selectors.publication``); so a withdrawal, a revoked consent or
an exclusion unpublishes at once without anything to undo here.
"""
from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from submissions.models import AuditAction, PublicationState, Submission
from submissions.selectors.publication import PUBLISHABLE_STATUSES
from submissions.services.audit import record_event


class PublicationRefused(ValueError):
    """Publication cannot be approved for this submission; the message says why."""


def publication_problem(submission: Submission) -> str:
    """Why this submission cannot be approved for publication, or ""."""
    if not submission.consent_to_publish:
        return "the sender did not agree to publication"
    if submission.duplicate_of_id is not None:
        return "it repeats another submission"
    if submission.status not in PUBLISHABLE_STATUSES:
        return f"it is “{submission.get_status_display()}”"
    return ""


def decide_publication(
    submissions: Iterable[Submission], *, approve: bool, actor: User | None, actor_label: str = "",
) -> tuple[list[Submission], list[tuple[Submission, str]]]:
    """Approve or refuse publication of each submission; returns (changed, refused with reasons).

    Refusing is always possible; approving needs consent and a publishable state.
    """
    changed: list[Submission] = []
    refused: list[tuple[Submission, str]] = []
    new_state = PublicationState.APPROVED if approve else PublicationState.REFUSED
    ids = [s.pk for s in submissions]
    with transaction.atomic():
        for current in Submission.objects.select_for_update().filter(pk__in=ids).select_related("call"):
            if approve and (problem := publication_problem(current)):
                refused.append((current, problem))
                continue
            if current.publication == new_state:
                continue
            before = current.publication
            current.publication = new_state
            current.publication_decided_at = timezone.now()
            current.publication_decided_by = actor if actor is not None and actor.is_authenticated else None
            current.save(update_fields=["publication", "publication_decided_at", "publication_decided_by",
                                        "updated_at"])
            record_event(
                AuditAction.PUBLICATION_APPROVED if approve else AuditAction.PUBLICATION_REFUSED,
                actor=actor, actor_label=actor_label, submission=current, obj=current,
                before={"publication": before}, after={"publication": new_state.value},
            )
            changed.append(current)
    return changed, refused
