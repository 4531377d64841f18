"""The submitter's side: the form, the receipt and the private link.

Every page here is rate-limited per IP (django-ratelimit); the private link's
pages are never cached and never indexed. Uploads are only served back through
``download``, which needs the signed link.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from portal.forms import FORM_CACHE_SECONDS, AddFilesForm, AmendForm, NewLinkForm, SubmissionForm, WithdrawForm
from portal.views.calls import call_page_context, preferred_language_redirect
from submissions import selectors
from submissions.models import Submission
from submissions.multilingual import localized_text, ui_language
from submissions.permissions import client_ip
from submissions.services import submitter as portal
from submissions.services.intake import clean_text

log = logging.getLogger(__name__)

# What the sender is told about their submission's state. Staff decisions are not
# disclosed before the report: every review state reads "under review".
SENDER_STATUS_LABELS: dict[str, Any] = {
    "received": gettext_lazy("Received"),
    "processing": gettext_lazy("Received, being processed"),
    "ready": gettext_lazy("Received and processed"),
    "in_review": gettext_lazy("Under review"),
    "included": gettext_lazy("Under review"),
    "excluded": gettext_lazy("Under review"),
    "duplicate": gettext_lazy("Under review"),
    "withdrawn": gettext_lazy("Withdrawn"),
    "rejected": gettext_lazy("Received, but it could not be used (see below)"),
}


def _submit_rate(group: str, request: HttpRequest) -> str:
    return settings.PORTAL_SUBMIT_RATE


def _link_rate(group: str, request: HttpRequest) -> str:
    return settings.PORTAL_LINK_RATE


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/rate_limited.html", status=429)


def rate_limited(group: str, rate: Callable[[str, HttpRequest], str], method: Any = ratelimit.ALL):
    """django-ratelimit per IP, answering with a page that says what happened (429)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guard(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if getattr(request, "limited", False):
                return _too_many(request)
            try:
                return view(request, *args, **kwargs)
            except portal.LinkExpired:
                # Every view behind this guard takes a private link: an old one gets the way to a new one.
                return render(request, "portal/link_expired.html", {"form": NewLinkForm()}, status=410)

        return ratelimit(group=group, key="ip", rate=rate, method=method, block=False)(guard)

    return decorator


# --- Submitting ----------------------------------------------------------------

_SUBMIT_GROUP = "portal-submit"
_TEXT_FIELDS = {"organisation": True, "contact_name": True, "title": True, "text": False}


def _submit_usage(request: HttpRequest, *, count: bool) -> bool:
    """Whether the address is over its limit of *stored* submissions; ``count`` adds this one.

    Failed validation never counts; known shared egress addresses (``PORTAL_RATE_ALLOWLIST``)
    are never limited. Counts live in the fail-open ``ratelimit`` cache (config.cache).
    """
    if client_ip(request) in settings.PORTAL_RATE_ALLOWLIST:
        return False
    usage = get_usage(request, group=_SUBMIT_GROUP, key="ip", rate=_submit_rate, method="POST", increment=count)
    if not usage:
        return False
    # Before storing: limited once the stored ones reached the limit (this one would pass it).
    return bool(usage["should_limit"] if count else usage["count"] >= usage["limit"])


def _sanitized_post(request: HttpRequest) -> Any:
    """The posted fields without control or bidi-override characters, as intake cleans imports."""
    data = request.POST.copy()
    for name, is_name in _TEXT_FIELDS.items():
        if name in data:
            data[name] = clean_text(str(data[name]), name=is_name)[0]
    return data


# The empty form's fields as crispy renders them depend only on the language and the call's
# upload limits, and rendering them cost more than the rest of the page: kept per process for
# as long as the list of States is (decision 0020, throughput). A bound form is always rendered.
_form_html: dict[tuple[str, int, int, dt.date], tuple[float, SafeString]] = {}


def _empty_form_html(form: SubmissionForm, language: str) -> SafeString:
    key = (language, form.limits.max_files, form.limits.max_file_mb, dt.date.today())
    now = time.monotonic()
    kept = _form_html.get(key)
    if kept is not None and now - kept[0] < FORM_CACHE_SECONDS:
        return kept[1]
    html = mark_safe(render_crispy_form(form))
    _form_html[key] = (now, html)
    return html


def _existing_for_key(call: Any, key: str) -> Submission | None:
    """The submission already stored with this form's key (only what its receipt link needs)."""
    return Submission.objects.filter(call=call, idempotency_key=key).only("pk", "reference").first() if key else None


def _receipt_redirect(submission: Submission) -> HttpResponse:
    return redirect("portal:receipt", token=portal.private_token(submission))


def submit(request: HttpRequest, slug: str) -> HttpResponse:
    """The submission form; on success, the receipt by e-mail and on screen.

    Nothing but validation and storage happens here; processing is queued after commit. A
    repeated POST with the form's key (double click, Back then Send) gives the first receipt.
    """
    if redirected := preferred_language_redirect(request):
        return redirected
    call = selectors.public_call(slug)
    if call is None:
        raise Http404
    language = ui_language()
    try:
        portal.check_call_accepts(call)
    except portal.PortalClosed:
        return render(request, "portal/submit.html", {**call_page_context(call, language), "form": None},
                      status=409 if request.method == "POST" else 200)
    limits = portal.upload_limits(call)
    # The call's texts are only looked up for a page shown; a stored submission just redirects.
    page: dict[str, Any] = {}
    if request.method == "POST":
        key = "".join(ch for ch in request.POST.get("idempotency_key", "") if ch.isalnum() or ch == "-")[:64]
        if existing := _existing_for_key(call, key):
            return _receipt_redirect(existing)
        if _submit_usage(request, count=False):
            return _too_many(request)
        form = SubmissionForm(_sanitized_post(request), request.FILES, limits=limits, language=language)
        if form.is_valid():
            incoming = form.to_incoming()
            incoming.idempotency_key = key
            try:
                submission = portal.submit(call, incoming)
            except portal.PortalClosed:
                # The deadline passed while the person was filling in the form.
                return render(request, "portal/submit.html",
                              {**call_page_context(call, language), "state": "closed", "form": None}, status=409)
            except IntegrityError:
                # The same key arrived twice at once: the other request stored it.
                if existing := _existing_for_key(call, key):
                    return _receipt_redirect(existing)
                raise
            except OSError:
                # Storage full or read-only: intake removed what it wrote; nothing was kept.
                log.exception("could not store a portal submission to %s", call.slug)
                return render(request, "portal/storage_error.html", call_page_context(call, language), status=503)
            _submit_usage(request, count=True)
            token = portal.private_token(submission)
            if not _send_receipt(request, submission, token):
                messages.warning(request, _("We could not send the receipt by e-mail. Keep this page or its link."))
            return redirect("portal:receipt", token=token)
    else:
        form = SubmissionForm(limits=limits, language=language, initial={"idempotency_key": uuid.uuid4().hex})
        page["form_html"] = _empty_form_html(form, get_language())
    return render(request, "portal/submit.html", {**call_page_context(call, language), **page, "form": form},
                  status=400 if form.is_bound else 200)


def _private_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("portal:manage", kwargs={"token": token}))


def _send_receipt(request: HttpRequest, submission: Submission, token: str) -> bool:
    """The receipt e-mail, written in the language the person used the site in."""
    if not submission.contact_email:
        return False
    with translation.override(get_language()):
        context = _receipt_context(submission, ui_language())
        context["private_url"] = _private_url(request, token)
        subject = _("Receipt %(reference)s: your submission to “%(call)s”") % {
            "reference": submission.reference,
            "call": context["call_title"]["text"] if context["call_title"] else submission.call.slug,
        }
        # A plain-text e-mail: no request context (its processors are for pages).
        body = render_to_string("portal/email/receipt.txt", context)
    return portal.send_receipt(submission, subject=subject, body=body)


def _receipt_context(submission: Submission, language: str) -> dict[str, Any]:
    """What the receipt says, and nothing the private-link page needs besides (it runs in the submit request)."""
    call = submission.call
    return {
        "submission": submission,
        "call_title": localized_text(call.title, language, call.original_language),
        "attachments": list(submission.attachments.all()),
        "contributor_name": submission.contributor.display_name(language),
        "editable_until": portal.editable_until(submission),
        "link_days": portal.link_max_age().days,
    }


# --- The private link ----------------------------------------------------------------

def _submission_or_404(token: str) -> Submission:
    found = portal.submission_id_from_token(token)
    submission = selectors.submission_for_submitter(*found) if found else None
    if submission is None:
        raise Http404
    return submission


def _submission_context(submission: Submission, language: str) -> dict[str, Any]:
    call = submission.call
    refusal = portal.change_refusal(submission)
    return {
        "submission": submission,
        "call": call,
        "call_title": localized_text(call.title, language, call.original_language),
        "status_label": SENDER_STATUS_LABELS.get(submission.status, submission.status),
        "attachments": list(submission.attachments.all()),
        "contributor_name": submission.contributor.display_name(language),
        "refusal": refusal,
        "can_withdraw": portal.can_withdraw(submission),
        "editable_until": portal.editable_until(submission),
        "limits": portal.upload_limits(call),
        "link_days": portal.link_max_age().days,
    }


def _manage_page(request: HttpRequest, submission: Submission, token: str, *, status: int = 200,
                 **forms: Any) -> HttpResponse:
    context = _submission_context(submission, ui_language())
    attachments = context["attachments"]
    forms.setdefault("amend_form", AmendForm(initial={
        "title": submission.title,
        "text": submission.text,
        "consent": "yes" if submission.consent_to_publish else "no",
    }, has_files=bool(attachments)))
    forms.setdefault("files_form", AddFilesForm(limits=context["limits"], already=len(attachments)))
    forms.setdefault("withdraw_form", WithdrawForm())
    context.update(forms)
    context["token"] = token
    context["private_url"] = _private_url(request, token)
    context["history"] = selectors.submitter_history(submission)
    context["can_add_files"] = len(attachments) < context["limits"].max_files
    return render(request, "portal/manage.html", context, status=status)


@never_cache
@rate_limited("portal-link", _link_rate)
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    """Shown once after submitting: what we received, and the private link."""
    submission = _submission_or_404(token)
    context = _submission_context(submission, ui_language())
    context["private_url"] = _private_url(request, token)
    context["token"] = token
    return render(request, "portal/receipt.html", context)


@never_cache
@rate_limited("portal-link", _link_rate)
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The private page: view, amend, add files or withdraw until the deadline."""
    submission = _submission_or_404(token)
    return _manage_page(request, submission, token)


def _refused(request: HttpRequest, submission: Submission, token: str, code: str) -> HttpResponse:
    messages.error(request, _refusal_message(code))
    return redirect("portal:manage", token=token)


def _refusal_message(code: str) -> str:
    return {
        "deadline": _("The deadline has passed: the submission can no longer be changed."),
        "withdrawn": _("This submission has been withdrawn: it can no longer be changed."),
        "in-review": _("OHCHR staff are already reviewing this submission: it can no longer be changed here."),
        "too-many-files": _("This call takes no more files for your submission."),
    }.get(code, _("This change is not possible."))


@never_cache
@require_POST
@rate_limited("portal-link", _link_rate)
def amend(request: HttpRequest, token: str) -> HttpResponse:
    submission = _submission_or_404(token)
    form = AmendForm(request.POST, has_files=submission.attachments.exists())
    if not form.is_valid():
        return _manage_page(request, submission, token, status=400, amend_form=form)
    try:
        portal.amend(
            submission,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            consent_to_publish=form.cleaned_data["consent"] == "yes",
        )
    except portal.ChangeRefused as refused:
        return _refused(request, submission, token, refused.code)
    messages.success(request, _("Your changes have been saved."))
    return redirect("portal:manage", token=token)


@never_cache
@require_POST
@rate_limited("portal-link", _link_rate)
def add_files(request: HttpRequest, token: str) -> HttpResponse:
    submission = _submission_or_404(token)
    limits = portal.upload_limits(submission.call)
    form = AddFilesForm(request.POST, request.FILES, limits=limits, already=submission.attachments.count())
    if not form.is_valid():
        return _manage_page(request, submission, token, status=400, files_form=form)
    try:
        portal.add_files(submission, form.cleaned_data["files"])
    except portal.ChangeRefused as refused:
        return _refused(request, submission, token, refused.code)
    messages.success(request, _("The files have been added."))
    return redirect("portal:manage", token=token)


@never_cache
@require_POST
@rate_limited("portal-link", _link_rate)
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    submission = _submission_or_404(token)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, submission, token, status=400, withdraw_form=form)
    try:
        portal.withdraw(submission, reason=form.cleaned_data["reason"])
    except portal.ChangeRefused as refused:
        return _refused(request, submission, token, refused.code)
    messages.success(request, _("Your submission has been withdrawn."))
    return redirect("portal:manage", token=token)


@never_cache
@rate_limited("portal-link", _link_rate)
def download(request: HttpRequest, token: str, attachment_id: int) -> FileResponse:
    """A submitter's own file, only through their signed link; always as a download."""
    submission = _submission_or_404(token)
    attachment = next((a for a in submission.attachments.all() if a.pk == attachment_id), None)
    if attachment is None or not attachment.file:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@rate_limited("portal-link", _link_rate, method="POST")
def request_link(request: HttpRequest) -> HttpResponse:
    """Ask for a fresh private link: sent to the address the submission was made with, if they match."""
    form = NewLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        language = get_language()

        def body_for(submission: Submission, token: str) -> str:
            with translation.override(language):
                context = _submission_context(submission, ui_language())
                context["private_url"] = _private_url(request, token)
                return render_to_string("portal/email/new_link.txt", context, request=request)

        with translation.override(language):
            subject = _("Your new private link for submission %(reference)s")
        portal.send_fresh_link(form.cleaned_data["reference"], form.cleaned_data["email"],
                               subject=subject, body_for=body_for)
        messages.success(request, _("If the reference and the address match a submission, a new private link "
                                    "has been sent to that address."))
        return redirect("portal:request-link")
    return render(request, "portal/link_expired.html", {"form": form, "asked": True},
                  status=400 if form.errors else 200)
