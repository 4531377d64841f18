"""Themes the call did not name (decision 0017): staff adopt, merge or dismiss what processing proposes.

Editors and call managers (``permissions.DRAFT``): a theme shapes the call's
analysis and the report's sections, which is the editors' work; triagers work
within the themes they are given. Thin: ``synthesis.services.candidates`` writes.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staff.access import AuthedRequest, call_permission
from submissions import permissions
from submissions.models import AuditAction, AuditEvent, Call
from submissions.multilingual import LANGUAGE_LABELS, localized_text, ui_language
from synthesis.models import CandidateState, CandidateTheme
from synthesis.services import candidates as candidate_services


def _states() -> dict[str, str]:
    return {CandidateState.ADOPTED: _("Adopted"), CandidateState.MERGED: _("Merged"),
            CandidateState.DISMISSED: _("Dismissed")}


def _row(candidate: CandidateTheme, language: str) -> dict[str, Any]:
    submissions = sorted(candidate.submissions.all(), key=lambda s: s.reference)
    return {
        "candidate": candidate,
        "sentences": candidate.sentences,
        "submissions": [{"submission": s, "contributor": s.contributor.display_name(language),
                         "language": LANGUAGE_LABELS.get(s.language, s.language)} for s in submissions],
    }


@call_permission(permissions.DRAFT)
def candidates(request: AuthedRequest, call: Call) -> HttpResponse:
    """The open proposals, biggest first, with what staff decided on earlier ones."""
    language, states = ui_language(), _states()
    every = list(CandidateTheme.objects.filter(call=call).select_related("theme", "decided_by")
                 .prefetch_related("submissions__contributor"))
    proposed = [_row(c, language) for c in every if c.state == CandidateState.PROPOSED]
    proposed.sort(key=lambda row: (-len(row["submissions"]), -len(row["sentences"])))
    decided = sorted((c for c in every if c.state != CandidateState.PROPOSED),
                     key=lambda c: c.decided_at or c.created_at, reverse=True)
    last = (AuditEvent.objects.filter(call=call, action=AuditAction.CANDIDATES_PROPOSED)
            .order_by("-created_at").first())
    context = {
        "call": call,
        "title": localized_text(call.title, language, call.original_language),
        "nav_active": "candidates",
        "proposed": proposed,
        "decided": [{"candidate": c, "state": states.get(c.state, c.state),
                     "theme": c.theme.name_in(language) if c.theme else ""} for c in decided],
        "themes": [{"pk": t.pk, "name": t.name_in(language)} for t in call.themes.all()],
        "last_looked": last.created_at if last else None,
        "settled": candidate_services.processing_settled(call),
    }
    return render(request, "staff/candidates.html", context)


@require_POST
@call_permission(permissions.DRAFT)
def look_for_candidates(request: AuthedRequest, call: Call) -> HttpResponse:
    """The button: look again now (in a task, after commit)."""
    candidate_services.request_candidates(call, actor=request.user)
    messages.info(request, _("Looking for themes the call did not name: proposals appear on this page when the "
                             "search is done (a minute or two on a large call)."))
    return redirect("staff:candidates", call.slug)


@require_POST
@call_permission(permissions.DRAFT)
def decide_candidate(request: AuthedRequest, call: Call, candidate_id: int) -> HttpResponse:
    """Adopt (with the name staff gave it), merge into a theme of the call, or dismiss one proposal."""
    candidate = get_object_or_404(CandidateTheme, call=call, pk=candidate_id)
    action = request.POST.get("action")
    try:
        if action == "adopt":
            theme = candidate_services.adopt_candidate(candidate, actor=request.user,
                                                       name=request.POST.get("name", ""), language=ui_language())
            messages.success(request, _("“%(theme)s” is now a theme of the call. Suggestions for it are being "
                                        "added to the submissions.") % {"theme": theme.name_in(ui_language())})
        elif action == "merge":
            target = call.themes.filter(pk=request.POST.get("theme") or 0).first()
            if target is None:
                messages.error(request, _("Choose the theme to merge it into."))
                return redirect("staff:candidates", call.slug)
            candidate_services.merge_candidate(candidate, target, actor=request.user)
            messages.success(request, _("Merged into “%(theme)s”: its words now help find that theme.")
                             % {"theme": target.name_in(ui_language())})
        elif action == "dismiss":
            candidate_services.dismiss_candidate(candidate, actor=request.user)
            messages.success(request, _("Dismissed: it will not be proposed again."))
        else:
            messages.error(request, _("Choose adopt, merge or dismiss."))
    except candidate_services.AlreadyDecided:
        messages.warning(request, _("Someone already decided on this proposal."))
    return redirect("staff:candidates", call.slug)
