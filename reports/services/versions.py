"""Language versions: every report language other than the original is a translation of it.

The original (the call's ``original_language``) is drafted from the evidence. A version
has the same sections, paragraphs and footnote counts in the same order, so paragraph and
footnote numbers correspond. Boilerplate the drafting generates from templates (masthead,
headings, contributor lists, counts, placeholders) is generated natively in the version's
language; every other paragraph is translated: pending until a person or a model does it,
then ``machine`` / ``translated`` / ``revised``. A translation made from an earlier
revision of its original paragraph is outdated (derived, see ``Paragraph.outdated``).

This module is the one writer of version paragraphs; ``report.py`` calls it after the
original changes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from reports.drafting.backends import ExtractiveBackend
from reports.drafting.inputs import draft_inputs
from reports.drafting.structure import PlannedParagraph, PlannedSection, plan_draft
from reports.models import Footnote, Paragraph, Report, Section, TranslationState
from submissions.models import AuditAction
from submissions.services.audit import record_event

if TYPE_CHECKING:
    from reports.drafting.llm import LLMClient

# Paragraphs the drafting writes from templates: generated in each language, never translated.
NATIVE_BACKENDS = {"template", "placeholder"}
TRANSLATED_STATES = (TranslationState.MACHINE, TranslationState.TRANSLATED, TranslationState.REVISED)


class TranslationError(ValueError):
    """A translation that does not fit its original (e.g. another number of footnotes)."""


def _native_capable(original: Paragraph, planned: PlannedParagraph | None) -> bool:
    if planned is None or original.edited:
        return False
    backend = (original.generation or {}).get("backend")
    return (backend in NATIVE_BACKENDS and planned.draft.generation.get("backend") == backend
            and len(planned.draft.footnotes) == len(original.footnotes.all()))


def _native_plan(original: Report, language: str) -> list[PlannedSection]:
    """The template parts of the draft in ``language`` (the extractive backend writes no body here that is used)."""
    return plan_draft(draft_inputs(original.call), language, original.report_date, ExtractiveBackend())


def _set_footnotes(paragraph: Paragraph, notes: list[str]) -> None:
    paragraph.footnotes.all().delete()
    Footnote.objects.bulk_create(Footnote(paragraph=paragraph, order=i, text=note)
                                 for i, note in enumerate(notes, start=1))


@transaction.atomic
def sync_version(original: Report, language: str, *, actor: User | None = None, actor_label: str = "",
                 native: bool = True) -> Report:
    """Create or align the ``language`` version with the original: same sections, paragraphs, footnote counts.

    Translations are kept (outdated when their original moved on); boilerplate is regenerated
    in ``language`` unless ``native`` is False (a structural change: new paragraphs come pending).
    """
    if language == original.language:
        raise ValueError("the original is not a version of itself")
    call = original.call
    version, created = Report.objects.select_for_update().get_or_create(
        call=call, language=language, defaults={"report_date": original.report_date})
    plan = _native_plan(original, language) if native else []
    native_titles = {s.key: s.title for s in plan}
    native_paragraphs = {p.key: p for s in plan for p in s.paragraphs}
    originals = list(original.sections.order_by("order").prefetch_related(
        Prefetch("paragraphs", queryset=Paragraph.objects.order_by("order").prefetch_related(
            "footnotes", "sources", "excerpts"))))
    existing_sections = {s.key: s for s in version.sections.all()}
    existing = list(Paragraph.objects.filter(section__report=version).prefetch_related("footnotes"))
    by_origin = {p.origin_id: p for p in existing if p.origin_id}
    by_key = {p.key: p for p in existing}
    kept: set[int] = set()
    for source_section in originals:
        section = existing_sections.get(source_section.key) or Section(report=version, key=source_section.key)
        section.kind, section.level, section.order = source_section.kind, source_section.level, source_section.order
        # An editor's own chapter keeps the original's heading until someone translates it.
        section.title = native_titles.get(source_section.key) or section.title or source_section.title
        section.save()
        for source in source_section.paragraphs.all():
            paragraph = by_origin.get(source.pk) or by_key.get(source.key) or Paragraph(section=section,
                                                                                      key=source.key)
            paragraph.section, paragraph.origin = section, source
            paragraph.key, paragraph.order, paragraph.numbered = source.key, source.order, source.numbered
            planned = native_paragraphs.get(source.key)
            notes: list[str] | None = None
            if _native_capable(source, planned):
                assert planned is not None
                paragraph.text, notes = planned.draft.text, list(planned.draft.footnotes)
                paragraph.generation = planned.draft.generation
                paragraph.translation_state = TranslationState.NATIVE
                paragraph.source_revision = source.revision
            elif not native and paragraph.pk and paragraph.translation_state == TranslationState.NATIVE:
                pass  # a structural change leaves generated boilerplate as it is
            elif paragraph.pk and paragraph.translation_state in TRANSLATED_STATES:
                pass  # kept; outdated when its original moved on
            elif paragraph.pk and paragraph.translation_state == TranslationState.ORIGINAL and paragraph.edited:
                # Drafted separately before versions existed and changed by an editor: kept, to be checked.
                paragraph.translation_state = TranslationState.TRANSLATED
                paragraph.source_revision = 0
            else:
                paragraph.text, notes = "", []
                paragraph.generation = {}
                paragraph.translation_state = TranslationState.PENDING
                paragraph.source_revision = None
            paragraph.save()
            if notes is not None:
                _set_footnotes(paragraph, notes)
            paragraph.sources.set(source.sources.all())
            paragraph.excerpts.set(source.excerpts.all())
            kept.add(paragraph.pk)
    Paragraph.objects.filter(section__report=version).exclude(pk__in=kept).delete()
    version.sections.exclude(key__in=[s.key for s in originals]).delete()
    version.report_date, version.provisional = original.report_date, original.provisional
    version.drafted_at = timezone.now()
    version.version = version.version + (0 if created else 1)
    version.save(update_fields=["report_date", "provisional", "drafted_at", "version", "updated_at"])
    if native:
        record_event(AuditAction.REPORT_DRAFTED, actor=actor, actor_label=actor_label or ("" if actor else "system"),
                     call=call, obj=version, after={"language": language, "version": version.version,
                                                    "original": original.language, "aligned": True})
    return version


def _next_state(current: str, *, imported: bool, machine: bool) -> str:
    if machine:
        return TranslationState.MACHINE
    if imported:
        return TranslationState.TRANSLATED
    # A person editing: a first translation, or a revision of one (a model's or a translator's).
    return TranslationState.TRANSLATED if current == TranslationState.PENDING else TranslationState.REVISED


@transaction.atomic
def save_translation(paragraph: Paragraph, *, text: str, footnotes: list[str] | None, actor: User | None,
                     actor_label: str = "", imported: bool = False, generation: dict | None = None) -> Paragraph:
    """A translation of one version paragraph, by an editor, an imported file or a model (``generation``).

    Footnotes must correspond one to one with the original's, so numbers stay aligned.
    """
    from reports.services.report import keep_paragraph_version, raise_report_version

    origin = paragraph.origin
    if origin is None:
        raise TranslationError("this paragraph has no original to translate")
    wanted = origin.footnotes.count()
    notes = [n.strip() for n in footnotes if n.strip()] if footnotes is not None else None
    if notes is None:
        notes = [n.text for n in paragraph.footnotes.all()] or [n.text for n in origin.footnotes.all()]
    if len(notes) != wanted:
        raise TranslationError(f"{len(notes)} footnotes where the original has {wanted}")
    keep_paragraph_version(paragraph, actor)
    before = paragraph.text
    paragraph.text = text.strip()
    paragraph.translation_state = _next_state(paragraph.translation_state, imported=imported,
                                              machine=generation is not None)
    paragraph.source_revision = origin.revision
    paragraph.generation = generation if generation is not None else {"backend": "translator" if imported
                                                                     else "editor"}
    paragraph.edited = True
    paragraph.updated_by = actor
    paragraph.save()
    _set_footnotes(paragraph, notes)
    report = paragraph.section.report
    raise_report_version(report)
    record_event(AuditAction.REPORT_PARAGRAPH_EDITED, actor=actor, actor_label=actor_label, call=report.call,
                 obj=paragraph, before={"text": before},
                 after={"text": paragraph.text, "report_version": report.version,
                        "translation_state": paragraph.translation_state, "source_revision": origin.revision})
    return paragraph


def machine_translate(version: Report, client: LLMClient | None = None, *, limit: int | None = None) -> int:
    """The model's translation of every pending or outdated paragraph of ``version``, stored one by one.

    Each paragraph is committed as soon as it is translated, so a killed job resumes with the
    next one. People's translations are never overwritten, even outdated ones (an editor
    decides); a machine translation prints marked until an editor revises it.
    """
    from reports.drafting.backends import SPACE
    from reports.drafting.llm import LLMClient, translate_paragraph

    client = client or LLMClient.from_environment()
    source_language = version.call.original_language
    done = 0
    candidates = (Paragraph.objects.filter(section__report=version, origin__isnull=False)
                  .exclude(translation_state__in=[TranslationState.ORIGINAL, TranslationState.NATIVE])
                  .select_related("origin").order_by("section__order", "order"))
    for paragraph in candidates:
        if paragraph.translation_state in (TranslationState.TRANSLATED, TranslationState.REVISED):
            continue
        if paragraph.translation_state == TranslationState.MACHINE and not paragraph.outdated:
            continue  # translated before the job was stopped
        origin = paragraph.origin
        assert origin is not None
        generated = translate_paragraph(client, origin.text, source_language, version.language, [],
                                        space=SPACE.get(version.language, " "))
        save_translation(paragraph, text=generated.text, footnotes=[n.text for n in origin.footnotes.all()],
                         actor=None, actor_label=f"model {client.model}", generation=generated.record)
        done += 1
        if limit is not None and done >= limit:
            break
    return done
