"""Where a person lands after signing in: where their work starts."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from submissions import permissions
from submissions.models import CallRole


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """On one call: a triager goes to the inbox, an editor to the evidence view, a call manager to the
    call's set-up. On several calls (or none yet), the staff home lists them."""
    calls = list(permissions.calls_for(request.user)[:2])
    if len(calls) != 1:
        return redirect("staff:home")
    call = calls[0]
    role = permissions.role_on(request.user, call)
    if role == CallRole.MANAGER:
        return redirect("staff:call-setup", call.slug)
    if role == CallRole.EDITOR:
        return redirect("staff:evidence", call.slug)
    return redirect("staff:inbox", call.slug)
