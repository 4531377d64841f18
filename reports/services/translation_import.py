"""The DGACM round trip: a translated (or Word-edited) DOCX of the report brought back in.

The file is aligned with the original paragraph by paragraph (Word's paragraph numbers)
and footnote by footnote (each paragraph must carry as many footnotes as the original's;
footnote ids the export wrote tell which is which when a reference was moved or lost).
Anything that does not align — a missing, extra or moved paragraph, a lost footnote, an
empty paragraph — is reported by number and nothing is changed. An aligned file is
applied in one transaction: a translation becomes the version's text (state
``translated``); an edited original becomes new paragraph versions with the importer as
actor, and the translations of what changed become outdated.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.contrib.auth.models import User
from django.db import transaction

from reports.models import Paragraph, Report, TranslationState
from reports.rendering.document import MARKER, build_document
from reports.rendering.docx import BODY_FOOTNOTE_ID
from reports.rendering.docx_read import ReadDocument, UnreadableDocx, read_report_docx
from submissions.models import Call


@dataclass
class _Reference:
    number: int
    pk: int
    footnotes: list[int]  # report footnote numbers, in order
    plain: str
    footnote_texts: list[str]


@dataclass
class _Match:
    reference: _Reference
    text: str
    footnotes: list[str]


@dataclass
class ImportResult:
    """What the importer prints: every problem by paragraph number, then what it did."""

    language: str
    paragraphs_in_file: int
    paragraphs_in_original: int
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)

    @property
    def aligned(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        head = (f"{self.paragraphs_in_file} numbered paragraphs in the file, "
                f"{self.paragraphs_in_original} in the original.")
        out = [head, *(f"ERROR {line}" for line in self.errors), *(f"warning {line}" for line in self.warnings)]
        if self.aligned:
            out.append(f"Aligned: {len(self.changed)} paragraphs stored ({_ranges(self.changed)}), "
                       f"{len(self.unchanged)} unchanged.")
        else:
            out.append("Nothing was changed: the file does not align with the original.")
        return out


def _ranges(numbers: list[int]) -> str:
    if not numbers:
        return "none"
    spans, start, last = [], numbers[0], numbers[0]
    for n in numbers[1:]:
        if n == last + 1:
            last = n
            continue
        spans.append(f"{start}–{last}" if last != start else str(start))
        start = last = n
    spans.append(f"{start}–{last}" if last != start else str(start))
    return ", ".join(spans)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", MARKER.sub("", text)).strip()


def _normals(texts: Iterable[str]) -> list[str]:
    return [_normal(t) for t in texts]


def _references(original: Report) -> list[_Reference]:
    document = build_document(original)
    return [_Reference(p.number, p.pk, [piece.footnote for piece in p.pieces if piece.footnote],
                       p.plain, [piece.footnote_text for piece in p.pieces if piece.footnote])
            for section in document.sections for p in section.paragraphs if p.number]


def align(read: ReadDocument, original: Report, language: str) -> tuple[list[_Match], ImportResult]:
    """Pair the file's numbered paragraphs with the original's; every misfit is an error with its number."""
    references = _references(original)
    result = ImportResult(language, len(read.paragraphs), len(references))
    owner = {n: ref.number for ref in references for n in ref.footnotes}
    matches: list[_Match] = []
    if not read.paragraphs:
        result.errors.append("the file has no numbered paragraphs (is it a report exported by Rapporteur?)")
        return matches, result
    for ref, got in zip(references, read.paragraphs, strict=False):
        number = ref.number
        carried = [fn.report_number for fn in got.footnotes if fn.report_number is not None]
        owners = sorted({owner.get(n, 0) for n in carried} - {number})
        if owners:
            where = ", ".join(str(o) if o else "none" for o in owners)
            result.errors.append(f"paragraph {number}: carries footnotes of paragraph {where} — "
                                 "paragraphs are missing, added or reordered before it")
            continue
        if not _normal(got.text):
            result.errors.append(f"paragraph {number}: empty in the file")
            continue
        texts = [fn.text for fn in got.footnotes]
        text = got.text
        if len(got.footnotes) > len(ref.footnotes):
            result.errors.append(f"paragraph {number}: {len(got.footnotes)} footnotes, the original has "
                                 f"{len(ref.footnotes)} (extra footnote)")
            continue
        if len(got.footnotes) < len(ref.footnotes):
            lost = [n for n in ref.footnotes if n not in carried]
            found = [n for n in lost if read.all_footnotes.get(BODY_FOOTNOTE_ID + n)]
            # Recoverable only when every footnote in the file still has its exported id.
            if len(carried) != len(got.footnotes) or len(found) != len(lost):
                missing = [n for n in lost if n not in found] or lost
                result.errors.append(f"paragraph {number}: footnote {', '.join(map(str, missing))} lost "
                                     f"({len(got.footnotes)} of {len(ref.footnotes)} in the file)")
                continue
            for n in found:
                texts.append(read.all_footnotes[BODY_FOOTNOTE_ID + n])
                text = f"{text}{{fn{len(texts)}}}"
                result.warnings.append(f"paragraph {number}: the reference to footnote {n} was lost in the file; "
                                       "the footnote is kept and called at the end of the paragraph")
        empty = [i for i, note in enumerate(texts, start=1) if not note.strip()]
        if empty:
            result.errors.append(f"paragraph {number}: footnote {', '.join(str(ref.footnotes[i - 1]) for i in empty)}"
                                 " is empty in the file")
            continue
        matches.append(_Match(ref, text, texts))
    for ref in references[len(read.paragraphs):]:
        result.errors.append(f"paragraph {ref.number}: missing (the file has {len(read.paragraphs)} numbered "
                             "paragraphs)")
    for extra in read.paragraphs[len(references):]:
        result.errors.append(f"paragraph {extra.number}: extra (the original has {len(references)} numbered "
                             "paragraphs)")
    return matches, result


def _read(source: str | Path | IO[bytes], result_language: str) -> ReadDocument:
    try:
        return read_report_docx(source)
    except UnreadableDocx as exc:
        raise ImportRefused(f"not a Word document that can be read: {exc}") from exc


class ImportRefused(ValueError):
    """The file cannot be imported at all (not a DOCX, no original to align with)."""


def _original(call: Call) -> Report:
    original = Report.objects.filter(call=call, language=call.original_language).first()
    if original is None:
        raise ImportRefused(f"the call has no draft in its original language ({call.original_language}) yet")
    return original


def import_translation(call: Call, language: str, source: str | Path | IO[bytes], *, actor: User | None = None,
                       actor_label: str = "") -> ImportResult:
    """A translated DOCX stored as the ``language`` version, or nothing changed and every misfit reported."""
    from reports.services.versions import save_translation, sync_version

    if language == call.original_language:
        raise ImportRefused(f"{language} is the original language: import it with --original")
    original = _original(call)
    matches, result = align(_read(source, language), original, language)
    if not result.aligned:
        return result
    with transaction.atomic():
        version = sync_version(original, language, actor=actor, actor_label=actor_label)
        paragraphs = {p.origin_id: p for p in Paragraph.objects.filter(section__report=version)
                      .select_related("origin").prefetch_related("footnotes")}
        for match in matches:
            paragraph = paragraphs[match.reference.pk]
            same = (_normal(match.text) == _normal(paragraph.text)
                    and _normals(match.footnotes) == _normals(n.text for n in paragraph.footnotes.all()))
            untranslated = (paragraph.translation_state == TranslationState.PENDING
                            and _normal(match.text) == _normal(match.reference.plain))
            if same or untranslated:
                result.unchanged.append(match.reference.number)
                if untranslated:
                    result.warnings.append(f"paragraph {match.reference.number}: still the original's text; "
                                           "left pending")
                continue
            save_translation(paragraph, text=match.text, footnotes=match.footnotes, actor=actor,
                             actor_label=actor_label, imported=True)
            result.changed.append(match.reference.number)
    return result


def import_original(call: Call, source: str | Path | IO[bytes], *, actor: User | None = None,
                    actor_label: str = "") -> ImportResult:
    """The original edited in Word: each changed paragraph a new version of it (its translations go outdated)."""
    from reports.services.report import save_paragraph

    original = _original(call)
    matches, result = align(_read(source, original.language), original, original.language)
    if not result.aligned:
        return result
    with transaction.atomic():
        paragraphs = Paragraph.objects.in_bulk([m.reference.pk for m in matches])
        for match in matches:
            reference = match.reference
            if (_normal(match.text) == _normal(reference.plain)
                    and _normals(match.footnotes) == _normals(reference.footnote_texts)):
                result.unchanged.append(reference.number)
                continue
            save_paragraph(paragraphs[reference.pk], text=match.text, footnotes=match.footnotes, actor=actor,
                           actor_label=actor_label)
            result.changed.append(reference.number)
    return result
