"""Team invitations by e-mail: sending (call managers) and accepting (the invitee, by the signed link)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from staff.access import AuthedRequest, call_permission
from staff.forms_calls import AcceptInvitationForm, InviteForm
from submissions import permissions
from submissions.models import Call, CallRole, Invitation
from submissions.multilingual import localized_text, ui_language
from submissions.services import invitations

REFUSALS = {
    "expired": _("This invitation has expired. Ask the call manager to invite you again."),
    "invalid": _("This invitation link is not valid."),
    "used": _("This invitation was already used or withdrawn."),
    "taken": _("This username is taken; choose another."),
    "member": _("This person is on the call already."),
    "role": _("Choose a role."),
}


@call_permission(permissions.MANAGE_TEAM)
def invite(request: AuthedRequest, call: Call) -> HttpResponse:
    """Invite someone by e-mail in a role; pending invitations with a way to withdraw them."""
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invite(call, form.cleaned_data["email"], form.cleaned_data["role"], actor=request.user)
        except invitations.InvitationError as error:
            form.add_error("email", REFUSALS.get(error.code, str(error)))
        else:
            messages.success(request, _("Invitation sent to %(email)s as %(role)s.") % {
                "email": form.cleaned_data["email"], "role": CallRole(form.cleaned_data["role"]).label})
            return redirect("staff:invite", call.slug)
    pending = Invitation.objects.filter(call=call, accepted_at__isnull=True, revoked_at__isnull=True)
    accepted = Invitation.objects.filter(call=call, accepted_at__isnull=False).select_related("accepted_by")[:20]
    context = {"call": call, "title": localized_text(call.title, ui_language(), call.original_language),
               "form": form, "pending": pending, "accepted": accepted}
    return render(request, "staff/calls/invite.html", context, status=400 if form.errors else 200)


@require_POST
@call_permission(permissions.MANAGE_TEAM)
def revoke(request: AuthedRequest, call: Call, invitation_id: int) -> HttpResponse:
    invitation = Invitation.objects.filter(call=call, pk=invitation_id).first()
    if invitation is not None:
        invitations.revoke(invitation, actor=request.user)
        messages.success(request, _("Invitation withdrawn."))
    return redirect("staff:invite", call.slug)


@never_cache
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's page: choose a username and password (or join with the account already signed in)."""
    try:
        invitation = invitations.invitation_from_token(token)
    except invitations.InvitationError as error:
        return render(request, "staff/calls/accept.html", {"refusal": REFUSALS[error.code]}, status=410)
    call = invitation.call
    signed_in = request.user if request.user.is_authenticated else None
    form = AcceptInvitationForm(request.POST or None, initial={"username": invitation.email.split("@")[0]})
    if request.method == "POST":
        try:
            if signed_in is not None and request.POST.get("join"):
                user = invitations.accept(invitation, user=signed_in)
            elif form.is_valid():
                user = invitations.accept(invitation, username=form.cleaned_data["username"],
                                          password=form.cleaned_data["password"])
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                user = None
        except invitations.InvitationError as error:
            form.add_error("username", REFUSALS[error.code])
            user = None
        if user is not None:
            messages.success(request, _("Welcome: you are on the call as %(role)s.") % {
                "role": CallRole(invitation.role).label})
            return redirect("staff:inbox", call.slug)
    context = {"invitation": invitation, "call": call, "form": form, "signed_in": signed_in,
               "role": CallRole(invitation.role).label,
               "title": localized_text(call.title, ui_language(), call.original_language)}
    return render(request, "staff/calls/accept.html", context, status=400 if form.errors else 200)
