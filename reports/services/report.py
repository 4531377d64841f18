"""The one writer of a report's text: drafting it and editors' changes.

Everything that writes ``Report``, ``Section``, ``Paragraph``, ``Footnote`` or
``Report.version`` is here, so the rules hold in one place:

- Re-drafting matches sections and paragraphs by key. A paragraph an editor
  changed (``edited``) is never overwritten or removed; paragraphs editors added
  are theirs too. Everything else is refreshed from the current decisions.
- Editing a paragraph marks it ``edited``, keeps its previous state as a
  version, and raises the report's version number.
"""
from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from reports.drafting.backends import ExtractiveBackend, OpenAICompatibleBackend, configured_backend
from reports.drafting.inputs import draft_inputs, report_date_for
from reports.drafting.structure import PlannedParagraph, PlannedSection, plan_draft
from reports.models import Footnote, Paragraph, ParagraphVersion, Report, Section
from submissions.models import AuditAction, Call
from submissions.services.audit import record_event

# --- Drafting ----------------------------------------------------------------------


def request_draft(call: Call, language: str, *, actor: User | None) -> None:
    """Queue a (re)draft once the request's transaction commits; the task calls ``draft_report``.

    With a model backend configured the draft goes to the ``llm`` queue instead, where
    it is written paragraph by paragraph and resumes after a killed job.
    """
    from reports.tasks import draft_report_task

    if isinstance(configured_backend(), OpenAICompatibleBackend):
        from reports.services.generation import request_generated_draft

        request_generated_draft(call, language, actor=actor)
        return
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    transaction.on_commit(lambda: draft_report_task.delay(call.pk, language, actor_id))


def _apply_paragraph(paragraph: Paragraph, planned: PlannedParagraph, order: int) -> None:
    paragraph.order = order
    if paragraph.edited:
        paragraph.save(update_fields=["order"])
        return
    draft = planned.draft
    before = (paragraph.text, [n.text for n in paragraph.footnotes.all()]) if paragraph.pk else None
    if before is not None and before != (draft.text, list(draft.footnotes)):
        paragraph.revision += 1  # its translations in the language versions are outdated now
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


def draft_report(call: Call, language: str, *, actor: User | None = None, actor_label: str = "",
                 backend: ExtractiveBackend | None = None) -> Report:
    """Create or refresh the call's report in ``language``; audited with who asked for it.

    Only the original language is drafted from the evidence. Another language is a version
    of the original: drafting it drafts the original first if there is none yet, then
    aligns the version with it (``versions.sync_version``). Re-drafting the original
    re-aligns every existing version.
    """
    from reports.services import versions

    if language != call.original_language:
        original = Report.objects.filter(call=call, language=call.original_language).first()
        if original is None:
            original = _draft_original(call, actor=actor, actor_label=actor_label, backend=backend)
        return versions.sync_version(original, language, actor=actor, actor_label=actor_label)
    report = _draft_original(call, actor=actor, actor_label=actor_label, backend=backend)
    for other in Report.objects.filter(call=call).exclude(language=language).values_list("language", flat=True):
        versions.sync_version(report, other, actor=actor, actor_label=actor_label)
    return report


def _draft_original(call: Call, *, actor: User | None, actor_label: str,
                    backend: ExtractiveBackend | None) -> Report:
    language = call.original_language
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
        report.provisional = inputs.provisional
        report.version = report.version + (0 if created else 1)
        report.save(update_fields=["drafted_at", "provisional", "version", "updated_at"])
        record_event(AuditAction.REPORT_DRAFTED, actor=actor, actor_label=actor_label or ("" if actor else "system"),
                     call=call, obj=report,
                     after={"language": language, "version": report.version, "backend": backend.name})
    return report


# --- Editing -----------------------------------------------------------------------

def keep_paragraph_version(paragraph: Paragraph, actor: User | None) -> None:
    """The paragraph's state before a change, for history and undo (originals and translations alike)."""
    ParagraphVersion.objects.create(
        paragraph=paragraph, report_version=paragraph.section.report.version, text=paragraph.text,
        footnotes=[note.text for note in paragraph.footnotes.all()], saved_by=actor,
    )


def raise_report_version(report: Report) -> None:
    """Every saved change raises the report's version (builds record which one they rendered)."""
    Report.objects.filter(pk=report.pk).update(version=F("version") + 1, updated_at=timezone.now())
    report.refresh_from_db(fields=["version", "updated_at"])


@transaction.atomic
def save_paragraph(paragraph: Paragraph, *, text: str, footnotes: list[str] | None = None,
                   actor: User | None, actor_label: str = "") -> Paragraph:
    """An editor's change to a paragraph (and optionally its footnotes).

    In a language version this is a translation (``versions.save_translation``); in the
    original a change raises the paragraph's revision, which marks its translations outdated.
    """
    if not paragraph.section.report.is_original:
        from reports.services.versions import save_translation

        return save_translation(paragraph, text=text, footnotes=footnotes, actor=actor, actor_label=actor_label)
    keep_paragraph_version(paragraph, actor)
    before = paragraph.text
    old_notes = [note.text for note in paragraph.footnotes.all()]
    if text.strip() != before or (footnotes is not None and [n.strip() for n in footnotes if n.strip()] != old_notes):
        paragraph.revision += 1
    paragraph.text = text.strip()
    paragraph.edited = True
    paragraph.updated_by = actor
    if paragraph.generation.get("backend") == OpenAICompatibleBackend.name:
        # An editor who saved a model-written paragraph has checked it: it prints unmarked from now on.
        paragraph.generation = {**paragraph.generation, "reviewed": True, "reviewed_by": actor.pk if actor else None}
    paragraph.save(update_fields=["text", "edited", "updated_by", "updated_at", "generation", "revision"])
    if footnotes is not None:
        paragraph.footnotes.all().delete()
        Footnote.objects.bulk_create(Footnote(paragraph=paragraph, order=i, text=note.strip())
                                     for i, note in enumerate(footnotes, start=1) if note.strip())
    report = paragraph.section.report
    raise_report_version(report)
    record_event(AuditAction.REPORT_PARAGRAPH_EDITED, actor=actor, actor_label=actor_label, call=report.call,
                 obj=paragraph, before={"text": before},
                 after={"text": paragraph.text, "report_version": report.version, "revision": paragraph.revision})
    return paragraph


@transaction.atomic
def add_paragraph(section: Section, *, after: Paragraph | None, text: str, actor: User | None) -> Paragraph:
    """A new paragraph written by an editor, placed after ``after`` (or at the end); versions get it pending."""
    _original_only(section.report)
    position = after.order + 1 if after else (section.paragraphs.aggregate(m=Max("order"))["m"] or 0) + 1
    section.paragraphs.filter(order__gte=position).update(order=F("order") + 1)
    paragraph = Paragraph.objects.create(
        section=section, key=f"editor-{timezone.now().strftime('%Y%m%d%H%M%S%f')}", order=position,
        text=text.strip(), edited=True, updated_by=actor, generation={"backend": "editor"},
    )
    raise_report_version(section.report)
    record_event(AuditAction.REPORT_PARAGRAPH_ADDED, actor=actor, call=section.report.call, obj=paragraph,
                 after={"text": paragraph.text})
    _realign_versions(section.report, actor)
    return paragraph


@transaction.atomic
def delete_paragraph(paragraph: Paragraph, *, actor: User | None) -> None:
    report = paragraph.section.report
    _original_only(report)
    record_event(AuditAction.REPORT_PARAGRAPH_DELETED, actor=actor, call=report.call, obj=paragraph,
                 before={"text": paragraph.text, "key": paragraph.key})
    paragraph.delete()
    raise_report_version(report)
    _realign_versions(report, actor)


@transaction.atomic
def move_paragraph(paragraph: Paragraph, *, direction: int, actor: User | None) -> None:
    """Swap with the previous (-1) or next (+1) paragraph of the same section."""
    _original_only(paragraph.section.report)
    siblings = list(paragraph.section.paragraphs.order_by("order"))
    index = next(i for i, p in enumerate(siblings) if p.pk == paragraph.pk)
    other = index + direction
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, item in enumerate(siblings, start=1):
        if item.order != order:
            Paragraph.objects.filter(pk=item.pk).update(order=order)
    raise_report_version(paragraph.section.report)
    record_event(AuditAction.REPORT_PARAGRAPH_MOVED, actor=actor, call=paragraph.section.report.call, obj=paragraph,
                 after={"direction": direction})
    _realign_versions(paragraph.section.report, actor)


class VersionStructureError(ValueError):
    """A language version follows its original's structure: paragraphs are added, moved or deleted there."""


def _original_only(report: Report) -> None:
    if not report.is_original:
        raise VersionStructureError(report.language)


def _realign_versions(original: Report, actor: User | None) -> None:
    """After a structural change in the original, every version gets the same paragraphs and numbers."""
    from reports.services.versions import sync_version

    for language in Report.objects.filter(call=original.call).exclude(pk=original.pk).values_list("language",
                                                                                                 flat=True):
        sync_version(original, language, actor=actor, native=False)
