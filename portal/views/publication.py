"""The public "inputs received" page of a call: contributions staff approved and whose senders agreed.

What is shown is decided by ``submissions.selectors.publication`` (decision 0020).
"""
from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from portal.views.calls import preferred_language_redirect
from submissions import selectors
from submissions.models import ContributorCategory
from submissions.multilingual import data_language, localized_text


def inputs_received(request: HttpRequest, slug: str) -> HttpResponse:
    """Contributions grouped by category (States first, as OHCHR lists them), with their files."""
    if redirected := preferred_language_redirect(request):
        return redirected
    call = selectors.public_call(slug)
    if call is None:
        raise Http404
    language = data_language(get_language())
    groups: dict[str, list[dict]] = {category: [] for category in ContributorCategory.values}
    for submission in selectors.published_submissions(call):
        groups.setdefault(submission.contributor.category, []).append({
            "submission": submission,
            "name": submission.contributor.display_name(language),
            "files": [a for a in submission.attachments.all() if selectors.publishable_file(a)],
            "held_files": sum(1 for a in submission.attachments.all() if not selectors.publishable_file(a)),
        })
    for rows in groups.values():
        rows.sort(key=lambda row: row["name"].casefold())
    context = {
        "call": call,
        "title": localized_text(call.title, language, call.original_language),
        "groups": [
            {"category": category, "label": ContributorCategory(category).label, "rows": rows}
            for category, rows in groups.items() if rows
        ],
        "files_published": selectors.files_are_published(),
    }
    return render(request, "portal/inputs_received.html", context)


def published_file(request: HttpRequest, slug: str, attachment_id: int) -> FileResponse:
    """A file of a published contribution; anything else is 404."""
    call = selectors.public_call(slug)
    attachment = selectors.published_attachment(call, attachment_id) if call else None
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response
