"""Staff area: the list of one's calls, a call's inbox, exports, bulk actions and the team.

Thin: ``selectors_triage`` reads, ``services.triage`` writes, ``permissions`` decides.
"""
from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from staff.access import AuthedRequest, call_permission, staff_area
from staff.errors import error_message
from staff.forms import (
    BulkActionForm,
    InboxFilterForm,
)
from submissions import permissions, selectors
from submissions.models import Call, CallRole, ContributorCategory, Submission, SubmissionStatus
from submissions.multilingual import LANGUAGE_LABELS, localized_text, ui_language
from submissions.services import inbox_export
from submissions.services import triage as triage_services


@staff_area
def home(request: AuthedRequest) -> HttpResponse:
    """The calls the person works on, with counts per status."""
    language = ui_language()
    rows = selectors.staff_calls(request.user)
    for row in rows:
        call = row["call"]
        row["title"] = localized_text(call.title, language, call.original_language)
        role = permissions.role_on(request.user, call)
        row["role"] = CallRole(role).label if role else _("Administrator")
        row["total"] = sum(row["counts"].values())
        row["to_review"] = row["counts"].get("ready", 0) + row["counts"].get("in_review", 0)
    return render(request, "staff/home.html", {"rows": rows})


def _inbox_query(request: HttpRequest, call: Call, members: list) -> tuple[InboxFilterForm, selectors.InboxQuery]:
    form = InboxFilterForm(request.GET or None, call=call, members=members, language=ui_language())
    data = form.cleaned_or_default() if request.GET else {}
    return form, selectors.InboxQuery.from_data(data)


def _query_string(request: HttpRequest, drop: tuple[str, ...] = ("page",)) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


# Received dates are shown in Geneva time, as deadlines are.
_GENEVA = ZoneInfo("Europe/Zurich")
_PK = 987654321


def _rows(call: Call, result: selectors.InboxPage, language: str) -> list[dict[str, Any]]:
    """What each row shows, computed once in Python: the template only prints (issue 15).

    Per-row ``{% url %}``, date filters, ``get_FOO_display`` and translations cost more CPU
    than the page's SQL at 50 rows; one reverse and one label table per request do the same.
    """
    head, _sep, tail = reverse("staff:submission", args=[_PK]).partition(str(_PK))
    statuses = {value: str(label) for value, label in SubmissionStatus.choices}
    categories = {value: str(label) for value, label in ContributorCategory.choices}
    languages = {code: str(label) for code, label in LANGUAGE_LABELS.items()}
    tick = _("Tick %(reference)s")
    rows = []
    for s in result.rows:
        received = s.received_at.astimezone(_GENEVA)
        contributor = s.contributor
        rows.append({
            "submission": s,
            "pk": s.pk,
            "reference": s.reference,
            "status_value": s.status,
            "url": f"{head}{s.pk}{tail}",
            "tick": tick % {"reference": s.reference},
            "contributor": contributor.display_name(language),
            "category": categories.get(contributor.category, contributor.category),
            "language": languages.get(s.language, s.language),
            "received_iso": received.isoformat(),
            "received_day": received.strftime("%Y-%m-%d"),
            "late": s.received_at > call.deadline,
            "status": statuses.get(s.status, s.status),
            "themes": [{"name": t.name_in(language), "accepted": t.accepted} for t in result.themes.get(s.pk, ())],
            "duplicate_of": s.duplicate_of.reference if s.duplicate_of_id and s.duplicate_of else "",
            "copies": result.copies.get(s.pk, 0),
            "assignee": s.assignee.username if s.assignee_id and s.assignee else "",
        })
    return rows


@call_permission(permissions.VIEW)
def inbox(request: AuthedRequest, call: Call) -> HttpResponse:
    """A call's submissions: filters, search, sort, pages, counts per status, bulk actions."""
    language = ui_language()
    members = selectors.call_members(call)
    form, query = _inbox_query(request, call, members)
    result = selectors.inbox_page(call, query, request.user, request.GET.get("page") or 1)
    status_tabs = [
        {"value": value, "label": label, "count": result.counts.get(value, 0)}
        for value, label in SubmissionStatus.choices
    ]
    rows = _rows(call, result, language)
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
def export_csv(request: AuthedRequest, call: Call) -> StreamingHttpResponse:
    query = _export_filters(request, call)
    inbox_export.record_export(call, actor=request.user, file_format="csv", filters=query.__dict__)
    rows = selectors.export_rows(call, query, request.user).iterator(chunk_size=1000)
    response = StreamingHttpResponse(
        inbox_export.csv_chunks(rows, call, ui_language()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{call.slug}-submissions.csv"'
    return response


@call_permission(permissions.VIEW)
def export_xlsx(request: AuthedRequest, call: Call) -> HttpResponse:
    query = _export_filters(request, call)
    inbox_export.record_export(call, actor=request.user, file_format="xlsx", filters=query.__dict__)
    rows = selectors.export_rows(call, query, request.user).iterator(chunk_size=1000)
    response = HttpResponse(
        inbox_export.xlsx_bytes(rows, call, ui_language()),
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
def bulk(request: AuthedRequest, call: Call) -> HttpResponse:
    """Assign, change status, accept suggestions or mark duplicates for the ticked rows."""
    members = selectors.call_members(call)
    posted_ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    form = BulkActionForm(request.POST, members=members, ids=posted_ids)
    back = reverse("staff:inbox", args=[call.slug]) + ("?" + request.POST["back"] if request.POST.get("back") else "")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))  # ErrorList yields messages; the stubs say ValidationError too
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
def next_unreviewed(request: AuthedRequest, call: Call) -> HttpResponse:
    """The next submission assigned to the person that is ready or in review."""
    after = None
    if (after_id := request.GET.get("after", "")).isdigit():
        after = Submission.objects.filter(call=call, pk=int(after_id)).first()
    found = selectors.next_unreviewed(call, request.user, after)
    if found is None:
        messages.info(request, _("Nothing left to review among the submissions assigned to you."))
        return redirect("staff:inbox", call.slug)
    return redirect("staff:submission", found.pk)
