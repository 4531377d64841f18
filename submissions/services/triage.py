"""Staff work on submissions: assignment, internal notes, bulk actions.

Status still changes only through ``status.change_status``, themes through
``tags``, duplicates through ``duplicates``, call teams through ``team``; this
module composes them and audits what it writes itself.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction

from submissions.models import AuditAction, CallMembership, InternalNote, Submission, ThemeTag
from submissions.models.tags import TagOrigin
from submissions.services.audit import record_event
from submissions.services.duplicates import mark_duplicate
from submissions.services.status import TransitionError, change_status
from submissions.services.tags import decide_tag


class TriageError(ValueError):
    """A staff action that cannot be done; ``code`` picks the message shown."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code = code


def _username(user: User | None) -> str | None:
    return user.get_username() if user is not None else None


# --- Assignment and notes ----------------------------------------------------------

@transaction.atomic
def assign(submission: Submission, assignee: User | None, *, actor: User) -> Submission:
    """Give the submission to a member of its call (None: to nobody)."""
    if assignee is not None and not CallMembership.objects.filter(call_id=submission.call_id, user=assignee).exists():
        raise TriageError("not-member", "The assignee is not on this call.")
    current = Submission.objects.select_for_update(of=("self",)).select_related("assignee").get(pk=submission.pk)
    if current.assignee_id == (assignee.pk if assignee else None):
        return current
    before = _username(current.assignee)
    current.assignee = assignee
    current.save(update_fields=["assignee", "updated_at"])
    record_event(AuditAction.SUBMISSION_ASSIGNED, actor=actor, submission=current, obj=current,
                 before={"assignee": before}, after={"assignee": _username(assignee)})
    submission.assignee = assignee
    return current


@transaction.atomic
def add_note(submission: Submission, text: str, *, actor: User) -> InternalNote:
    """An internal note; audited with its text so the history is complete."""
    text = text.strip()
    if not text:
        raise TriageError("empty-note", "A note cannot be empty.")
    note = InternalNote.objects.create(submission=submission, author=actor, text=text[:10_000])
    record_event(AuditAction.NOTE_ADDED, actor=actor, submission=submission, obj=note, note=note.text)
    return note


@transaction.atomic
def accept_suggestions(submission: Submission, *, actor: User) -> int:
    """Accept every theme the machine suggested and nobody decided yet."""
    tags = ThemeTag.objects.filter(submission=submission, origin=TagOrigin.AUTO, accepted__isnull=True)
    count = 0
    for tag in tags.select_related("theme", "submission__call"):
        decide_tag(tag, accepted=True, actor=actor)
        count += 1
    return count


# --- Bulk actions --------------------------------------------------------------

@dataclass
class BulkResult:
    """What a bulk action did: references changed, and why the others were not."""

    done: list[str] = field(default_factory=list)
    failed: list[tuple[Submission, Exception]] = field(default_factory=list)


def _each(submissions: Iterable[Submission], action: Callable[[Submission], object]) -> BulkResult:
    """Run ``action`` on each submission in its own transaction; one refusal stops nothing else."""
    result = BulkResult()
    for submission in submissions:
        try:
            with transaction.atomic():
                action(submission)
        except (TransitionError, TriageError, ValueError) as exc:
            result.failed.append((submission, exc))
        else:
            result.done.append(submission.reference)
    return result


def bulk_assign(submissions: Iterable[Submission], assignee: User | None, *,
                actor: User) -> BulkResult:
    return _each(submissions, lambda s: assign(s, assignee, actor=actor))


def bulk_change_status(submissions: Iterable[Submission], status: str, *, actor: User,
                       reason: str = "") -> BulkResult:
    return _each(submissions, lambda s: change_status(s, status, actor=actor, reason=reason))


def bulk_accept_suggestions(submissions: Iterable[Submission], *, actor: User) -> BulkResult:
    return _each(submissions, lambda s: accept_suggestions(s, actor=actor))


def bulk_mark_duplicate(submissions: Iterable[Submission], original: Submission, *,
                        actor: User) -> BulkResult:
    return _each(
        (s for s in submissions if s.pk != original.pk),
        lambda s: mark_duplicate(s, original, actor=actor),
    )
