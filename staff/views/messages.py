"""Messages to senders: compose from templates, review in the outbox, approve; digests and extensions.

Nothing here sends mail: approving hands a message to ``submissions.services.messages``,
whose Celery task sends it and records it on the submission's history (decision 0016).
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from staff.access import AuthedRequest, call_permission, submission_permission
from staff.forms_calls import ComposeForm, ExtensionForm, ReminderForm, TemplateForm
from submissions import permissions
from submissions.models import (
    Call,
    DigestSubscription,
    MessageKind,
    MessageState,
    OutboundMessage,
    Submission,
    SubmissionExtension,
)
from submissions.multilingual import LANGUAGE_LABELS, UN_LANGUAGES, localized_text, ui_language
from submissions.services import extensions
from submissions.services import messages as outbox
from submissions.services.calls import GENEVA

OUTBOX_PAGE = 200


def _title(call: Call) -> dict[str, str] | None:
    return localized_text(call.title, ui_language(), call.original_language)


@call_permission(permissions.MESSAGE)
def outbox_page(request: AuthedRequest, call: Call) -> HttpResponse:
    """The call's e-mails by state; call managers approve drafts (then the task sends them) or discard them."""
    state = request.GET.get("state") or MessageState.DRAFT
    rows = OutboundMessage.objects.filter(call=call, state=state).select_related("submission", "created_by",
                                                                                 "approved_by")[:OUTBOX_PAGE]
    counts = {s: OutboundMessage.objects.filter(call=call, state=s).count() for s in MessageState.values}
    context: dict[str, Any] = {
        "call": call, "title": _title(call), "rows": rows, "state": state,
        "tabs": [{"value": v, "label": label, "count": counts[v]} for v, label in MessageState.choices],
        "can_approve": permissions.can(request.user, permissions.SET_UP, call),
        "digest": DigestSubscription.objects.filter(call=call, user=request.user).exists(),
    }
    return render(request, "staff/messages/outbox.html", context)


@require_POST
@call_permission(permissions.MESSAGE)
def outbox_action(request: AuthedRequest, call: Call) -> HttpResponse:
    action = request.POST.get("action")
    chosen = OutboundMessage.objects.filter(call=call, pk__in=request.POST.getlist("message"))
    if action == "approve":
        if not permissions.can(request.user, permissions.SET_UP, call):
            flash.error(request, _("Only a call manager approves messages for sending."))
        else:
            count = outbox.approve(chosen, actor=request.user)
            flash.success(request, ngettext("%(count)d message approved; it is being sent.",
                                            "%(count)d messages approved; they are being sent.", count)
                          % {"count": count})
            return redirect(reverse("staff:outbox", args=[call.slug]) + "?state=sent")
    elif action == "discard":
        count = outbox.discard(chosen, actor=request.user)
        flash.success(request, ngettext("%(count)d message discarded.", "%(count)d messages discarded.", count)
                      % {"count": count})
    elif action == "retry":
        for message in chosen:
            outbox.retry(message, actor=request.user)
        flash.success(request, _("Sending again."))
    return redirect("staff:outbox", call.slug)


@call_permission(permissions.MESSAGE)
def edit_message(request: AuthedRequest, call: Call, message_id: int) -> HttpResponse:
    message = get_object_or_404(OutboundMessage, call=call, pk=message_id)
    form = TemplateForm(request.POST or None, initial={"subject": message.subject, "body": message.body})
    if request.method == "POST" and form.is_valid():
        try:
            outbox.edit_draft(message, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
                              actor=request.user)
        except outbox.MessageError as error:
            flash.error(request, str(error))
        return redirect("staff:outbox", call.slug)
    return render(request, "staff/messages/edit.html", {"call": call, "title": _title(call), "message": message,
                                                         "form": form})


@call_permission(permissions.MESSAGE)
def compose(request: AuthedRequest, call: Call) -> HttpResponse:
    """Choose a message and its recipients; drafts go to the outbox, one per sender, in their language."""
    form = ComposeForm(request.POST or None)
    submissions = (Submission.objects.filter(call=call).exclude(contact_email="")
                   .select_related("contributor").order_by("reference"))
    if request.method == "POST" and form.is_valid():
        recipients = form.cleaned_data["recipients"]
        if recipients == "selected":
            chosen = submissions.filter(pk__in=request.POST.getlist("submission"))
        elif recipients == "all":
            chosen = submissions
        else:
            chosen = submissions.filter(status=recipients)
        try:
            drafts = outbox.compose_to_submissions(call, form.cleaned_data["kind"], chosen, actor=request.user,
                                                   message=form.cleaned_data["message"],
                                                   subject=form.cleaned_data["subject"])
        except outbox.MessageError as error:
            form.add_error("message", str(error))
        else:
            if not drafts:
                form.add_error("recipients", _("No submission with an e-mail address was chosen."))
            else:
                flash.success(request, ngettext("%(count)d draft is in the outbox for review.",
                                                "%(count)d drafts are in the outbox for review.", len(drafts))
                              % {"count": len(drafts)})
                return redirect("staff:outbox", call.slug)
    language = ui_language()
    rows = [{"submission": s, "contributor": s.contributor.display_name(language),
             "status": s.get_status_display(), "language": LANGUAGE_LABELS.get(s.language, s.language)}
            for s in submissions[:500]]
    context = {"call": call, "title": _title(call), "form": form, "rows": rows,
               "selected": set(request.POST.getlist("submission"))}
    return render(request, "staff/messages/compose.html", context, status=400 if form.errors else 200)


@call_permission(permissions.MESSAGE)
def reminders(request: AuthedRequest, call: Call) -> HttpResponse:
    """Deadline reminders to the call's invitees (addresses pasted by staff), drafted into the outbox."""
    form = ReminderForm(request.POST or None, initial={"language": call.original_language})
    if request.method == "POST" and form.is_valid():
        try:
            drafts = outbox.compose_reminders(call, form.cleaned_data["addresses"].splitlines(),
                                              form.cleaned_data["language"], actor=request.user)
        except outbox.MessageError as error:
            form.add_error("addresses", str(error))
        else:
            flash.success(request, ngettext("%(count)d draft is in the outbox for review.",
                                            "%(count)d drafts are in the outbox for review.", len(drafts))
                          % {"count": len(drafts)})
            return redirect("staff:outbox", call.slug)
    return render(request, "staff/messages/reminders.html", {"call": call, "title": _title(call), "form": form},
                  status=400 if form.errors else 200)


@call_permission(permissions.SET_UP)
def templates_page(request: AuthedRequest, call: Call) -> HttpResponse:
    """The call's wording of each message in each language (the shipped default until changed)."""
    kind = request.GET.get("kind") or MessageKind.INCLUDED
    language = request.GET.get("lang") or call.original_language
    if kind not in outbox.EDITABLE_KINDS or language not in UN_LANGUAGES:
        kind, language = MessageKind.INCLUDED, call.original_language
    words = outbox.wording(call, kind, language)
    form = TemplateForm(request.POST or None, initial={"subject": words.subject, "body": words.body})
    if request.method == "POST" and form.is_valid():
        outbox.save_template(call, kind, language, subject=form.cleaned_data["subject"],
                             body=form.cleaned_data["body"], actor=request.user)
        flash.success(request, _("Template saved."))
        return redirect(f"{request.path}?kind={kind}&lang={language}")
    context = {"call": call, "title": _title(call), "form": form, "kind": kind, "language": language,
               "customised": words.customised,
               "kinds": [(k.value, k.label) for k in outbox.EDITABLE_KINDS],
               "languages": [(c, LANGUAGE_LABELS[c]) for c in UN_LANGUAGES]}
    return render(request, "staff/messages/templates.html", context)


@require_POST
@call_permission(permissions.VIEW)
def digest(request: AuthedRequest, call: Call) -> HttpResponse:
    """Turn one's daily digest of the call's new submissions on or off."""
    wanted = request.POST.get("wanted") == "1"
    outbox.set_digest(call, request.user, wanted)
    flash.success(request, _("You will get a daily digest of new submissions.") if wanted
                  else _("No more daily digest."))
    return redirect("staff:home")


@submission_permission(permissions.MESSAGE)
def extension(request: AuthedRequest, submission: Submission) -> HttpResponse:
    """Let a named late sender amend their submission until a date."""
    current = SubmissionExtension.objects.filter(submission=submission).first()
    initial = {"person": current.granted_to, "until": current.until.astimezone(GENEVA).replace(tzinfo=None)} \
        if current else {"person": submission.contributor.name}
    form = ExtensionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        until = form.cleaned_data["until"].replace(tzinfo=None).replace(tzinfo=GENEVA)
        extensions.set_extension(submission, until=until, person=form.cleaned_data["person"], actor=request.user)
        flash.success(request, _("The sender may amend until the date set."))
        return redirect("staff:submission", submission.pk)
    call = submission.call
    context = {"call": call, "title": _title(call), "submission": submission, "form": form, "current": current}
    return render(request, "staff/messages/extension.html", context, status=400 if form.errors else 200)
