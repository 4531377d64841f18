"""Staff area: the list of one's calls, a call's inbox, exports, bulk actions and the team.

Thin: ``selectors_triage`` reads, ``services.triage`` writes, ``permissions`` decides.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions
from .. import selectors_triage as selectors
from ..forms import CATEGORY_LABELS, LANGUAGE_LABELS
from ..forms_triage import (
    ROLE_LABELS,
    STAFF_STATUS_LABELS,
    BulkActionForm,
    InboxFilterForm,
    MemberForm,
)
from ..languages import data_language
from ..models import Call, CallMembership
from ..services import triage as triage_services
from ..services import triage_export
from .text import localized_text
from .triage_access import call_permission, staff_area
from .triage_messages import error_message


def _language() -> str:
    return data_language(get_language())


@staff_area
def home(request: HttpRequest) -> HttpResponse:
    """The calls the person works on, with counts per status."""
    language = _language()
    rows = selectors.staff_calls(request.user)
    for row in rows:
        call = row["call"]
        row["title"] = localized_text(call.title, language, call.original_language)
        row["role"] = ROLE_LABELS.get(permissions.role_on(request.user, call) or "", _("Administrator"))
        row["total"] = sum(row["counts"].values())
        row["to_review"] = row["counts"].get("ready", 0) + row["counts"].get("in_review", 0)
    return render(request, "staff/home.html", {"rows": rows})


def _inbox_query(request: HttpRequest, call: Call, members: list) -> tuple[InboxFilterForm, selectors.InboxQuery]:
    form = InboxFilterForm(request.GET or None, call=call, members=members, language=_language())
    data = form.cleaned_or_default() if request.GET else {}
    return form, selectors.InboxQuery.from_data(data)


def _query_string(request: HttpRequest, drop: tuple[str, ...] = ("page",)) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


@call_permission(permissions.VIEW)
def inbox(request: HttpRequest, call: Call) -> HttpResponse:
    """A call's submissions: filters, search, sort, pages, counts per status, bulk actions."""
    language = _language()
    members = selectors.call_members(call)
    form, query = _inbox_query(request, call, members)
    result = selectors.inbox_page(call, query, request.user, request.GET.get("page") or 1)
    status_tabs = [
        {"value": value, "label": label, "count": result.counts.get(value, 0)}
        for value, label in STAFF_STATUS_LABELS.items()
    ]
    rows = [
        {
            "submission": s,
            "contributor": s.contributor.display_name(language),
            "category": CATEGORY_LABELS.get(s.contributor.category, s.contributor.category),
            "language": LANGUAGE_LABELS.get(s.language, s.language),
            "late": s.received_at > call.deadline,
            "status": STAFF_STATUS_LABELS.get(s.status, s.status),
            "themes": [{"name": t.theme.name_in(language), "accepted": t.accepted} for t in s.tags.all()],
            "copies": result.copies.get(s.pk, 0),
        }
        for s in result.rows
    ]
    context = {
        "call": call,
        "title": localized_text(call.title, language, call.original_language),
        "form": form,
        "query": query,
        "result": result,
        "rows": rows,
        "status_tabs": status_tabs,
        "members": members,
        "bulk_form": BulkActionForm(members=members),
        "query_string": _query_string(request),
        "sort_query": _query_string(request, drop=("page", "sort")),
        "status_query": _query_string(request, drop=("page", "status")),
        "can_triage": permissions.can(request.user, permissions.TRIAGE, call),
        "can_assign_others": permissions.can(request.user, permissions.ASSIGN_OTHERS, call),
        "can_manage_team": permissions.can(request.user, permissions.MANAGE_TEAM, call),
    }
    if request.htmx and request.htmx.target == "inbox-results":
        return render(request, "staff/includes/inbox_results.html", context)
    return render(request, "staff/inbox.html", context)


def _export_filters(request: HttpRequest, call: Call) -> selectors.InboxQuery:
    return _inbox_query(request, call, selectors.call_members(call))[1]


@call_permission(permissions.VIEW)
def export_csv(request: HttpRequest, call: Call) -> StreamingHttpResponse:
    query = _export_filters(request, call)
    triage_export.record_export(call, actor=request.user, file_format="csv", filters=query.__dict__)
    rows = selectors.export_rows(call, query, request.user).iterator(chunk_size=1000)
    response = StreamingHttpResponse(
        triage_export.csv_chunks(rows, call, _language()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{call.slug}-submissions.csv"'
    return response


@call_permission(permissions.VIEW)
def export_xlsx(request: HttpRequest, call: Call) -> HttpResponse:
    query = _export_filters(request, call)
    triage_export.record_export(call, actor=request.user, file_format="xlsx", filters=query.__dict__)
    rows = selectors.export_rows(call, query, request.user).iterator(chunk_size=1000)
    response = HttpResponse(
        triage_export.xlsx_bytes(rows, call, _language()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{call.slug}-submissions.xlsx"'
    return response


def _report(request: HttpRequest, result: triage_services.BulkResult, target: str = "", reason: str = "") -> None:
    if result.done:
        messages.success(request, ngettext(
            "%(count)d submission changed.", "%(count)d submissions changed.", len(result.done),
        ) % {"count": len(result.done)})
    for submission, exc in result.failed:
        messages.error(request, f"{submission.reference}: {error_message(exc, submission, target, reason)}")


@require_POST
@call_permission(permissions.TRIAGE)
def bulk(request: HttpRequest, call: Call) -> HttpResponse:
    """Assign, change status, accept suggestions or mark duplicates for the ticked rows."""
    members = selectors.call_members(call)
    posted_ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    form = BulkActionForm(request.POST, members=members, ids=posted_ids)
    back = reverse("staff:inbox", args=[call.slug]) + ("?" + request.POST["back"] if request.POST.get("back") else "")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    submissions = selectors.submissions_by_ids(call, data["ids"])
    action = data["action"]
    if action == "assign":
        assignee = next((m for m in members if str(m.pk) == data["assignee"]), None)
        if not permissions.can(request.user, permissions.ASSIGN_OTHERS, call) and (
            assignee is not None and assignee.pk != request.user.pk
        ):
            messages.error(request, _("Your role lets you assign submissions to yourself only."))
            return redirect(back)
        result = triage_services.bulk_assign(submissions, assignee, actor=request.user)
    elif action == "status":
        result = triage_services.bulk_change_status(submissions, data["status"], actor=request.user,
                                                    reason=data.get("reason") or "")
        _report(request, result, data["status"], data.get("reason") or "")
        return redirect(back)
    elif action == "accept":
        result = triage_services.bulk_accept_suggestions(submissions, actor=request.user)
    else:
        original = selectors.submission_by_reference(call, data["original"])
        if original is None:
            messages.error(request, _("No submission of this call has the reference “%(reference)s”.")
                           % {"reference": data["original"]})
            return redirect(back)
        result = triage_services.bulk_mark_duplicate(submissions, original, actor=request.user)
    _report(request, result)
    return redirect(back)


@call_permission(permissions.VIEW)
def next_unreviewed(request: HttpRequest, call: Call) -> HttpResponse:
    """The next submission assigned to the person that is ready or in review."""
    from ..models import Submission

    after = None
    if (after_id := request.GET.get("after", "")).isdigit():
        after = Submission.objects.filter(call=call, pk=int(after_id)).first()
    found = selectors.next_unreviewed(call, request.user, after)
    if found is None:
        messages.info(request, _("Nothing left to review among the submissions assigned to you."))
        return redirect("staff:inbox", call.slug)
    return redirect("staff:submission", found.pk)


# --- The call's team ---------------------------------------------------------------

@call_permission(permissions.VIEW)
def team(request: HttpRequest, call: Call) -> HttpResponse:
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
                triage_services.set_membership(call, user, form.cleaned_data["role"], actor=request.user)
                messages.success(request, _("%(user)s is on the call as %(role)s.") % {
                    "user": user.get_username(), "role": ROLE_LABELS[form.cleaned_data["role"]]})
                return redirect("staff:team", call.slug)
    language = _language()
    context: dict[str, Any] = {
        "call": call,
        "title": localized_text(call.title, language, call.original_language),
        "memberships": [
            {"membership": m, "role": ROLE_LABELS.get(m.role, m.role)} for m in selectors.memberships(call)
        ],
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "staff/team.html", context, status=400 if form.errors else 200)


@require_POST
@call_permission(permissions.MANAGE_TEAM)
def team_remove(request: HttpRequest, call: Call, membership_id: int) -> HttpResponse:
    membership = CallMembership.objects.filter(call=call, pk=membership_id).select_related("user", "call").first()
    if membership is not None:
        if membership.user_id == request.user.pk:
            messages.error(request, _("You cannot take yourself off the call."))
        else:
            triage_services.remove_membership(membership, actor=request.user)
            messages.success(request, _("%(user)s is no longer on the call.") % {
                "user": membership.user.get_username()})
    return redirect("staff:team", call.slug)

