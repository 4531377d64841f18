"""Cutting a submission into citable passages: sentences with where they came from.

Evidence for a theme is a passage: its text, the file and page it is on, and its
character offsets in that page's (or text's) extracted text, so the triage page
can highlight it and the report can cite the page.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from submissions.models import Submission
from synthesis.wordcount import count_words

# Sentence ends in the six languages: . ! ? ; Arabic ؟ ؛ and CJK 。！？；, or a blank line.
_SENTENCE_END = re.compile(r"(?<=[.!?؟。！？；;])\s+|(?<=[。！？；])|\n\s*\n|\n(?=\s*(?:[-•*]|\d+[.)]\s))")
MIN_WORDS = 5
MAX_CHARS = 1200


@dataclass(frozen=True)
class Passage:
    text: str
    source: str  # "text" (typed body) or "attachment"
    attachment_id: int | None
    page: int | None  # 1-based, for paged formats
    start: int
    end: int
    # The quotable part: the passage without heading lines glued on top.
    quote_start: int | None = None
    quote: str = ""

    def as_evidence(self, score: float) -> dict:
        return {
            "text": self.quote or self.text,
            "source": self.source,
            "attachment": self.attachment_id,
            "page": self.page,
            "start": self.quote_start if self.quote else self.start,
            "end": self.end,
            "score": round(float(score), 4),
        }


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence-like span, long ones cut at MAX_CHARS."""
    position = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk_start = position
        while chunk_start < end:
            chunk_end = min(end, chunk_start + MAX_CHARS)
            yield chunk_start, chunk_end
            chunk_start = chunk_end
        position = match.end() if match else len(text)


_CJK_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s*\n\s*(?=[\u3000-\u9fff\uff00-\uffef])")


def normalise_spaces(text: str) -> str:
    """One space between words; none where a line break split Chinese text."""
    return " ".join(_CJK_BREAK.sub("", text).split())


_TERMINAL = tuple(".!?;:؟؛。！？；：…\"”»)")
HEADING_MAX_WORDS = 12


def _skip_heading_lines(text: str, start: int, end: int) -> int:
    """Where the sentence proper begins, after heading lines glued on top of it.

    Extraction glues a heading to the paragraph under it ("Gender equality
    Sweden pursues…"). The heading helps tell the theme, so tagging keeps it;
    quoted evidence starts after it.
    """
    position = start
    while True:
        newline = text.find("\n", position, end)
        if newline == -1:
            return position
        line = text[position:newline].strip()
        if line and (line.endswith(_TERMINAL) or count_words(line) > HEADING_MAX_WORDS):
            return position
        position = newline + 1


def split_text(text: str, *, source: str, attachment_id: int | None = None, page: int | None = None) -> list[Passage]:
    passages = []
    for start, end in _sentences(text):
        raw = text[start:end]
        stripped = raw.strip()
        if count_words(stripped) < MIN_WORDS:
            continue
        offset = start + raw.index(stripped)
        end = offset + len(stripped)
        core = _skip_heading_lines(text, offset, end)
        quote = normalise_spaces(text[core:end]) if core < end else ""
        passages.append(Passage(normalise_spaces(stripped), source, attachment_id, page, offset, end,
                                quote_start=core, quote=quote))
    return passages


def submission_passages(submission: Submission) -> list[Passage]:
    """Every passage of the typed text and the usable files, pages kept."""
    passages = split_text(submission.text, source="text")
    for attachment in submission.attachments.all():
        if not attachment.usable:
            continue
        if attachment.pages:
            for number, page_text in enumerate(attachment.pages, start=1):
                passages += split_text(page_text, source="attachment", attachment_id=attachment.pk, page=number)
        else:
            passages += split_text(attachment.extracted_text, source="attachment", attachment_id=attachment.pk)
    return passages
