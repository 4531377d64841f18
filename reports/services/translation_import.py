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
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def _shifts(references: list[_Reference], read: ReadDocument) -> dict[int, int]:
    """File paragraph number → how far the original's numbers it carries footnotes of are from it.

    A paragraph missing from the file shifts every later one by +1 (paragraph 18 carries the
    footnotes of 19), an extra one by −1; only paragraphs whose footnote ids survived say so.
    """
    owner = {n: ref.number for ref in references for n in ref.footnotes}
    shifts: dict[int, int] = {}
    for got in read.paragraphs:
        owners = {owner.get(fn.report_number, 0) for fn in got.footnotes if fn.report_number is not None}
        if len(owners) == 1 and 0 not in owners and (offset := owners.pop() - got.number):
            shifts[got.number] = offset
        elif len(owners) > 1 or 0 in owners:
            shifts[got.number] = 0  # footnotes of several paragraphs, or of none: moved around
    return shifts


def _shift_errors(shifts: dict[int, int]) -> list[str]:
    """One line per run of paragraphs shifted alike, not one per paragraph."""
    lines: list[str] = []
    runs: list[list[int]] = []
    for number in sorted(shifts):
        if runs and shifts[runs[-1][-1]] == shifts[number] and shifts[number]:
            runs[-1].append(number)
        else:
            runs.append([number])
    for run in runs:
        first, last, offset = run[0], run[-1], shifts[run[0]]
        values = {"first": first, "last": last, "from": first + offset, "to": last + offset, "count": abs(offset)}
        if offset > 0:
            lines.append(ngettext(
                "paragraphs %(first)s–%(last)s of the file carry the footnotes of the original's %(from)s–%(to)s: "
                "%(count)s paragraph of the original is missing from the file at or before paragraph %(first)s",
                "paragraphs %(first)s–%(last)s of the file carry the footnotes of the original's %(from)s–%(to)s: "
                "%(count)s paragraphs of the original are missing from the file at or before paragraph %(first)s",
                abs(offset)) % values)
        elif offset < 0:
            lines.append(ngettext(
                "paragraphs %(first)s–%(last)s of the file carry the footnotes of the original's %(from)s–%(to)s: "
                "the file has %(count)s extra paragraph at or before paragraph %(first)s",
                "paragraphs %(first)s–%(last)s of the file carry the footnotes of the original's %(from)s–%(to)s: "
                "the file has %(count)s extra paragraphs at or before paragraph %(first)s",
                abs(offset)) % values)
        else:
            lines.extend(_("paragraph %(number)s: its footnotes belong to other paragraphs (moved or reordered)")
                         % {"number": number} for number in run)
    return lines


def align(read: ReadDocument, original: Report, language: str) -> tuple[list[_Match], ImportResult]:
    """Pair the file's numbered paragraphs with the original's; every misfit is an error with its number.

    Lines are in the active language (the editor's, on the staff page); a file that does not
    align gets no warnings, which would only be consequences of the misfit.
    """
    references = _references(original)
    result = ImportResult(language, len(read.paragraphs), len(references))
    matches: list[_Match] = []
    if not read.paragraphs:
        result.errors.append(_("the file has no numbered paragraphs (is it a report exported by Rapporteur?)"))
        return matches, result
    shifts = _shifts(references, read)
    result.errors += _shift_errors(shifts)
    for ref, got in zip(references, read.paragraphs, strict=False):
        number = ref.number
        if number in shifts:
            continue
        if not _normal(got.text):
            result.errors.append(_("paragraph %(number)s: empty in the file") % {"number": number})
            continue
        carried = [fn.report_number for fn in got.footnotes if fn.report_number is not None]
        texts = [fn.text for fn in got.footnotes]
        text = got.text
        values = {"number": number, "got": len(got.footnotes), "wanted": len(ref.footnotes)}
        if len(got.footnotes) > len(ref.footnotes):
            result.errors.append(_("paragraph %(number)s: %(got)s footnotes, the original has %(wanted)s "
                                   "(extra footnote)") % values)
            continue
        if len(got.footnotes) < len(ref.footnotes):
            lost = [n for n in ref.footnotes if n not in carried]
            found = [n for n in lost if read.all_footnotes.get(BODY_FOOTNOTE_ID + n)]
            # Recoverable only when every footnote in the file still has its exported id.
            if len(carried) != len(got.footnotes) or len(found) != len(lost):
                missing = [n for n in lost if n not in found] or lost
                result.errors.append(_("paragraph %(number)s: footnote %(notes)s lost (%(got)s of %(wanted)s in "
                                       "the file)") % {**values, "notes": ", ".join(map(str, missing))})
                continue
            for n in found:
                texts.append(read.all_footnotes[BODY_FOOTNOTE_ID + n])
                text = f"{text}{{fn{len(texts)}}}"
                result.warnings.append(_("paragraph %(number)s: the reference to footnote %(note)s was lost in the "
                                         "file; the footnote is kept and called at the end of the paragraph")
                                       % {"number": number, "note": n})
        empty = [str(ref.footnotes[i - 1]) for i, note in enumerate(texts, start=1) if not note.strip()]
        if empty:
            result.errors.append(_("paragraph %(number)s: footnote %(notes)s is empty in the file")
                                 % {"number": number, "notes": ", ".join(empty)})
            continue
        matches.append(_Match(ref, text, texts))
    if not shifts:  # a shift already says where the paragraphs went missing or came in
        for ref in references[len(read.paragraphs):]:
            result.errors.append(_("paragraph %(number)s: missing (the file has %(count)s numbered paragraphs)")
                                 % {"number": ref.number, "count": len(read.paragraphs)})
        for extra in read.paragraphs[len(references):]:
            result.errors.append(_("paragraph %(number)s: extra (the original has %(count)s numbered paragraphs)")
                                 % {"number": extra.number, "count": len(references)})
    if result.errors:
        result.warnings.clear()
    elif matches:
        _check_language(matches, language, result)
    return matches, result


def _check_language(matches: list[_Match], language: str, result: ImportResult) -> None:
    """A warning when the file reads as another language than the version it is imported into."""
    from submissions.multilingual import LANGUAGE_LABELS
    from synthesis.language_detection import detect_language

    found = detect_language(" ".join(_normal(m.text) for m in matches)[:5000])
    if found and found != language:
        result.warnings.append(_("the file's text reads as %(found)s, not %(wanted)s: check that it is the right "
                                 "file for this version") % {"found": LANGUAGE_LABELS.get(found, found),
                                                             "wanted": LANGUAGE_LABELS.get(language, language)})


def _read(source: str | Path | IO[bytes]) -> ReadDocument:
    try:
        return read_report_docx(source)
    except UnreadableDocx as exc:
        raise ImportRefused(_("not a Word document that can be read (%(why)s)") % {"why": exc}) from exc


class ImportRefused(ValueError):
    """The file cannot be imported at all (not a DOCX, no original to align with)."""


def _original(call: Call) -> Report:
    original = Report.objects.filter(call=call, language=call.original_language).first()
    if original is None:
        raise ImportRefused(_("the call has no draft in its original language (%(language)s) yet")
                            % {"language": call.original_language})
    return original


def import_translation(call: Call, language: str, source: str | Path | IO[bytes], *, actor: User | None = None,
                       actor_label: str = "") -> ImportResult:
    """A translated DOCX stored as the ``language`` version, or nothing changed and every misfit reported."""
    from reports.services.versions import save_translation, sync_version

    if language == call.original_language:
        raise ImportRefused(_("%(language)s is the original language: import it as the original")
                            % {"language": language})
    original = _original(call)
    matches, result = align(_read(source), original, language)
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
                    result.warnings.append(_("paragraph %(number)s: still the original's text; left pending")
                                           % {"number": match.reference.number})
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
    matches, result = align(_read(source), original, original.language)
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
