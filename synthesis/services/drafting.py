"""Writing a draft: apply the planned structure to the Report, keeping editors' work.

Sections and paragraphs are matched by key. A paragraph an editor changed
(``edited``) is never overwritten or removed by re-drafting; paragraphs editors
added are theirs too. Everything else is refreshed from the current decisions.
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from reports.models import Footnote, Paragraph, Report, Section
from submissions.models import Call
from submissions.services.audit import record_event

from ..drafting.backends import ExtractiveBackend, configured_backend
from ..drafting.inputs import draft_inputs, report_date_for
from ..drafting.structure import PlannedSection, plan_draft


def _apply_paragraph(paragraph: Paragraph, planned, order: int) -> None:
    paragraph.order = order
    if paragraph.edited:
        paragraph.save(update_fields=["order"])
        return
    draft = planned.draft
    paragraph.text = draft.text
    paragraph.numbered = planned.numbered
    paragraph.generation = draft.generation
    paragraph.save()
    paragraph.footnotes.all().delete()
    Footnote.objects.bulk_create(
        Footnote(paragraph=paragraph, order=i, text=note) for i, note in enumerate(draft.footnotes, start=1)
    )
    paragraph.sources.set({q.submission.pk for q in draft.quotes} | {s.pk for s in draft.submissions})
    paragraph.excerpts.set([q.excerpt.pk for q in draft.quotes if q.excerpt is not None])


def _apply_section(report: Report, planned: PlannedSection, order: int) -> Section:
    section, _ = Section.objects.update_or_create(
        report=report, key=planned.key,
        defaults={"kind": planned.kind, "title": planned.title, "level": planned.level, "order": order},
    )
    existing = {p.key: p for p in section.paragraphs.all()}
    wanted = {p.key for p in planned.paragraphs}
    position = 0
    for planned_paragraph in planned.paragraphs:
        position += 1
        paragraph = existing.get(planned_paragraph.key) or Paragraph(section=section, key=planned_paragraph.key)
        _apply_paragraph(paragraph, planned_paragraph, position)
    # Editors' own paragraphs keep their place after the drafted ones they followed.
    for key, paragraph in existing.items():
        if key not in wanted:
            if paragraph.edited:
                position += 1
                paragraph.order = max(paragraph.order, position)
                paragraph.save(update_fields=["order"])
            else:
                paragraph.delete()
    return section


def draft_report(call: Call, language: str, *, backend: ExtractiveBackend | None = None) -> Report:
    """Create or refresh the call's draft in ``language``."""
    backend = backend or configured_backend()
    inputs = draft_inputs(call)
    with transaction.atomic():
        report, created = Report.objects.select_for_update().get_or_create(
            call=call, language=language, defaults={"report_date": report_date_for(call)}
        )
        plan = plan_draft(inputs, language, report.report_date, backend)
        keys = []
        for order, planned in enumerate(plan, start=1):
            _apply_section(report, planned, order * 10)
            keys.append(planned.key)
        # Drafted sections no longer needed (a group with no contributors) go, unless editors wrote in them.
        for section in report.sections.exclude(key__in=keys).prefetch_related("paragraphs"):
            if not any(p.edited for p in section.paragraphs.all()):
                section.delete()
        report.drafted_at = timezone.now()
        report.version = report.version + (0 if created else 1)
        report.save(update_fields=["drafted_at", "version", "updated_at"])
        record_event("report.drafted", actor_label="system", call=call, obj=report,
                     after={"language": language, "version": report.version, "backend": backend.name})
    return report
