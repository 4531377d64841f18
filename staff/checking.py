"""What the triage page shows of the extraction's doubts, with evidence held to whole sentences.

Decision 0018 keeps garbled text, cut-off sentences and page furniture out of
evidence when a submission is cut into passages; suggestions stored before that
(or edited offsets) may still point at a line tail such as "уважении.". So the
page recomputes the passages of the submission once and (1) shows a stored
evidence span only over the citable sentences it touches, widened to those whole
sentences, and (2) marks, in the text and in a list, what staff should check
against the file: text that looks garbled, sentences cut off (at a page break, by
extraction), and Arabic PDF pages rebuilt from glyph positions (``synthesis.pdf_bidi``).
"""
from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from staff.highlight import Span, TextBlock, place_span, render_marked, text_blocks
from submissions.models import Excerpt, Submission, ThemeTag
from submissions.services.excerpts import text_sources
from synthesis import furniture
from synthesis import passages as synthesis_passages
from synthesis.passages import FRAGMENT, MIN_WORDS, Passage
from synthesis.pdf_bidi import page_needs_rebuild
from synthesis.wordcount import count_words

Where = tuple[int | None, int | None]  # (attachment id, page) of one stored text; (None, None): typed text

GARBLED = "garbled"
CUT_OFF = "cut-off"


@dataclass(frozen=True)
class Doubt:
    """A passage kept out of evidence that a person should read against the original file."""

    kind: str  # GARBLED or CUT_OFF
    text: str
    where: Where
    start: int
    end: int
    detail: str = ""  # why it looks garbled (``passages.garbled``)

    @property
    def label(self) -> str:
        if self.kind == GARBLED:
            return _("Needs checking: the text looks garbled by extraction (%(why)s); it is not used as evidence.") % {
                "why": _reason_label(self.detail)}
        return _("Needs checking: a sentence cut off (at a page break or by extraction); it is not used as evidence.")


def _reason_label(reason: str) -> str:
    return {
        "replacement glyphs": _("missing or replacement characters"),
        "mixed scripts in one word": _("words mixing two scripts"),
        "reversed words": _("words in reversed order"),
        "misplaced diacritics": _("misplaced diacritics"),
    }.get(reason, reason)


@dataclass
class CheckedBlock(TextBlock):
    """A text block with its doubtful passages marked; its text content is still exactly the stored text."""

    doubts: list[Doubt] = field(default_factory=list)
    rebuilt: bool = False  # an Arabic PDF page whose text was rebuilt from glyph positions

    @property
    def html(self) -> SafeString:
        return mark_safe(render_checked(self.source.text, self.spans, self.doubts))


def _where(passage: Passage) -> Where:
    return (passage.attachment_id, passage.page)


def _starts_lower(text: str) -> bool:
    first = next((ch for ch in text if ch.isalpha()), "")
    return first.islower()


def _doubt(passage: Passage, *, ends_page: bool) -> Doubt | None:
    """Garbled text; or a sentence cut off: one starting in lower case, or the unfinished last one of a page.

    Long titles and headings without a full stop are fragments too, but nothing a person needs to check.
    """
    start = passage.quote_start if passage.quote_start is not None else passage.start
    if passage.needs_checking:
        return Doubt(GARBLED, passage.quote or passage.text, _where(passage), start, passage.end, passage.reason)
    if passage.kind == FRAGMENT and count_words(passage.quote) >= MIN_WORDS and (
            ends_page or _starts_lower(passage.quote)):
        return Doubt(CUT_OFF, passage.quote, _where(passage), start, passage.end)
    return None


@dataclass
class CheckedText:
    """Everything the text panel needs beyond the stored evidence."""

    passages: dict[Where, list[Passage]]
    doubts: list[Doubt]
    rebuilt: set[Where]


def checked_text(submission: Submission) -> CheckedText:
    """The submission's passages by text, what needs checking, and the rebuilt Arabic PDF pages."""
    by_where: dict[Where, list[Passage]] = {}
    for passage in synthesis_passages.all_passages(submission):
        by_where.setdefault(_where(passage), []).append(passage)
    page_counts = {a.pk: len(a.pages or []) for a in submission.attachments.all()}
    doubts = []
    for (attachment_id, page), found in by_where.items():
        # The last sentence of a page that is not the file's last: it may run on over the page break.
        content = [p for p in found if p.kind in (furniture.SENTENCE, FRAGMENT)]
        paged_on = attachment_id is not None and page is not None and page < page_counts.get(attachment_id, 0)
        last = content[-1] if content and paged_on else None
        doubts += [d for p in found if (d := _doubt(p, ends_page=p is last)) is not None]
    rebuilt: set[Where] = {
        (attachment.pk, number)
        for attachment in submission.attachments.all()
        if attachment.usable and attachment.detected_type == "application/pdf"
        for number, text in enumerate(attachment.pages or [], start=1)
        if page_needs_rebuild(text or "")
    }
    return CheckedText(by_where, doubts, rebuilt)


def _evidence_where(item: dict) -> Where:
    if item.get("source", "attachment") == "text":
        return (None, None)
    return (item.get("attachment"), item.get("page"))


def whole_sentences(item: dict, text: str, passages: Iterable[Passage]) -> list[dict]:
    """A stored evidence span as the citable whole sentences it touches (none for furniture or a line tail)."""
    placed = place_span(item.get("text", ""), text, int(item.get("start") or 0), int(item.get("end") or 0))
    if placed is None:
        return []
    start, end = placed
    score = float(item.get("score") or 0)
    shown = []
    for passage in passages:
        if passage.citable and passage.start < end and start < passage.end:
            shown.append({**item, **passage.as_evidence(score)})
    return shown


def sentence_tags(tags: list[ThemeTag], checked: CheckedText, texts: dict[Where, str]) -> list[ThemeTag]:
    """Unsaved copies of ``tags`` whose evidence is whole citable sentences only (for display)."""
    shown = []
    for tag in tags:
        evidence = []
        for item in tag.evidence or []:
            where = _evidence_where(item)
            if where in texts:
                evidence += [e for e in whole_sentences(item, texts[where], checked.passages.get(where, []))
                             if e not in evidence]
        display = copy.copy(tag)
        display.evidence = evidence
        shown.append(display)
    return shown


def checked_blocks(blocks: list[TextBlock], checked: CheckedText) -> list[CheckedBlock]:
    result = []
    for block in blocks:
        where = (block.source.attachment.pk if block.source.attachment else None, block.source.page)
        result.append(CheckedBlock(block.source, block.spans, [d for d in checked.doubts if d.where == where],
                                   where in checked.rebuilt))
    return result


def render_checked(text: str, spans: list[Span], doubts: list[Doubt]) -> str:
    """``render_marked`` with each doubtful passage wrapped in a marked element (no text added)."""
    ranges = sorted((max(0, d.start), min(len(text), d.end), d) for d in doubts if d.start < d.end)
    cuts = sorted({0, len(text), *(r[0] for r in ranges), *(r[1] for r in ranges)})
    out = []
    for start, end in pairwise(cuts):
        inner = [Span(max(s.start, start) - start, min(s.end, end) - start, s.theme_index, s.label, s.excerpt)
                 for s in spans if s.start < end and start < s.end]
        piece = render_marked(text[start:end], inner)
        doubt = next((d for a, b, d in ranges if a <= start and end <= b), None)
        if doubt is None:
            out.append(piece)
        else:
            out.append(f'<span class="needs-check bg-warning-subtle border-bottom border-danger" '
                       f'data-check="{doubt.kind}" title="{escape(doubt.label)}">{piece}</span>')
    return "".join(out)


def triage_text(submission: Submission, tags: list[ThemeTag], excerpts: list[Excerpt], theme_index: dict[int, int],
                language: str) -> tuple[list[ThemeTag], list[CheckedBlock]]:
    """The text panel: tags as shown (whole-sentence evidence) and the blocks with evidence and doubts marked."""
    checked = checked_text(submission)
    texts = {(s.attachment.pk if s.attachment else None, s.page): s.text for s in text_sources(submission)}
    shown = sentence_tags(tags, checked, texts)
    return shown, checked_blocks(text_blocks(submission, shown, excerpts, theme_index, language), checked)
