"""Sentence boundaries in the six UN languages, with ICU's sentence break rules.

ICU (through PyICU) was measured against pysbd on the demo and evaluation texts
(decision 0018) and kept. ICU splits after "Mr." or "para." only before a capital
(its suppressions list covers the common English abbreviations), breaks Chinese at
。！？ and Arabic at ؟ and full stops. Two corrections on top: no break right after
a short numbering label ("1.", "A.", "iii.") — that is the start of a paragraph, not a
sentence — and a break at a semicolon only when it ends a list item on its own line
(reflow already made those separate paragraphs).
"""
from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

import icu

from submissions.multilingual import UN_LANGUAGES

_LOCALES = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "ar": "ar", "zh": "zh"}
# A sentence that is only a numbering label or an abbreviation left over is glued to the next.
_LABEL = re.compile(r"^\s*(?:\(?[0-9]{1,3}[.)]|\(?[A-Za-z][.)]|\(?[ivxlcIVXLC]{1,5}[.)]|[一二三四五六七八九十]+、)\s*$")
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:No|Nos|para|paras|art|arts|p|pp|vol|cf|e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|Prof|St|Sr|Sra|Mme|Mlle|"
    r"Res|res|op|doc|Rev|Add|Corr|approx|incl|v|vs|ст|п|г|гг|т\.е|т\.д|см|др)\.|(?<!\w)[A-ZА-ЯЁ]\.)\s*$")
# The longest match of ``_ABBREVIATION_END`` before its trailing spaces ("approx."), and one character
# before it for ``\b`` and the look-behind to see.
_ABBREVIATION_REACH = len("approx.") + 1
# ICU leaves an opening bracket or quote after 。 with the sentence before it.
_OPENERS = "《〈「『（(“\"‘"


@functools.lru_cache(maxsize=8)
def _iterator(language: str) -> icu.BreakIterator:
    locale = icu.Locale(_LOCALES.get(language, "en"))
    # "@ss=standard" switches on ICU's abbreviation suppressions (Mr., e.g., …) where it has them.
    suppressed = icu.Locale(f"{locale.getName()}@ss=standard")
    return icu.BreakIterator.createSentenceInstance(suppressed)


def sentence_spans(text: str, language: str = "en") -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (one paragraph), trailing spaces excluded."""
    if not text.strip():
        return []
    iterator = _iterator(language if language in UN_LANGUAGES else "en")
    iterator.setText(text)
    # ICU counts in UTF-16 code units; map back to Python indices for text beyond the BMP.
    units = _utf16_to_index(text)
    cuts = [0, *(units[b] for b in iterator)]
    spans: list[tuple[int, int]] = []
    for start, end in itertools.pairwise(cuts):
        piece = text[start:end]
        if not piece.strip():
            continue
        if spans and (_LABEL.match(text[spans[-1][0]:spans[-1][1]])
                      or _ends_with_abbreviation(text[spans[-1][0]:spans[-1][1]])):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    for index in range(len(spans) - 1):
        start, end = spans[index]
        moved = len(text[start:end].rstrip()) - len(text[start:end].rstrip().rstrip(_OPENERS))
        if moved and text[start:end].rstrip()[:-moved].endswith(("。", "！", "？", ".", "!", "?")):
            cut = start + len(text[start:end].rstrip()) - moved
            spans[index] = (start, cut)
            spans[index + 1] = (cut, spans[index + 1][1])
    return [(s + (len(text[s:e]) - len(text[s:e].lstrip())), s + len(text[s:e].rstrip())) for s, e in spans]


def _ends_with_abbreviation(piece: str) -> bool:
    """``_ABBREVIATION_END.search(piece)``, tried only where a match can start.

    The pattern ends at the piece's last full stop and trailing spaces, so it is searched
    from a few characters before them instead of from every character of the sentence
    (issue 15: most of ``sentence_spans``' own time); ``search`` with a start position still
    sees the characters before it for ``\b`` and the look-behind.
    """
    return _ABBREVIATION_END.search(piece, max(0, len(piece.rstrip()) - _ABBREVIATION_REACH)) is not None


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _utf16_to_index(text: str) -> Sequence[int]:
    """Python index of each UTF-16 offset: the same offsets unless the text has characters beyond the BMP."""
    if _ASTRAL.search(text) is None:
        return range(len(text) + 1)
    mapping = []
    for index, ch in enumerate(text):
        mapping.append(index)
        if ord(ch) >= 0x10000:
            mapping.append(index)
    mapping.append(len(text))
    return mapping


def pysbd_spans(text: str, language: str = "en") -> list[tuple[int, int]]:
    """The alternative measured in decision 0018 (pysbd); not used in processing."""
    import pysbd

    segmenter = pysbd.Segmenter(language=language if language in UN_LANGUAGES else "en", clean=False, char_span=True)
    spans = []
    for span in segmenter.segment(text):
        piece = text[span.start:span.end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((span.start + lead, span.start + len(piece.rstrip())))
    return spans
