"""Building a report: queue a build of the current draft, render it, store the file.

A failure is recorded on the build, visible to the editor and retryable.
"""
from __future__ import annotations

import time
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from reports.models import Report, ReportBuild
from reports.rendering.document import build_document
from reports.rendering.html import render_html
from submissions.models import AuditAction
from submissions.services.audit import record_event

EXTENSIONS = {".pdf": ReportBuild.Format.PDF, ".docx": ReportBuild.Format.DOCX,
              ".html": ReportBuild.Format.HTML, ".htm": ReportBuild.Format.HTML}


def request_build(report: Report, fmt: str = ReportBuild.Format.PDF, *,
                  actor: User | None = None, queue: bool = True) -> ReportBuild:
    """Record a build of the current draft and (``queue``) start its task after the commit.

    ``build_report`` passes ``queue=False`` and runs the same task in process.
    """
    from reports.tasks import build_report_task

    with transaction.atomic():
        build = ReportBuild.objects.create(
            report=report, format=fmt, report_version=report.version,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if queue:
            transaction.on_commit(lambda: build_report_task.delay(build.pk))
    return build


def _progress(build: ReportBuild, percent: int, step: str) -> None:
    ReportBuild.objects.filter(pk=build.pk).update(progress=percent, step=step)


def render_build(build: ReportBuild) -> tuple[bytes, int | None, int]:
    """The file's bytes, its page count (PDF) and its word count."""
    document = build_document(build.report)
    _progress(build, 20, "composing")
    if build.format == ReportBuild.Format.DOCX:
        from reports.rendering.docx import render_docx

        _progress(build, 50, "writing Word file")
        return render_docx(document), None, document.word_count
    html = render_html(build.report, document)
    if build.format == ReportBuild.Format.HTML:
        return html.encode("utf-8"), None, document.word_count
    from reports.rendering.pdf import render_pdf

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
    record_event(AuditAction.REPORT_BUILT, actor=build.requested_by, call=build.report.call, obj=build,
                 after={"state": build.state, "format": build.format, "seconds": build.duration_seconds,
                        "version": build.report_version})
    return build


def build_format_for(path: Path) -> str:
    try:
        return EXTENSIONS[path.suffix.lower()]
    except KeyError as exc:
        raise ValueError(f"Unknown output type '{path.suffix}': use .pdf, .docx or .html") from exc
