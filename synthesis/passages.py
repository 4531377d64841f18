"""Cutting a submission into citable passages: whole sentences with where they came from.

Evidence for a theme is a passage: one whole sentence, the file and page it is on,
and its character offsets in that page's (or text's) stored extracted text, so the
triage page can highlight it and the report can cite the page. The stored text is
never rewritten: it is reflowed (``synthesis.reflow``: line wraps and hyphenation
joined) for reading and segmenting (``synthesis.sentences``, ICU), and each
sentence's offsets are mapped back onto the stored text — a sentence may span line
breaks there. Page furniture and letter formalities (``synthesis.furniture``) and
text that looks garbled (``needs_checking``) are never evidence (decision 0018).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from submissions.models import Submission
from synthesis import furniture
from synthesis.reflow import LIST_START, line_key, reflow
from synthesis.sentences import sentence_spans
from synthesis.wordcount import count_words_upto

MIN_WORDS = 5
# A "sentence" longer than this has no punctuation to speak of (a table, a list run together):
# it is cut for scoring and is not quotable.
MAX_CHARS = 1500
FRAGMENT = "fragment"


@dataclass(frozen=True)
class Passage:
    text: str  # what tagging reads: the sentence, with the heading above it when it opens a section
    source: str  # "text" (typed body) or "attachment"
    attachment_id: int | None
    page: int | None  # 1-based, for paged formats
    start: int  # offsets of the sentence in the stored text (it may span line breaks)
    end: int
    quote_start: int | None = None
    quote: str = ""  # the sentence itself, reflowed: what evidence and the report quote
    kind: str = furniture.SENTENCE  # furniture.SENTENCE, or what else it is (heading, courtesy, …)
    needs_checking: bool = False  # garbled text (mixed scripts, reversed words, missing glyphs)
    reason: str = ""  # why it needs checking

    @property
    def citable(self) -> bool:
        """A whole content sentence that reads correctly: the only thing evidence may be."""
        return self.kind == furniture.SENTENCE and not self.needs_checking

    def as_evidence(self, score: float) -> dict[str, Any]:
        return {
            "text": self.quote or self.text,
            "source": self.source,
            "attachment": self.attachment_id,
            "page": self.page,
            "start": self.quote_start if self.quote_start is not None else self.start,
            "end": self.end,
            "score": round(float(score), 4),
        }


def normalise_spaces(text: str) -> str:
    """One paragraph of reflowed text on one line (line wraps joined, CJK without spaces)."""
    return " ".join(reflow(text).text.split())


# --------------------------------------------------------------------------- garbled text

_SCRIPTS = (
    ("latin", re.compile(r"[A-Za-z\u00c0-\u024f]")),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
    ("cjk", re.compile(r"[\u3400-\u9fff]")),
)
_MIXABLE = [(name, pattern) for name, pattern in _SCRIPTS if name != "cjk"]
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{3,}")
_DIACRITIC = re.compile(r"[\u064b-\u0652]")
_MISPLACED_DIACRITIC = re.compile(r"(?:^|\s)[\u064b-\u0652]")
_BAD_GLYPHS = re.compile(r"[\ufffd\ufffe\uffff\ue000-\uf8ff]|\(cid:\d+\)|\\u[0-9a-f]{4}")


def garbled(text: str) -> str:
    """Why ``text`` looks garbled by extraction ("" when it reads normally).

    Replacement or private-use glyphs; words mixing two scripts (Latin with
    Cyrillic, Arabic with Latin: broken font mappings); Arabic in visual
    (reversed) order, seen from word starts and ends; a combining mark at a word's start.
    """
    if _BAD_GLYPHS.search(text):
        return "replacement glyphs"
    # A word can mix scripts only if the text has two of them: most sentences are in one, and then
    # the word-by-word test (four searches per word, issue 15) cannot find anything.
    if sum(1 for _, pattern in _MIXABLE if pattern.search(text)) > 1:
        words = _WORD.findall(text)
        mixed = 0
        for word in words:
            scripts = {name for name, pattern in _SCRIPTS if pattern.search(word)}
            # Chinese writes Latin names and acronyms with no space ("支持COVAX机制"): not a broken font.
            scripts.discard("cjk")
            mixed += len(scripts) > 1
        if mixed and mixed >= max(1, len(words) // 20):
            return "mixed scripts in one word"
    arabic = _ARABIC_WORD.findall(text)
    if len(arabic) >= 4:
        logical = sum(w.startswith("ال") for w in arabic) + sum(w[-1] in "ةى" for w in arabic)
        mirrored = sum(w.endswith("لا") for w in arabic) + sum(w[0] in "ةى" for w in arabic)
        if mirrored >= 2 and mirrored > 2 * logical:
            return "reversed words"
    if _DIACRITIC.search(text) and _MISPLACED_DIACRITIC.search(text):  # the first finds any at once
        return "misplaced diacritics"
    return ""


# --------------------------------------------------------------------------- splitting

def _repeated_lines(pages: list[str]) -> set[str]:
    """Short lines found on several pages: running headers and footers."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        lines = {_line_key(line) for line in page.split("\n") if 0 < count_words_upto(line, 16) <= 15}
        seen.update(lines)
    return {line for line, count in seen.items() if count >= 2 and line}


_line_key = line_key


def split_text(text: str, *, source: str, attachment_id: int | None = None, page: int | None = None,
               language: str = "", repeated: set[str] | frozenset[str] = frozenset(),
               everything: bool = False) -> list[Passage]:
    """The citable sentences of one stored text (a page, a file, the typed body).

    ``everything`` also returns what is not evidence (furniture, formalities, garbled
    text, short fragments), each with its ``kind``, for measuring and for display.
    """
    flowed = reflow(text, repeated)
    passages: list[Passage] = []
    heading = ""
    letterhead_zone = page in (None, 1)  # short lines above the first sentence are letterhead
    for para_start, para_end in flowed.paragraphs:
        paragraph = flowed.text[para_start:para_end]
        kind = furniture.kind_of(paragraph, first_page=letterhead_zone,
                                 repeated=_line_key(paragraph) in repeated)
        if kind not in (furniture.SENTENCE, furniture.COURTESY):  # a courtesy formula may end a paragraph
            if kind == furniture.HEADING:
                heading = paragraph
            if everything:
                start, end = flowed.span(para_start, para_end)
                passages.append(Passage(paragraph, source, attachment_id, page, start, end, start, paragraph,
                                        kind=kind, needs_checking=bool(garbled(paragraph))))
            continue
        letterhead_zone = False
        for sentence_start, sentence_end in sentence_spans(paragraph, language or "en"):
            sentence = paragraph[sentence_start:sentence_end]
            start, end = flowed.span(para_start + sentence_start, para_start + sentence_end)
            sentence_kind = furniture.sentence_kind(sentence)
            if sentence_kind == furniture.SENTENCE and (len(sentence) > MAX_CHARS or furniture.fragment(sentence)):
                sentence_kind = FRAGMENT
            short = count_words_upto(sentence, MIN_WORDS) < MIN_WORDS
            reason = garbled(sentence)
            if not everything and (short or sentence_kind != furniture.SENTENCE or reason):
                continue
            context = f"{heading}\n{sentence}" if heading and sentence_kind == furniture.SENTENCE else sentence
            heading = "" if sentence_kind == furniture.SENTENCE else heading
            passages.append(Passage(context[:MAX_CHARS], source, attachment_id, page, start, end, start, sentence,
                                    kind=FRAGMENT if short and sentence_kind == furniture.SENTENCE else sentence_kind,
                                    needs_checking=bool(reason), reason=reason))
    return passages


def _texts(submission: Submission) -> list[tuple[str, dict[str, Any]]]:
    """Every stored text of the submission with where it is (source, attachment, page)."""
    texts: list[tuple[str, dict[str, Any]]] = [(submission.text, {"source": "text"})]
    for attachment in submission.attachments.all():
        if not attachment.usable:
            continue
        if attachment.pages:
            repeated = _repeated_lines(attachment.pages)
            for number, page_text in enumerate(attachment.pages, start=1):
                texts.append((page_text, {"source": "attachment", "attachment_id": attachment.pk, "page": number,
                                          "repeated": repeated}))
        else:
            texts.append((attachment.extracted_text, {"source": "attachment", "attachment_id": attachment.pk}))
    return texts


def submission_passages(submission: Submission) -> list[Passage]:
    """Every citable sentence of the typed text and the usable files, pages kept."""
    return [passage for passage in all_passages(submission) if passage.citable]


def all_passages(submission: Submission) -> list[Passage]:
    """Everything, evidence or not, each with its ``kind`` and ``needs_checking`` flag.

    A sentence that runs over a page break is joined into one passage (cited on the
    page where it starts), not left as two fragments that are never evidence.
    """
    language = submission.language
    passages: list[Passage] = []
    previous_page: list[Passage] = []
    for text, where in _texts(submission):
        page = split_text(text, language=language, everything=True, **where)
        if previous_page and where.get("page", 0) > 1 and \
                previous_page[0].attachment_id == where.get("attachment_id"):
            page = _join_across_page_break(passages, page, language)
        passages += page
        previous_page = page
    return passages


_CONTENT = (furniture.SENTENCE, FRAGMENT, furniture.HEADING)
_CJK_END = re.compile(r"[\u3400-\u9fff，、]$")
_CJK_START = re.compile(r"^[\u3400-\u9fff《“「]")


def _join_across_page_break(before: list[Passage], page: list[Passage], language: str) -> list[Passage]:
    """Join the sentence cut by a page break: the last piece of ``before`` and the first of ``page``.

    Replaces the last content piece of ``before`` in place; returns ``page`` without its
    first piece when they were joined. Only an unfinished piece followed by one that
    continues it (lower case, after a comma, or Chinese running on) is joined; a list item
    or a heading on the next page starts something new.
    """
    last_at = next((i for i in range(len(before) - 1, -1, -1) if before[i].kind in _CONTENT), None)
    first_at = next((i for i, p in enumerate(page) if p.kind in (furniture.SENTENCE, FRAGMENT)), None)
    if last_at is None or first_at is None:
        return page
    last, first = before[last_at], page[first_at]
    head, tail = (last.quote or last.text).rstrip(), (first.quote or first.text).lstrip()
    if not head or not tail or head.endswith(furniture.SENTENCE_ENDS) or LIST_START.match(tail):
        return page
    chinese = bool(_CJK_END.search(head) and _CJK_START.match(tail))
    # A short unpunctuated line above the continuation is a running header; in Chinese,
    # where nothing marks a continuation, it is taken as a new section.
    headed = any(p.kind == furniture.HEADING for p in page[:first_at])
    continues = (chinese and not headed) or bool(furniture.STARTS_LOWER.match(tail)) \
        or head.endswith((",", "،", "，", "-"))
    if not continues or (last.kind == furniture.HEADING and not head.endswith((",", "،", "，"))
                         and not chinese and not furniture.STARTS_LOWER.match(tail)):
        return page
    quote = head + ("" if chinese or head.endswith("-") else " ") + tail
    kind = furniture.sentence_kind(quote)
    if kind == furniture.SENTENCE and (len(quote) > MAX_CHARS or furniture.fragment(quote)
                                       or count_words_upto(quote, MIN_WORDS) < MIN_WORDS):
        kind = FRAGMENT
    context = last.text[: len(last.text) - len(last.quote)] if last.quote and last.text.endswith(last.quote) else ""
    reason = garbled(quote)
    before[last_at] = Passage((context + quote)[:MAX_CHARS], last.source, last.attachment_id, last.page,
                              last.start, last.end, last.quote_start, quote, kind=kind,
                              needs_checking=bool(reason), reason=reason)
    return page[:first_at] + page[first_at + 1:]


def needs_checking(submission: Submission) -> list[Passage]:
    """Passages kept out of evidence because their text looks garbled: for staff to check."""
    return [p for p in all_passages(submission) if p.needs_checking]
