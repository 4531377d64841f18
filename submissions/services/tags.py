"""Staff decisions on themes: the only writers of ThemeTag decisions, each audited."""
from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from submissions.models import AuditAction, Submission, Theme, ThemeTag
from submissions.models.tags import TagOrigin
from submissions.services.audit import record_event
from submissions.signals import announce_theme_decided


def _state(tag: ThemeTag) -> dict:
    return {"theme": tag.theme.key, "origin": tag.origin, "accepted": tag.accepted}


@transaction.atomic
def decide_tag(tag: ThemeTag, *, accepted: bool, actor: User) -> ThemeTag:
    """Accept or reject a suggested (or staff) theme on a submission."""
    before = _state(tag)
    tag.accepted = accepted
    tag.decided_by = actor
    tag.decided_at = timezone.now()
    tag.save(update_fields=["accepted", "decided_by", "decided_at", "updated_at"])
    record_event(AuditAction.THEME_DECIDED, actor=actor, submission=tag.submission, obj=tag,
                 before=before, after=_state(tag))
    announce_theme_decided(tag.submission.call_id, tag.submission_id, tag.theme_id, accepted)
    return tag


@transaction.atomic
def add_theme(submission: Submission, theme: Theme, *, actor: User,
              evidence: list[dict] | None = None) -> ThemeTag:
    """Staff tag a submission with a theme the machine did not suggest (or confirm one)."""
    if theme.call_id != submission.call_id:
        raise ValueError("That theme belongs to another call.")
    tag, created = ThemeTag.objects.get_or_create(
        submission=submission, theme=theme, defaults={"origin": TagOrigin.STAFF}
    )
    before = None if created else _state(tag)
    tag.accepted = True
    tag.decided_by = actor
    tag.decided_at = timezone.now()
    if evidence:
        tag.evidence = [*tag.evidence, *evidence]
    tag.save()
    record_event(AuditAction.THEME_ADDED, actor=actor, submission=submission, obj=tag, before=before, after=_state(tag))
    announce_theme_decided(submission.call_id, submission.pk, theme.pk, True)
    return tag
