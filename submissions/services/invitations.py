"""Inviting people onto a call's team by e-mail; accepting creates their account (decision 0016).

The link carries a signed token (``django.core.signing`` with ``max_age``): the
invitation's id and address, so nothing secret is stored and a changed token
fails its signature. The e-mail goes through the outbox, approved by the inviter.
"""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from submissions.models import AuditAction, Call, CallMembership, CallRole, Invitation, MessageKind
from submissions.services import messages
from submissions.services.audit import record_event
from submissions.services.team import set_membership

SALT = "submissions.team.invitation"
MAX_AGE = dt.timedelta(days=7)


class InvitationError(ValueError):
    """The invitation cannot be used: ``code`` says why (expired, invalid, used, taken)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def token_for(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "e": invitation.email.lower()}, salt=SALT)


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation a token names; raises InvitationError otherwise."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvitationError("expired") from exc
    except signing.BadSignature as exc:
        raise InvitationError("invalid") from exc
    invitation = Invitation.objects.select_related("call").filter(pk=payload.get("i")).first()
    if invitation is None or invitation.email.lower() != payload.get("e"):
        raise InvitationError("invalid")
    if not invitation.pending:
        raise InvitationError("used")
    return invitation


@transaction.atomic
def invite(call: Call, email: str, role: str, *, actor: User) -> Invitation:
    """Record the invitation and e-mail its link (through the outbox, approved by the inviter)."""
    email = email.strip()
    if role not in CallRole.values:
        raise InvitationError("role")
    if CallMembership.objects.filter(call=call, user__email__iexact=email).exists():
        raise InvitationError("member")
    Invitation.objects.filter(call=call, email__iexact=email, accepted_at__isnull=True,
                              revoked_at__isnull=True).update(revoked_at=timezone.now())
    invitation = Invitation.objects.create(call=call, email=email, role=role, invited_by=actor)
    record_event(AuditAction.CALL_INVITATION_SENT, actor=actor, call=call, obj=invitation,
                 after={"email": email, "role": str(CallRole(role).label)})
    words = messages.wording(call, MessageKind.INVITATION, "en")
    values = {**messages.call_values(call, "en"), "role": str(CallRole(role).label),
              "link": messages._site(reverse("accept-invitation", args=[token_for(invitation)]))}
    messages.send_now(call, kind=MessageKind.INVITATION, to=email, subject=messages.render(words.subject, values),
                      body=messages.render(words.body, values), language="en", actor=actor)
    return invitation


@transaction.atomic
def revoke(invitation: Invitation, *, actor: User) -> None:
    if invitation.pending:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record_event(AuditAction.CALL_INVITATION_REVOKED, actor=actor, call=invitation.call, obj=invitation,
                     before={"email": invitation.email})


def existing_account(invitation: Invitation) -> User | None:
    return User.objects.filter(email__iexact=invitation.email, is_active=True).first()


@transaction.atomic
def accept(invitation: Invitation, *, user: User | None = None, username: str = "", password: str = "") -> User:
    """Put the invitee on the call: their signed-in account, or a new one with the password they chose."""
    locked = Invitation.objects.select_for_update().select_related("call").get(pk=invitation.pk)
    if not locked.pending:
        raise InvitationError("used")
    if user is None:
        if User.objects.filter(username__iexact=username).exists():
            raise InvitationError("taken")
        user = User.objects.create_user(username=username, email=locked.email, password=password)
    set_membership(locked.call, user, locked.role, actor=user, actor_label="invitation")
    locked.accepted_at, locked.accepted_by = timezone.now(), user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    record_event(AuditAction.CALL_INVITATION_ACCEPTED, actor=user, call=locked.call, obj=locked,
                 after={"user": user.get_username(), "email": locked.email, "role": str(CallRole(locked.role).label)})
    return user
