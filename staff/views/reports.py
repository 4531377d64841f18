"""Editors' pages: the evidence view, the draft editor, builds and downloads. Thin views."""
from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports import selectors
from reports.models import Paragraph, Report, ReportBuild, Section
from reports.rendering import heatmap
from reports.rendering.document import build_document
from reports.services import builds as build_services
from reports.services import report as report_services
from reports.services import translation_import
from reports.services.versions import TranslationError
from reports.wording import text as report_text
from staff.access import AuthedRequest, build_permission, call_permission, paragraph_permission, section_permission
from staff.forms import ContributorNameForm
from submissions import permissions
from submissions.models import Call, Contributor
from submissions.multilingual import LANGUAGE_LABELS, UN_LANGUAGES, data_language
from submissions.services import contributors as contributor_services

IMPORT_MAX_BYTES = 20 * 1024 * 1024
GROUP_KEYS = {"member-states": "member-states", "igos": "igos-un", "nhris": "nhris", "ngos": "ngos"}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@call_permission(permissions.VIEW)
def evidence(request: AuthedRequest, call: Call) -> HttpResponse:
    """Theme × contributor heat map of accepted excerpts, each cell linking to its passages."""
    language = data_language(get_language())
    matrix = selectors.evidence_matrix(call, language)
    theme_names = {t.key: t.name_in(language) for t in matrix.themes}
    groups = {key: report_text(title, language) for key, title in GROUP_KEYS.items()}
    svg = heatmap.render_svg(
        matrix, groups, theme_names,
        lambda contributor, theme: reverse("staff:evidence-cell", args=[call.slug, contributor, theme]),
        _("Accepted excerpts per contributor and theme"),
    )
    return render(request, "staff/reports/evidence.html", {
        "call": call, "svg": svg, "matrix": matrix, "theme_names": theme_names, "groups": groups,
        "title": call.title_in(language), "report_languages": call.report_languages,
        "table": [(row.name, [row.counts.get(t.key, 0) for t in matrix.themes]) for row in matrix.rows],
    })


@call_permission(permissions.VIEW)
def evidence_cell(request: AuthedRequest, call: Call, contributor_id: int, theme_key: str) -> HttpResponse:
    theme = get_object_or_404(call.themes, key=theme_key)
    language = data_language(get_language())
    passages = selectors.cell_passages(call, contributor_id, theme_key)
    if not passages:
        raise Http404
    return render(request, "staff/reports/evidence_cell.html", {
        "call": call, "theme": theme.name_in(language), "passages": passages,
        "contributor": passages[0].submission.contributor.display_name(language, call.report_date),
    })


def _editor_context(report: Report) -> dict:
    names = selectors.report_contributors(report)
    doc = build_document(report)
    context = {
        **selectors.builds_context(report),
        "call": report.call, "doc": doc, "report_languages": report.call.report_languages or ["en"],
        "contributor_names": names, "missing_names": sum(1 for row in names if row.missing),
        "missing_theme_names": selectors.missing_theme_names(report),
        "language_name": LANGUAGE_LABELS.get(report.language, report.language),
        "original_language": report.call.original_language,
        "original_name": LANGUAGE_LABELS.get(report.call.original_language, report.call.original_language),
        "is_original": report.is_original,
        "paragraph_actions": [("up", _("Move up")), ("down", _("Move down")), ("add", _("Add a paragraph after")),
                              ("delete", _("Delete"))] if report.is_original else [],
    }
    if not report.is_original:
        # Side by side: each paragraph of the version next to the original's, paired by its stable key.
        original = Report.objects.filter(call=report.call, language=report.call.original_language).first()
        if original is not None:
            source = build_document(original)
            by_key = {p.key: p for section in source.sections for p in section.paragraphs}
            by_key.update({p.key: p for p in source.summary})
            for item in [*doc.summary, *(p for section in doc.sections for p in section.paragraphs)]:
                item.counterpart = by_key.get(item.key)
        context["progress"] = selectors.version_progress(report)
    return context


@call_permission(permissions.DRAFT)
def editor(request: AuthedRequest, call: Call, language: str) -> HttpResponse:
    """The draft in one language: paragraphs to edit, the word count, builds."""
    if language not in UN_LANGUAGES:
        raise Http404
    report = Report.objects.filter(call=call, language=language).select_related("call").first()
    if report is None:
        return render(request, "staff/reports/editor_empty.html", {"call": call, "language": language,
                                                             "report_languages": call.report_languages})
    return render(request, "staff/reports/editor.html", _editor_context(report))


@require_POST
@call_permission(permissions.DRAFT)
def draft(request: AuthedRequest, call: Call, language: str) -> HttpResponse:
    """(Re)draft through the Celery task; editors' paragraphs are kept."""
    if language not in UN_LANGUAGES:
        raise Http404
    report_services.request_draft(call, language, actor=request.user)
    return redirect("staff:editor", call.slug, language)


def _after_change(request: HttpRequest, report: Report, paragraph: Paragraph | None = None) -> HttpResponse:
    if _is_htmx(request):
        context = _editor_context(report)
        context["changed"] = paragraph.pk if paragraph else None
        return render(request, "staff/reports/includes/draft_body.html", context)
    return redirect("staff:editor", report.call.slug, report.language)


@require_POST
@paragraph_permission(permissions.DRAFT)
def save_paragraph(request: AuthedRequest, paragraph: Paragraph) -> HttpResponse:
    footnotes = [line for line in request.POST.get("footnotes", "").splitlines() if line.strip()]
    try:
        report_services.save_paragraph(paragraph, text=request.POST.get("text", ""), footnotes=footnotes,
                                       actor=request.user)
    except TranslationError:
        messages.error(request, _("Not saved: a translation keeps the original's footnotes, one per line, "
                                  "as many as the original has (%(count)s).")
                       % {"count": paragraph.origin.footnotes.count() if paragraph.origin else 0})
        report = paragraph.section.report
        return redirect(reverse("staff:editor", args=[report.call.slug, report.language])
                        + f"#paragraph-{paragraph.pk}")
    return _after_change(request, paragraph.section.report, paragraph)


@require_POST
@call_permission(permissions.DRAFT)
def import_docx(request: AuthedRequest, call: Call, language: str) -> HttpResponse:
    """A translated DOCX (or the original edited in Word) uploaded by an editor; misaligned files change nothing."""
    if language not in UN_LANGUAGES:
        raise Http404
    upload = request.FILES.get("file")
    target = reverse("staff:editor", args=[call.slug, language])
    if upload is None or (upload.size or 0) > IMPORT_MAX_BYTES:
        messages.error(request, _("Choose a Word (DOCX) file of at most 20 MB."))
        return redirect(target)
    label = f"{request.user.get_username()} uploaded {upload.name}"
    try:
        if language == call.original_language:
            result = translation_import.import_original(call, upload, actor=request.user, actor_label=label)
        else:
            result = translation_import.import_translation(call, language, upload, actor=request.user,
                                                           actor_label=label)
    except translation_import.ImportRefused as exc:
        messages.error(request, _("The file was not imported: %(reason)s") % {"reason": exc})
        return redirect(target)
    # The result page says what aligned and what did not: no second message on top of it.
    return render(request, "staff/reports/import_result.html", {"call": call, "language": language,
                                                                "result": result, "back": target})


@require_POST
@paragraph_permission(permissions.DRAFT)
def paragraph_action(request: AuthedRequest, paragraph: Paragraph, action: str) -> HttpResponse:
    report = paragraph.section.report
    if not report.is_original:
        raise Http404  # a version's paragraphs follow the original's: added, moved and deleted there
    if action == "delete":
        report_services.delete_paragraph(paragraph, actor=request.user)
    elif action in ("up", "down"):
        report_services.move_paragraph(paragraph, direction=-1 if action == "up" else 1, actor=request.user)
    elif action == "add":
        paragraph = report_services.add_paragraph(paragraph.section, after=paragraph,
                                                  text=request.POST.get("text") or _("New paragraph."),
                                                  actor=request.user)
    else:
        raise Http404
    return _after_change(request, report, paragraph)


@require_POST
@section_permission(permissions.DRAFT)
def add_to_section(request: AuthedRequest, section: Section) -> HttpResponse:
    if not section.report.is_original:
        raise Http404
    paragraph = report_services.add_paragraph(section, after=None, text=request.POST.get("text") or _("New paragraph."),
                                              actor=request.user)
    return _after_change(request, section.report, paragraph)


@require_POST
@call_permission(permissions.DRAFT)
def contributor_name(request: AuthedRequest, call: Call, language: str, contributor_id: int) -> HttpResponse:
    """Set the name the report in ``language`` prints for one of the call's contributors."""
    report = get_object_or_404(Report, call=call, language=language)
    contributor = get_object_or_404(Contributor, pk=contributor_id, submissions__call=call)
    form = ContributorNameForm(request.POST)
    if form.is_valid():
        contributor_services.set_display_name(contributor, report.language, form.cleaned_data["name"],
                                              actor=request.user, call=call)
        messages.success(request, _("Name saved. Draft again to use it in the text."))
    else:
        messages.error(request, _("The name could not be saved."))
    return redirect(reverse("staff:editor", args=[call.slug, language]) + "#names")


@require_POST
@call_permission(permissions.DRAFT)
def build(request: AuthedRequest, call: Call, language: str) -> HttpResponse:
    report = get_object_or_404(Report, call=call, language=language)
    fmt = request.POST.get("format", ReportBuild.Format.PDF)
    if fmt not in ReportBuild.Format.values:
        raise Http404
    build_services.request_build(report, fmt, actor=request.user)
    if _is_htmx(request):
        return render(request, "staff/reports/includes/builds.html", selectors.builds_context(report))
    return redirect("staff:editor", call.slug, language)


@call_permission(permissions.DRAFT)
def builds(request: AuthedRequest, call: Call, language: str) -> HttpResponse:
    """The builds list; polled by htmx while a build runs (live progress)."""
    report = get_object_or_404(Report, call=call, language=language)
    return render(request, "staff/reports/includes/builds.html", selectors.builds_context(report))


@build_permission(permissions.DRAFT)
def download(request: AuthedRequest, item: ReportBuild) -> FileResponse:
    """A finished build's file, for the call's editors (the same people who can build)."""
    if item.state != ReportBuild.State.DONE or not item.file:
        raise Http404
    call = item.report.call
    symbol = (call.report_symbol or call.slug).replace("/", "-")
    name = f"{symbol}-{item.report.language}-v{item.report_version}.{item.format}"
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=name)
