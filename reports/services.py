"""Writes of the reports domain: editing a draft (versioned, audited) and building it.

One function owns each change. Editing a paragraph marks it ``edited`` so
re-drafting never overwrites it, keeps its previous state as a version, and
raises the report's version number.
"""
from __future__ import annotations

import time
from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from submissions.services.audit import record_event

from .models import Footnote, Paragraph, ParagraphVersion, Report, ReportBuild, Section
from .rendering.document import build_document
from .rendering.html import render_html

EXTENSIONS = {".pdf": ReportBuild.Format.PDF, ".docx": ReportBuild.Format.DOCX,
              ".html": ReportBuild.Format.HTML, ".htm": ReportBuild.Format.HTML}


# --- Editing -----------------------------------------------------------------------

def _snapshot(paragraph: Paragraph, actor: AbstractBaseUser | None) -> None:
    ParagraphVersion.objects.create(
        paragraph=paragraph, report_version=paragraph.section.report.version, text=paragraph.text,
        footnotes=[note.text for note in paragraph.footnotes.all()], saved_by=actor,
    )


def _bump(report: Report) -> None:
    Report.objects.filter(pk=report.pk).update(version=F("version") + 1, updated_at=timezone.now())
    report.refresh_from_db(fields=["version", "updated_at"])


@transaction.atomic
def save_paragraph(paragraph: Paragraph, *, text: str, footnotes: list[str] | None = None,
                   actor: AbstractBaseUser | None) -> Paragraph:
    """An editor's change to a paragraph (and optionally its footnotes)."""
    _snapshot(paragraph, actor)
    before = paragraph.text
    paragraph.text = text.strip()
    paragraph.edited = True
    paragraph.updated_by = actor
    paragraph.save(update_fields=["text", "edited", "updated_by", "updated_at"])
    if footnotes is not None:
        paragraph.footnotes.all().delete()
        Footnote.objects.bulk_create(Footnote(paragraph=paragraph, order=i, text=note.strip())
                                     for i, note in enumerate(footnotes, start=1) if note.strip())
    report = paragraph.section.report
    _bump(report)
    record_event("report.paragraph_edited", actor=actor, call=report.call, obj=paragraph,
                 before={"text": before}, after={"text": paragraph.text, "report_version": report.version})
    return paragraph


@transaction.atomic
def add_paragraph(section: Section, *, after: Paragraph | None, text: str, actor: AbstractBaseUser | None) -> Paragraph:
    """A new paragraph written by an editor, placed after ``after`` (or at the end)."""
    position = after.order + 1 if after else (section.paragraphs.aggregate(m=Max("order"))["m"] or 0) + 1
    section.paragraphs.filter(order__gte=position).update(order=F("order") + 1)
    paragraph = Paragraph.objects.create(
        section=section, key=f"editor-{timezone.now().strftime('%Y%m%d%H%M%S%f')}", order=position,
        text=text.strip(), edited=True, updated_by=actor, generation={"backend": "editor"},
    )
    _bump(section.report)
    record_event("report.paragraph_added", actor=actor, call=section.report.call, obj=paragraph,
                 after={"text": paragraph.text})
    return paragraph


@transaction.atomic
def delete_paragraph(paragraph: Paragraph, *, actor: AbstractBaseUser | None) -> None:
    report = paragraph.section.report
    record_event("report.paragraph_deleted", actor=actor, call=report.call, obj=paragraph,
                 before={"text": paragraph.text, "key": paragraph.key})
    paragraph.delete()
    _bump(report)


@transaction.atomic
def move_paragraph(paragraph: Paragraph, *, direction: int, actor: AbstractBaseUser | None) -> None:
    """Swap with the previous (-1) or next (+1) paragraph of the same section."""
    siblings = list(paragraph.section.paragraphs.order_by("order"))
    index = next(i for i, p in enumerate(siblings) if p.pk == paragraph.pk)
    other = index + direction
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, item in enumerate(siblings, start=1):
        if item.order != order:
            Paragraph.objects.filter(pk=item.pk).update(order=order)
    _bump(paragraph.section.report)
    record_event("report.paragraph_moved", actor=actor, call=paragraph.section.report.call, obj=paragraph,
                 after={"direction": direction})


# --- Building ----------------------------------------------------------------------

def request_build(report: Report, fmt: str = ReportBuild.Format.PDF, *,
                  actor: AbstractBaseUser | None = None) -> ReportBuild:
    """Queue a build of the current draft; the task starts after the commit."""
    from .tasks import build_report_task

    with transaction.atomic():
        build = ReportBuild.objects.create(
            report=report, format=fmt, report_version=report.version,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        transaction.on_commit(lambda: build_report_task.delay(build.pk))
    return build


def _progress(build: ReportBuild, percent: int, step: str) -> None:
    ReportBuild.objects.filter(pk=build.pk).update(progress=percent, step=step)


def render_build(build: ReportBuild) -> tuple[bytes, int | None, int]:
    """The file's bytes, its page count (PDF) and its word count."""
    document = build_document(build.report)
    _progress(build, 20, "composing")
    if build.format == ReportBuild.Format.DOCX:
        from .rendering.docx import render_docx

        _progress(build, 50, "writing Word file")
        return render_docx(document), None, document.word_count
    html = render_html(build.report, document)
    if build.format == ReportBuild.Format.HTML:
        return html.encode("utf-8"), None, document.word_count
    from .rendering.pdf import render_pdf

    _progress(build, 40, "laying out pages")
    data, pages = render_pdf(html)
    return data, pages, document.word_count


def run_build(build_id: int) -> ReportBuild:
    """Render and store one build; a failure is recorded on the build, visible and retryable."""
    build = ReportBuild.objects.select_related("report__call").get(pk=build_id)
    if build.state == ReportBuild.State.DONE:
        return build
    started = time.perf_counter()
    ReportBuild.objects.filter(pk=build.pk).update(
        state=ReportBuild.State.RUNNING, started_at=timezone.now(), progress=5, step="starting", error="")
    try:
        data, pages, words = render_build(build)
        _progress(build, 90, "saving")
        report = build.report
        symbol = (report.call.report_symbol or report.call.slug).replace("/", "-")
        name = f"{report.call.slug}/{symbol}-{report.language}-v{build.report_version}-{build.pk}.{build.format}"
        build.file.save(name, ContentFile(data), save=False)
        build.state = ReportBuild.State.DONE
        build.page_count = pages
        build.word_count = words
        build.progress = 100
        build.step = "done"
    except Exception as exc:  # noqa: BLE001 - any failure is shown to the editor with a retry
        build.state = ReportBuild.State.FAILED
        build.error = f"{type(exc).__name__}: {exc}"
        build.step = "failed"
    build.finished_at = timezone.now()
    build.duration_seconds = round(time.perf_counter() - started, 3)
    build.save()
    record_event("report.built", actor=build.requested_by, call=build.report.call, obj=build,
                 after={"state": build.state, "format": build.format, "seconds": build.duration_seconds,
                        "version": build.report_version})
    return build


def build_format_for(path: Path) -> str:
    try:
        return EXTENSIONS[path.suffix.lower()]
    except KeyError as exc:
        raise ValueError(f"Unknown output type '{path.suffix}': use .pdf, .docx or .html") from exc
