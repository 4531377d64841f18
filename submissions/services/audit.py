"""Recording audit events: the one place that writes the trail."""
from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import models

from submissions.models import AuditEvent, Call, Submission


def record_event(
    action: str,
    *,
    actor: User | None = None,
    actor_label: str = "",
    call: Call | None = None,
    submission: Submission | None = None,
    obj: models.Model | None = None,
    before: Any = None,
    after: Any = None,
    note: str = "",
) -> AuditEvent:
    """Append one event. Callers pass JSON-serialisable before/after values."""
    if submission is not None and call is None:
        call = submission.call
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label or ("" if actor else "system"),
        call=call,
        submission=submission,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        before=before,
        after=after,
        note=note,
    )
