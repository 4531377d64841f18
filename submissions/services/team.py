"""Call teams: who works on a call, in which role. Every change is audited."""
from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from submissions.models import AuditAction, Call, CallMembership, Submission
from submissions.services.audit import record_event
from submissions.services.triage import assign


@transaction.atomic
def set_membership(call: Call, user: User, role: str, *, actor: User | None = None,
                   actor_label: str = "") -> CallMembership:
    """Put a person on a call in a role (or change their role)."""
    membership = CallMembership.objects.filter(call=call, user=user).first()
    before = {"user": user.get_username(), "role": membership.role} if membership else None
    if membership is None:
        membership = CallMembership.objects.create(call=call, user=user, role=role)
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    else:
        return membership
    record_event(AuditAction.CALL_MEMBER_SET, actor=actor, actor_label=actor_label, call=call, obj=membership,
                 before=before, after={"user": user.get_username(), "role": role})
    return membership


@transaction.atomic
def remove_membership(membership: CallMembership, *, actor: User) -> None:
    """Take a person off a call; what they are assigned goes back to nobody."""
    call, user = membership.call, membership.user
    for submission in Submission.objects.filter(call=call, assignee=user):
        assign(submission, None, actor=actor)
    membership.delete()
    record_event(AuditAction.CALL_MEMBER_REMOVED, actor=actor, call=call,
                 before={"user": user.get_username(), "role": membership.role})
