"""Which sign-in lockouts apply (django-axes ``AXES_LOCKOUT_PARAMETERS``; issue 13, decision 0020).

Always per address and username together (one person mistyping) and per address (one machine
trying many usernames). Per username alone only when the recent failures against that username
come from several addresses (``AXES_USERNAME_LOCK_ADDRESSES``, a distributed guess): a single
stranger, from one address, locks only their own address and never the named account, so the
account's owner, elsewhere, still signs in. Every lock lifts after the cool-off, and attempts
made during a lock do not prolong it (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``).
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone


def lockout_parameters(request_or_attempt: Any, credentials: dict[str, Any] | None = None) -> list[str | list[str]]:
    from axes.helpers import get_client_username, get_cool_off

    parameters: list[str | list[str]] = [["ip_address", "username"], "ip_address"]
    if isinstance(request_or_attempt, HttpRequest):
        username = get_client_username(request_or_attempt, credentials)
    else:  # an AccessAttempt (axes' own reset and admin paths)
        username = getattr(request_or_attempt, "username", None)
    if username and _failing_addresses(username, get_cool_off(request_or_attempt if isinstance(
            request_or_attempt, HttpRequest) else None)) >= settings.AXES_USERNAME_LOCK_ADDRESSES:
        parameters.append("username")
    return parameters


def _failing_addresses(username: str, cool_off: Any) -> int:
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(username=username)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.values("ip_address").distinct().count()
