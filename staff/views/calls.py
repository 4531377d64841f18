"""Call set-up pages: create, edit, themes, notes verbales, preview, open and close (decision 0016).

Thin: ``staff.forms_calls`` reads the pages, ``submissions.services.call_setup`` writes
(through the call package's own validation), ``permissions`` decides.
"""
from __future__ import annotations

from typing import Any

import yaml
from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staff.access import AuthedRequest, call_permission, staff_area
from staff.forms_calls import CallForm, NoteVerbaleForm, ThemeRowForm, theme_initial
from submissions import permissions
from submissions.models import Call, NoteVerbale
from submissions.models.calls import CallStatus
from submissions.multilingual import LANGUAGE_LABELS, UN_LANGUAGES, localized_text, ui_language
from submissions.services import call_setup
from submissions.services.calls import CallSpecError, call_spec

STATUS_LABELS = {
    CallStatus.DRAFT: _("Draft: not on the portal yet"),
    CallStatus.OPEN: _("Open: on the portal, taking input"),
    CallStatus.CLOSED: _("Closed: on the portal, no more input"),
    CallStatus.ARCHIVED: _("Archived"),
}


def _title(call: Call) -> dict[str, str] | None:
    return localized_text(call.title, ui_language(), call.original_language)


@staff_area
def new_call(request: AuthedRequest) -> HttpResponse:
    """A new call, typed in the browser; its creator becomes its call manager."""
    if not permissions.can_create_calls(request.user):
        raise Http404  # like a call one is not on: staff without the role are not told the page exists
    form = CallForm(request.POST or None, initial={"original_language": "en", "report_languages": ["en"],
                                                   "accepts_late": True})
    if request.method == "POST" and form.is_valid():
        try:
            call = call_setup.create_call(form.to_spec(), actor=request.user)
        except CallSpecError as error:
            form.add_spec_error(error)
        else:
            messages.success(request, _("The call is created, as a draft. Add its themes and note verbale, "
                                        "then open it."))
            return redirect("staff:call-setup", call.slug)
    return render(request, "staff/calls/form.html", {"form": form, "call": None},
                  status=400 if form.errors else 200)


@call_permission(permissions.SET_UP)
def edit_call(request: AuthedRequest, call: Call) -> HttpResponse:
    form = CallForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            changed = call_setup.update_call(call, form.to_spec(), actor=request.user)
        except CallSpecError as error:
            form.add_spec_error(error)
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing changed."))
            return redirect("staff:call-setup", call.slug)
    return render(request, "staff/calls/form.html", {"form": form, "call": call, "title": _title(call)},
                  status=400 if form.errors else 200)


@call_permission(permissions.SET_UP)
def setup(request: AuthedRequest, call: Call) -> HttpResponse:
    """Everything about the call on one page, with what is missing before it can open."""
    language = ui_language()
    notes = {note.language: note for note in NoteVerbale.objects.filter(call=call)}
    themes = call.themes.annotate(tagged=Count("tags"))
    context: dict[str, Any] = {
        "call": call,
        "title": _title(call),
        "status_label": STATUS_LABELS.get(CallStatus(call.status), call.status),
        "problems": call_setup.opening_problems(call),
        "languages": [
            {"code": code, "label": LANGUAGE_LABELS[code], "title": call.title.get(code, ""),
             "has_text": bool(call.call_text.get(code)), "questions": len(call.questions.get(code, [])),
             "note": notes.get(code)}
            for code in UN_LANGUAGES
        ],
        "themes": [{"theme": t, "name": localized_text(t.name, language, call.original_language),
                    "tagged": t.tagged} for t in themes],
        "note_form": NoteVerbaleForm(initial={"language": call.original_language}),
        "report_languages": [LANGUAGE_LABELS[c] for c in call.report_languages if c in LANGUAGE_LABELS],
    }
    return render(request, "staff/calls/setup.html", context)


@call_permission(permissions.SET_UP)
def themes(request: AuthedRequest, call: Call) -> HttpResponse:
    """Add, reorder, rename (per language) and remove themes; validation names the theme and language."""
    existing = list(call.themes.all())
    blank_rows = 2
    count = len(existing) + blank_rows
    if request.method == "POST":
        count = int(request.POST.get("rows") or count)
        forms_ = [ThemeRowForm(request.POST, prefix=f"t{i}") for i in range(min(count, 100))]
    else:
        forms_ = [ThemeRowForm(prefix=f"t{i}", initial=theme_initial(t)) for i, t in enumerate(existing)]
        forms_ += [ThemeRowForm(prefix=f"t{len(existing) + i}", initial={"order": len(existing) + i + 1})
                   for i in range(blank_rows)]
    if request.method == "POST" and all(f.is_valid() for f in forms_):
        rows = [(f.cleaned_data.get("order") or 0, i, f) for i, f in enumerate(forms_)
                if not f.is_blank() and not f.cleaned_data.get("remove")]
        rows.sort(key=lambda row: (row[0], row[1]))
        ok = True
        for _order, _i, form in rows:
            data = form.cleaned_data
            if not data.get("key"):
                form.add_error("key", _("Give the theme a key (letters, digits, hyphens)."))
                ok = False
            if not any(data.get(f"name_{lang}") for lang in UN_LANGUAGES):
                form.add_error(f"name_{call.original_language}", _("Give the theme a name in at least one language."))
                ok = False
        if ok:
            try:
                call_setup.set_themes(call, [form.to_theme() for _o, _i, form in rows], actor=request.user)
            except CallSpecError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Themes saved."))
                return redirect("staff:call-setup", call.slug)
    context = {"call": call, "title": _title(call), "forms": forms_, "rows": len(forms_),
               "has_errors": any(f.errors for f in forms_)}
    return render(request, "staff/calls/themes.html", context, status=400 if context["has_errors"] else 200)


@require_POST
@call_permission(permissions.SET_UP)
def upload_note_verbale(request: AuthedRequest, call: Call) -> HttpResponse:
    form = NoteVerbaleForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            call_setup.upload_note_verbale(call, form.cleaned_data["language"], form.cleaned_data["file"],
                                           actor=request.user)
        except CallSpecError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Note verbale uploaded (%(language)s).") % {
                "language": LANGUAGE_LABELS[form.cleaned_data["language"]]})
    else:
        messages.error(request, _("Choose a language and a PDF file."))
    return redirect("staff:call-setup", call.slug)


@call_permission(permissions.VIEW)
def note_verbale_file(request: AuthedRequest, call: Call, language: str) -> FileResponse:
    note = NoteVerbale.objects.filter(call=call, language=language).first()
    if note is None:
        raise Http404
    return FileResponse(note.file.open("rb"), filename=note.original_name, content_type="application/pdf")


@require_POST
@call_permission(permissions.SET_UP)
def change_status(request: AuthedRequest, call: Call) -> HttpResponse:
    target = request.POST.get("status", "")
    try:
        call_setup.set_status(call, target, actor=request.user)
    except CallSpecError as error:
        messages.error(request, _("The call cannot open yet: %(problem)s") % {"problem": str(error)})
    else:
        messages.success(request, {CallStatus.OPEN: _("The call is open."), CallStatus.CLOSED: _("The call is closed."),
                                   }.get(CallStatus(target), _("Saved.")))
    return redirect("staff:call-setup", call.slug)


@call_permission(permissions.SET_UP)
def preview(request: AuthedRequest, call: Call) -> HttpResponse:
    """The public call page as a visitor will see it, in any of the six languages, before it opens."""
    language = request.GET.get("lang") or call.original_language
    if language not in UN_LANGUAGES:
        language = call.original_language
    context = {"call": call, "title": _title(call), "language": language,
               "preview_title": localized_text(call.title, language, call.original_language),
               "languages": [(c, LANGUAGE_LABELS[c]) for c in UN_LANGUAGES],
               **call_setup.public_texts(call, language)}
    return render(request, "staff/calls/preview.html", context)


@call_permission(permissions.SET_UP)
def export_yaml(request: AuthedRequest, call: Call) -> HttpResponse:
    """The call as the ``call.yaml`` of a package (the bulk path reads it back with ``import_call``)."""
    text = yaml.safe_dump(call_spec(call), allow_unicode=True, sort_keys=False)
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{call.slug}-call.yaml"'
    return response
