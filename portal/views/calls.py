"""Public pages: the open calls and one call."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, pgettext

from portal.forms import FORMATS_TEXT
from submissions import selectors
from submissions.models import Call, NoteVerbale
from submissions.multilingual import LANGUAGE_LABELS, UN_LANGUAGES, data_language, localized_text
from submissions.selectors import call_state
from submissions.services.call_setup import public_texts
from submissions.services.submitter import upload_limits


def preferred_language_redirect(request: HttpRequest) -> HttpResponse | None:
    """Send a visitor who arrives on an unprefixed (English) URL to their own language.

    Links in notes verbales have no language prefix; the browser's languages (or
    the switcher's cookie, which wins) decide. A visitor who chose English stays.
    """
    if request.method != "GET" or translation.get_language_from_path(request.path_info):
        return None
    preferred = translation.get_language_from_request(request, check_path=False)
    if preferred == settings.LANGUAGE_CODE:
        return None
    target = translate_url(request.get_full_path(), preferred)
    if target == request.get_full_path():
        return None
    response = redirect(target)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def open_calls(request: HttpRequest) -> HttpResponse:
    """The list of calls currently taking input, in the visitor's language."""
    if redirected := preferred_language_redirect(request):
        return redirected
    language = data_language(get_language())
    rows = [
        {"call": call, "title": localized_text(call.title, language, call.original_language), "state": call_state(call)}
        for call in selectors.open_calls()
    ]
    return render(request, "portal/open_calls.html", {"rows": rows})


def call_page_context(call: Call, language: str) -> dict[str, Any]:
    """What the call page and the form page show about a call, in ``language``."""
    original = call.original_language
    return {
        "call": call,
        "title": localized_text(call.title, language, original),
        "mandate": localized_text(call.mandate, language, original),
        "agenda_title": localized_text(call.agenda_title, language, original),
        "themes": [
            {
                "name": localized_text(theme.name, language, original) or {"text": theme.key, "lang": ""},
                "description": localized_text(theme.description, language, original),
            }
            for theme in call.themes.all()
        ],
        "state": call_state(call),
        "limits": upload_limits(call),
        "report_languages": pgettext("list separator", ", ").join(
            str(LANGUAGE_LABELS[code]) for code in call.report_languages if code in UN_LANGUAGES
        ),
        "formats": FORMATS_TEXT,
        # The call's own text, guiding questions, contact address and notes verbales (decision 0016).
        **public_texts(call, language),
    }


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A call's public page: what is asked, by when, and how to answer."""
    if redirected := preferred_language_redirect(request):
        return redirected
    call = selectors.public_call(slug)
    if call is None:
        raise Http404
    return render(request, "portal/call_detail.html", call_page_context(call, data_language(get_language())))


def note_verbale(request: HttpRequest, slug: str, language: str) -> FileResponse:
    """The call's note verbale in one language, shown in the browser (a public document)."""
    call = selectors.public_call(slug)
    note = NoteVerbale.objects.filter(call=call, language=language).first() if call else None
    if note is None:
        raise Http404
    response = FileResponse(note.file.open("rb"), filename=note.original_name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response
