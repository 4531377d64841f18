"""Staff's publication decisions: what may appear on the call's public inputs page (decision 0020)."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from staff.access import AuthedRequest, call_permission
from submissions import permissions, selectors
from submissions.models import Call, PublicationState, Submission
from submissions.multilingual import localized_text, ui_language
from submissions.services import publication as publication_services


@call_permission(permissions.VIEW)
def publication(request: AuthedRequest, call: Call) -> HttpResponse:
    """Submissions whose senders agreed to publication, with staff's decision; bulk approve or refuse."""
    can_decide = permissions.can(request.user, permissions.TRIAGE, call)
    if request.method == "POST":
        if not can_decide:
            return render(request, "staff/forbidden.html", status=403)
        ids = [int(value) for value in request.POST.getlist("submission") if value.isdigit()]
        action = request.POST.get("action")
        if not ids or action not in ("approve", "refuse"):
            messages.error(request, _("Choose at least one submission and a decision."))
            return redirect("staff:publication", call.slug)
        chosen = list(Submission.objects.filter(call=call, pk__in=ids))
        changed, refused = publication_services.decide_publication(
            chosen, approve=action == "approve", actor=request.user)
        if changed:
            messages.success(request, ngettext(
                "Decision saved for %(count)d submission.", "Decision saved for %(count)d submissions.",
                len(changed)) % {"count": len(changed)})
        for submission, problem in refused:
            messages.warning(request, _("%(reference)s cannot be published: %(reason)s.") % {
                "reference": submission.reference, "reason": problem})
        return redirect(f"{request.path}?state={request.GET.get('state', '')}")
    state = request.GET.get("state", "")
    if state not in PublicationState.values:
        state = ""
    language = ui_language()
    published_ids = set(selectors.published_submissions(call).values_list("pk", flat=True))
    rows: list[dict[str, Any]] = []
    for submission in selectors.publication_queue(call, state=state):
        rows.append({
            "submission": submission,
            "name": submission.contributor.display_name(language),
            "published": submission.pk in published_ids,
            "problem": publication_services.publication_problem(submission),
            "files": list(submission.attachments.all()),
        })
    context = {
        "call": call,
        "title": localized_text(call.title, language, call.original_language),
        "rows": rows,
        "state": state,
        "states": PublicationState.choices,
        "can_decide": can_decide,
        "files_published": selectors.files_are_published(),
    }
    return render(request, "staff/publication.html", context)
