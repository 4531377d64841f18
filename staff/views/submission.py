"""One submission in the staff area: the page and every action on it.

Actions answer htmx requests with the page's panels swapped out of band (the
history always changes with them) and plain form posts with a redirect, so the
page works without script too.
"""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staff import checking
from staff.access import AuthedRequest, submission_permission
from staff.errors import error_message, status_label
from staff.forms import (
    STAFF_TARGETS,
    STATUS_ACTIONS,
    AddThemeForm,
    AssignForm,
    DuplicateForm,
    ExcerptForm,
    NoteForm,
    StatusForm,
)
from staff.highlight import PALETTE_SIZE
from staff.history import history_rows
from submissions import permissions, selectors
from submissions.models import Excerpt, Submission, ThemeTag
from submissions.multilingual import LANGUAGE_LABELS, localized_text, ui_language
from submissions.services import excerpts as excerpt_services
from submissions.services import tags as tag_services
from submissions.services import triage as triage_services
from submissions.services.duplicates import mark_duplicate, undo_duplicate
from submissions.services.status import ALLOWED_TRANSITIONS, REASON_REQUIRED, TransitionError, change_status
from synthesis.services import jobs


def _job(submission: Submission) -> Any:
    try:
        return submission.processing_job
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist: never queued (e.g. rejected at intake)
        return None


def page_context(request: HttpRequest, submission: Submission) -> dict[str, Any]:
    """Everything the submission page and its panels show."""
    language = ui_language()
    call = submission.call
    user = request.user
    themes = list(call.themes.all())
    theme_index = {theme.pk: index for index, theme in enumerate(themes)}
    tags = list(submission.tags.all())
    excerpts = list(submission.excerpts.all())
    members = selectors.call_members(call)
    tagged = {tag.theme_id for tag in tags}
    # Evidence as whole sentences only, and what the extraction doubts (staff.checking, decision 0018).
    shown_tags, blocks = checking.triage_text(submission, tags, excerpts, theme_index, language)
    allowed = ALLOWED_TRANSITIONS[submission.status]
    return {
        "submission": submission,
        "call": call,
        "call_title": localized_text(call.title, language, call.original_language),
        "contributor_name": submission.contributor.display_name(language),
        "category": submission.contributor.get_category_display(),
        "language_label": LANGUAGE_LABELS.get(submission.language, submission.language),
        "detected_label": LANGUAGE_LABELS.get(submission.detected_language, submission.detected_language),
        "status_label": submission.get_status_display(),
        "status_actions": [
            {"value": target.value, "label": STATUS_ACTIONS[target], "needs_reason": target in REASON_REQUIRED}
            for target in STAFF_TARGETS if target in allowed
        ],
        "attachments": list(submission.attachments.all()),
        "tags": [
            {"tag": tag, "name": tag.theme.name_in(language), "colour": theme_index.get(tag.theme_id, 0) % PALETTE_SIZE,
             "evidence": len(shown.evidence)}
            for tag, shown in zip(tags, shown_tags, strict=True)
        ],
        "legend": [
            {"name": theme.name_in(language), "colour": theme_index[theme.pk] % PALETTE_SIZE}
            for theme in themes if any(t.theme_id == theme.pk and t.accepted is not False for t in tags)
        ],
        "blocks": blocks,
        "doubts": [(block, doubt) for block in blocks for doubt in block.doubts],
        "rebuilt_pages": [block for block in blocks if block.rebuilt],
        "excerpts": [{"excerpt": e, "theme": e.theme.name_in(language)} for e in excerpts],
        "notes": list(submission.internal_notes.all()),
        "copies": list(submission.duplicates.all()),
        "job": _job(submission),
        "history": history_rows(selectors.history(submission)[:300], themes, language),
        "members": members,
        "add_theme_form": AddThemeForm(call=call, language=language) if len(tagged) < len(themes) else None,
        "untagged_themes": [(t.pk, t.name_in(language)) for t in themes if t.pk not in tagged],
        "excerpt_form": ExcerptForm(call=call, language=language),
        "note_form": NoteForm(),
        "duplicate_form": DuplicateForm(),
        "assign_form": AssignForm(members=members, initial={"assignee": submission.assignee_id}),
        "can_triage": permissions.can(user, permissions.TRIAGE, call),
        "can_assign_others": permissions.can(user, permissions.ASSIGN_OTHERS, call),
        "can_message": permissions.can(user, permissions.MESSAGE, call),
    }


@submission_permission(permissions.VIEW)
def detail(request: AuthedRequest, submission: Submission) -> HttpResponse:
    full = selectors.submission_for_staff(submission.pk)
    if full is None:  # deleted since the permission check
        raise Http404
    return render(request, "staff/submission.html", page_context(request, full))


def _done(request: AuthedRequest, submission: Submission) -> HttpResponse:
    """After an action: the panels (htmx) or the page again (plain post)."""
    if request.htmx:
        full = selectors.submission_for_staff(submission.pk)
        if full is None:  # deleted since the permission check
            raise Http404
        context = page_context(request, full)
        context["oob"] = True
        return render(request, "staff/includes/submission_panels.html", context)
    return redirect("staff:submission", submission.pk)


def _failed(request: AuthedRequest, submission: Submission, message: str) -> HttpResponse:
    messages.error(request, message)
    return _done(request, submission)


@require_POST
@submission_permission(permissions.TRIAGE)
def set_status(request: AuthedRequest, submission: Submission) -> HttpResponse:
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _failed(request, submission, _("Choose a status."))
    target, reason = form.cleaned_data["status"], form.cleaned_data.get("reason") or ""
    if target not in STAFF_TARGETS and target in ALLOWED_TRANSITIONS[submission.status]:
        # Processing belongs to the pipeline; a duplicate needs its original (duplicates panel).
        return _failed(request, submission, _("This change is not made here: mark duplicates in the "
                                              "Duplicates panel; processing is started by the system."))
    try:
        change_status(submission, target, actor=request.user, reason=reason)
    except TransitionError as exc:
        return _failed(request, submission, error_message(exc, submission, target, reason))
    messages.success(request, _("Status: %(status)s.") % {"status": status_label(target)})
    return _done(request, submission)


@require_POST
@submission_permission(permissions.TRIAGE)
def assign(request: AuthedRequest, submission: Submission) -> HttpResponse:
    members = selectors.call_members(submission.call)
    value = request.POST.get("assignee", "")
    if value == "me":
        value = str(request.user.pk)
    form = AssignForm({"assignee": value}, members=members)
    if not form.is_valid():
        return _failed(request, submission, _("That person is not on this call."))
    assignee = next((m for m in members if m.pk == form.cleaned_data["assignee"]), None)
    if not permissions.can_assign(request.user, submission, assignee):
        return _failed(request, submission, _("Your role lets you assign submissions to yourself only."))
    try:
        triage_services.assign(submission, assignee, actor=request.user)
    except triage_services.TriageError as exc:
        return _failed(request, submission, error_message(exc))
    if assignee is None:
        messages.success(request, _("Nobody is assigned now."))
    else:
        messages.success(request, _("Assigned to %(user)s.") % {"user": assignee.get_username()})
    return _done(request, submission)


@require_POST
@submission_permission(permissions.TRIAGE)
def decide_theme(request: AuthedRequest, submission: Submission, tag_id: int) -> HttpResponse:
    tag = get_object_or_404(ThemeTag.objects.select_related("theme", "submission__call"), pk=tag_id,
                            submission=submission)
    accepted = request.POST.get("accepted") == "1"
    tag_services.decide_tag(tag, accepted=accepted, actor=request.user)
    name = tag.theme.name_in(ui_language())
    if accepted:
        messages.success(request, _("Theme “%(theme)s” accepted.") % {"theme": name})
    else:
        messages.success(request, _("Theme “%(theme)s” rejected.") % {"theme": name})
    return _done(request, submission)


@require_POST
@submission_permission(permissions.TRIAGE)
def add_theme(request: AuthedRequest, submission: Submission) -> HttpResponse:
    form = AddThemeForm(request.POST, call=submission.call, language=ui_language())
    if not form.is_valid():
        return _failed(request, submission, _("Choose a theme of this call."))
    theme = submission.call.themes.get(pk=form.cleaned_data["theme"])
    tag_services.add_theme(submission, theme, actor=request.user)
    messages.success(request, _("Theme “%(theme)s” added.") % {"theme": theme.name_in(ui_language())})
    return _done(request, submission)


@require_POST
@submission_permission(permissions.TRIAGE)
def save_excerpt(request: AuthedRequest, submission: Submission) -> HttpResponse:
    form = ExcerptForm(request.POST, call=submission.call, language=ui_language())
    if not form.is_valid():
        return _failed(request, submission, _("Select a passage and choose a theme."))
    data = form.cleaned_data
    theme = submission.call.themes.get(pk=data["theme"])
    try:
        excerpt_services.save_excerpt(
            submission, theme, data["text"], actor=request.user, attachment_id=data.get("attachment"),
            page=data.get("page"), start=data.get("start"), end=data.get("end"),
        )
    except excerpt_services.ExcerptError as exc:
        return _failed(request, submission, error_message(exc))
    messages.success(request, _("Excerpt saved for “%(theme)s”.") % {"theme": theme.name_in(ui_language())})
    return _done(request, submission)


@require_POST
@submission_permission(permissions.TRIAGE)
def delete_excerpt(request: AuthedRequest, submission: Submission, excerpt_id: int) -> HttpResponse:
    excerpt = get_object_or_404(Excerpt.objects.select_related("theme", "submission__call"), pk=excerpt_id,
                                submission=submission)
    excerpt_services.delete_excerpt(excerpt, actor=request.user)
    messages.success(request, _("Excerpt deleted."))
    return _done(request, submission)


@require_POST
@submission_permission(permissions.TRIAGE)
def add_note(request: AuthedRequest, submission: Submission) -> HttpResponse:
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _failed(request, submission, _("A note cannot be empty."))
    try:
        triage_services.add_note(submission, form.cleaned_data["text"], actor=request.user)
    except triage_services.TriageError as exc:
        return _failed(request, submission, error_message(exc))
    messages.success(request, _("Note added."))
    return _done(request, submission)


@require_POST
@submission_permission(permissions.TRIAGE)
def mark_as_duplicate(request: AuthedRequest, submission: Submission) -> HttpResponse:
    form = DuplicateForm(request.POST)
    original = selectors.submission_by_reference(submission.call, form.data.get("original", ""))
    if not form.is_valid() or original is None:
        return _failed(request, submission, _("No submission of this call has the reference “%(reference)s”.")
                       % {"reference": form.data.get("original", "")})
    try:
        with transaction.atomic():
            mark_duplicate(submission, original, actor=request.user)
    except TransitionError as exc:
        return _failed(request, submission, error_message(exc, submission, "duplicate"))
    except ValueError as exc:
        return _failed(request, submission, error_message(exc))
    messages.success(request, _("Marked as a duplicate of %(reference)s.") % {"reference": original.reference})
    return _done(request, submission)


@require_POST
@submission_permission(permissions.TRIAGE)
def not_duplicate(request: AuthedRequest, submission: Submission) -> HttpResponse:
    if submission.duplicate_of_id is None:
        return _failed(request, submission, _("This submission is not marked as a duplicate."))
    try:
        undo_duplicate(submission, actor=request.user)
    except TransitionError as exc:
        return _failed(request, submission, error_message(exc, submission, "ready"))
    messages.success(request, _("No longer a duplicate; it will not be flagged again automatically."))
    return _done(request, submission)


@require_POST
@submission_permission(permissions.TRIAGE)
def retry(request: AuthedRequest, submission: Submission) -> HttpResponse:
    submission = Submission.objects.select_related("call", "processing_job").get(pk=submission.pk)
    try:
        jobs.retry_failed(submission, actor=request.user)
    except triage_services.TriageError as exc:
        return _failed(request, submission, error_message(exc))
    messages.success(request, _("Processing queued again."))
    return _done(request, submission)


@submission_permission(permissions.VIEW)
def download(request: AuthedRequest, submission: Submission, attachment_id: int) -> FileResponse:
    """A submission's original file, for people on its call; always as a download."""
    attachment = submission.attachments.filter(pk=attachment_id).first()
    if attachment is None or not attachment.file:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response
