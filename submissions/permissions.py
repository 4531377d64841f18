"""Who may do what in the staff area: the one place access rules live (decision 0011).

Access is per call. A person's ``CallMembership`` on a call gives them a role
there; the role gives a set of permissions. Nothing is granted across calls,
except to superusers (the technical administrators). People without any
membership (submitters, anonymous visitors) have no access to the staff area.
"""
from __future__ import annotations

from typing import TypeGuard

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as AuthUser
from django.db.models import QuerySet
from django.http import HttpRequest

from submissions.models import Call, CallMembership, CallRole, Submission

# Permissions, named for what they let a person do.
VIEW = "view"                # the inbox, submissions, their files and history; exports
TRIAGE = "triage"            # status, themes, excerpts, notes, duplicates, retries; assign oneself
ASSIGN_OTHERS = "assign"     # give submissions to any member of the call
DRAFT = "draft"              # the report draft (reports app)
MANAGE_TEAM = "manage_team"  # who is on the call, in which role
MESSAGE = "message"          # compose e-mails to senders (drafts), grant extensions
SET_UP = "set_up"            # the call's texts, dates, themes, notes verbales; open/close; approve the outbox

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    CallRole.TRIAGER: frozenset({VIEW, TRIAGE}),
    CallRole.EDITOR: frozenset({VIEW, TRIAGE, ASSIGN_OTHERS, DRAFT, MESSAGE}),
    CallRole.MANAGER: frozenset({VIEW, TRIAGE, ASSIGN_OTHERS, DRAFT, MANAGE_TEAM, MESSAGE, SET_UP}),
}

# The global "call administrator" role: a Django permission (given by the group of that name),
# held by staff who create calls; whoever creates a call becomes its call manager (decision 0016).
CREATE_CALLS = "submissions.add_call"
CALL_ADMINISTRATOR_GROUP = "Call administrator"
ALL_PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())

User = AuthUser | AnonymousUser


def _active(user: User | None) -> TypeGuard[AuthUser]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def role_on(user: User | None, call: Call) -> str | None:
    """The person's role on the call, or None. Cached on the user object per request."""
    if not _active(user):
        return None
    cache = user.__dict__.setdefault("_call_roles", {})
    if call.pk not in cache:
        cache[call.pk] = (
            CallMembership.objects.filter(call_id=call.pk, user_id=user.pk).values_list("role", flat=True).first()
        )
    return cache[call.pk]


def permissions_on(user: User | None, call: Call) -> frozenset[str]:
    if not _active(user):
        return frozenset()
    if user.is_superuser:
        return ALL_PERMISSIONS
    role = role_on(user, call)
    return ROLE_PERMISSIONS.get(role, frozenset()) if role else frozenset()


def can(user: User | None, permission: str, call: Call) -> bool:
    """Whether the person may do ``permission`` on ``call``."""
    return permission in permissions_on(user, call)


def can_create_calls(user: User | None) -> bool:
    """Call administrators (and superusers) create calls; they see only the calls they are on."""
    return _active(user) and (user.is_superuser or user.has_perm(CREATE_CALLS))


def is_staff_member(user: User | None) -> bool:
    """Whether the person may enter the staff area at all (on at least one call, or creating calls)."""
    if not _active(user):
        return False
    return (user.is_superuser or CallMembership.objects.filter(user_id=user.pk).exists()
            or can_create_calls(user))


def calls_for(user: User | None) -> QuerySet[Call]:
    """The calls the person works on (every call for superusers)."""
    if not _active(user):
        return Call.objects.none()
    if user.is_superuser:
        return Call.objects.all()
    return Call.objects.filter(memberships__user_id=user.pk)


def can_assign(user: User | None, submission: Submission, assignee: AbstractBaseUser | None) -> bool:
    """ASSIGN_OTHERS gives anything to anyone; a triager may only take it, or let go of their own."""
    call = submission.call
    if can(user, ASSIGN_OTHERS, call):
        return True
    if not _active(user) or not can(user, TRIAGE, call):
        return False
    if assignee is not None:
        return assignee.pk == user.pk
    return submission.assignee_id in (None, user.pk)


def submission_visible(user: User | None, submission: Submission) -> bool:
    return can(user, VIEW, submission.call)


def client_ip(request: HttpRequest) -> str:
    """The client's address for django-axes' records, read like the portal's rate limits."""
    key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    return (request.META.get(key) or request.META.get("REMOTE_ADDR") or "").split(",")[0].strip()
