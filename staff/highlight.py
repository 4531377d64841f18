"""The extracted text of a submission with each theme's evidence and the excerpts marked.

Offsets in ``ThemeTag.evidence`` and ``Excerpt`` point into one text: the typed
body (source "text"), a file's page, or a file's whole text. Each text becomes
a block whose ``textContent`` is exactly that text, so the browser can turn a
selection back into the same offsets (static/js/triage.js).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from submissions.models import Excerpt, Submission, ThemeTag
from submissions.services.excerpts import TextSource, text_sources
from synthesis.reflow import same_wording

PALETTE_SIZE = 8


@dataclass
class Span:
    start: int
    end: int
    theme_index: int | None  # colour of the theme; None for an excerpt
    label: str
    excerpt: bool = False


@dataclass
class TextBlock:
    source: TextSource
    spans: list[Span] = field(default_factory=list)

    @property
    def key(self) -> str:
        attachment = self.source.attachment.pk if self.source.attachment else "text"
        return f"{attachment}-{self.source.page or 0}"

    @property
    def html(self) -> SafeString:
        return mark_safe(render_marked(self.source.text, self.spans))


def place_span(span_text: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span's offsets if they still fit the text, else where its text is now, else None."""
    if 0 <= start < end <= len(text) and (not span_text or text[start:end].strip() == span_text.strip()
                                           or same_wording(text[start:end], span_text)):
        return start, end  # a sentence over line breaks is stored reflowed (synthesis.reflow)
    if span_text and (index := text.find(span_text.strip())) >= 0:
        return index, index + len(span_text.strip())
    return None


def _block_for(blocks: list[TextBlock], attachment_id: int | None, page: int | None) -> TextBlock | None:
    for block in blocks:
        source = block.source
        if (source.attachment.pk if source.attachment else None) == attachment_id and source.page == page:
            return block
    return None


def text_blocks(submission: Submission, tags: list[ThemeTag], excerpts: list[Excerpt],
                theme_index: dict[int, int], language: str) -> list[TextBlock]:
    """Blocks of text with the evidence of every theme not rejected, and the excerpts."""
    blocks = [TextBlock(source) for source in text_sources(submission)]
    for tag in tags:
        if tag.accepted is False:
            continue
        name = tag.theme.name_in(language)
        for evidence in tag.evidence or []:
            attachment_id = evidence.get("attachment") if evidence.get("source", "attachment") != "text" else None
            block = _block_for(blocks, attachment_id, evidence.get("page"))
            if block is None:
                continue
            placed = place_span(evidence.get("text", ""), block.source.text,
                            int(evidence.get("start") or 0), int(evidence.get("end") or 0))
            if placed:
                block.spans.append(Span(*placed, theme_index=theme_index.get(tag.theme_id, 0), label=name))
    for excerpt in excerpts:
        block = _block_for(blocks, excerpt.attachment_id, excerpt.page)
        if block is None or excerpt.start is None or excerpt.end is None:
            continue
        placed = place_span(excerpt.text, block.source.text, excerpt.start, excerpt.end)
        if placed:
            block.spans.append(Span(*placed, theme_index=None, label=excerpt.theme.name_in(language), excerpt=True))
    return blocks


def _html_text(text: str) -> str:
    """Escaped text whose DOM text is exactly ``text`` (HTML parsing would turn CR LF into LF)."""
    return str(escape(text)).replace("\r", "&#13;")


def render_marked(text: str, spans: list[Span]) -> str:
    """HTML of ``text`` with ``<mark>`` around spans; overlapping spans split into segments."""
    if not spans:
        return _html_text(text)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    for start, end in pairwise(cuts):
        piece = _html_text(text[start:end])
        covering = [s for s in spans if s.start <= start and end <= s.end]
        if not covering:
            out.append(piece)
            continue
        themes = [s for s in covering if not s.excerpt]
        classes = ["ev"]
        if themes and themes[0].theme_index is not None:  # themes (not excerpts) always have one
            classes.append(f"ev-{themes[0].theme_index % PALETTE_SIZE}")
        if any(s.excerpt for s in covering):
            classes.append("ev-excerpt")
        labels = "; ".join(dict.fromkeys(s.label for s in covering))
        out.append(f'<mark class="{" ".join(classes)}" title="{escape(labels)}">{piece}</mark>')
    return "".join(out)
