"""The call's team: who works on it, in which role."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staff.access import AuthedRequest, call_permission
from staff.forms import (
    MemberForm,
)
from submissions import permissions, selectors
from submissions.models import Call, CallMembership, CallRole
from submissions.multilingual import localized_text, ui_language
from submissions.services import team as team_services

# --- The call's team ---------------------------------------------------------------

@call_permission(permissions.VIEW)
def team(request: AuthedRequest, call: Call) -> HttpResponse:
    """Who is on the call in which role; call managers add, change and remove people."""
    can_manage = permissions.can(request.user, permissions.MANAGE_TEAM, call)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            return render(request, "staff/forbidden.html", status=403)
        if form.is_valid():
            user = get_user_model().objects.filter(username=form.cleaned_data["username"], is_active=True).first()
            if user is None:
                form.add_error("username", _("There is no active account with this username."))
            else:
                team_services.set_membership(call, user, form.cleaned_data["role"], actor=request.user)
                messages.success(request, _("%(user)s is on the call as %(role)s.") % {
                    "user": user.get_username(), "role": CallRole(form.cleaned_data["role"]).label})
                return redirect("staff:team", call.slug)
    language = ui_language()
    context: dict[str, Any] = {
        "call": call,
        "title": localized_text(call.title, language, call.original_language),
        "memberships": [
            {"membership": m, "role": m.get_role_display()} for m in selectors.memberships(call)
        ],
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "staff/team.html", context, status=400 if form.errors else 200)


@require_POST
@call_permission(permissions.MANAGE_TEAM)
def team_remove(request: AuthedRequest, call: Call, membership_id: int) -> HttpResponse:
    membership = CallMembership.objects.filter(call=call, pk=membership_id).select_related("user", "call").first()
    if membership is not None:
        if membership.user_id == request.user.pk:
            messages.error(request, _("You cannot take yourself off the call."))
        else:
            team_services.remove_membership(membership, actor=request.user)
            messages.success(request, _("%(user)s is no longer on the call.") % {
                "user": membership.user.get_username()})
    return redirect("staff:team", call.slug)

