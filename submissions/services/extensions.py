"""Per-submission extensions: a named late sender may amend until a date staff set (decision 0016)."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from submissions.models import AuditAction, Submission, SubmissionExtension
from submissions.services.audit import record_event


def active_extension(submission: Submission, now: dt.datetime | None = None) -> SubmissionExtension | None:
    """The extension that lets the sender amend now, or None."""
    extension = SubmissionExtension.objects.filter(submission_id=submission.pk).first()
    if extension is None or extension.until < (now or timezone.now()):
        return None
    return extension


@transaction.atomic
def set_extension(submission: Submission, *, until: dt.datetime, person: str, actor: User) -> SubmissionExtension:
    """Let ``person`` amend the submission until ``until`` (replaces an earlier extension); audited."""
    person = person.strip()
    if not person:
        raise ValueError("person")
    extension, _created = SubmissionExtension.objects.update_or_create(
        submission=submission, defaults={"until": until, "granted_to": person[:200], "granted_by": actor})
    record_event(AuditAction.SUBMISSION_EXTENSION_SET, actor=actor, submission=submission, obj=extension,
                 after={"person": extension.granted_to,
                        "until": timezone.localtime(until).strftime("%Y-%m-%d %H:%M %Z")})
    return extension
