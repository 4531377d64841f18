"""Reflowing extracted text: PDF line wraps joined, hyphenation undone, paragraphs kept.

The stored text stays exactly as extracted (staff excerpts and the triage page use
offsets into it); ``reflow`` returns the reading text *and*, for each of its
characters, where it came from, so a sentence found in the reflowed text maps back
onto the stored text, across the line breaks it spans (decision 0018).

A line break is a wrap when the line before it is (nearly) as wide as the page's
lines usually are; a short line ends its paragraph (last line, heading, address
line, "Page 1 of 2"). Text whose lines are long (Word, typed text: one paragraph per
line) is not wrapped at all, so every line break there is a paragraph break. Chinese
and Japanese join without a space; a word broken by a hyphen joins without it.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from synthesis import furniture
from synthesis.charsets import character_set

# Lines this wide (in display columns, CJK counting two) or less suggest hard wraps.
MAX_WRAPPED_WIDTH = 130
# A line at least this share of the usual width is taken as wrapped, not ended.
FULL_LINE = 0.72

_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK}]")
LIST_START = re.compile(
    r"^\s*(?:[-•▪◦*–—]\s|\(?\d{1,3}[.)]\s|\(?[a-zA-Z][.)]\s|\([ivxlc]+\)\s|[ivxlc]+\.\s"
    r"|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+"
    r"|(?:أولاً|ثانياً|ثالثاً|رابعاً|خامساً|سادساً|سابعاً|ثامناً|تاسعاً|عاشراً)\s*[:：]?)"
)
_TERMINAL = tuple(".!?;:؟؛。！？；：…\"”»)）")
# Whitespace that reflow changes in a line: a run of it (kept as one space) or other than a plain space.
_ODD_SPACE = re.compile(r"\s\s|[^\S ]")
_OWN_LINE = {furniture.PAGE, furniture.SUBJECT, furniture.SALUTATION, furniture.LETTERHEAD_LINE}


@dataclass(frozen=True)
class Reflowed:
    """Reflowed text and, per character, its offset in the original (``origin[len]`` = end)."""

    text: str
    origin: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the reflowed ``text[start:end]``."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        """(start, end) of each paragraph of the reflowed text."""
        spans, position = [], 0
        for match in re.finditer(r"\n\n", self.text + "\n\n"):
            if match.start() > position:
                spans.append((position, match.start()))
            position = match.end()
        return spans


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


@functools.lru_cache(maxsize=65536)
def _char_width(char: str) -> int:
    return 2 if _wide(char) else 1


def display_width(text: str) -> int:
    """Display columns, wide and full-width characters counting two (one per ASCII character: most lines)."""
    if text.isascii():
        return len(text)
    if _ASTRAL.search(text):
        return sum(map(_char_width, text))
    # In the BMP, one more column for each wide character: those the regular expression engine removes
    # (issue 15: a Python call per character of every line of Russian, Arabic and Chinese texts).
    return 2 * len(text) - len(_wide_characters().sub("", text))


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@functools.lru_cache(maxsize=1)
def _wide_characters() -> re.Pattern[str]:
    """Every BMP character ``_char_width`` counts two (``unicodedata``'s wide and full-width), as one set (8 ms)."""
    return character_set(code for code in range(0x10000) if _wide(chr(code)))


def _usual_width(lines: list[str]) -> float:
    widths = sorted(display_width(line.strip()) for line in lines if line.strip())
    if not widths:
        return 0.0
    return float(widths[int(0.8 * (len(widths) - 1))])


def _wrapped(lines: list[str], usual_width: float) -> bool:
    return sum(1 for line in lines if line.strip()) >= 3 and usual_width <= MAX_WRAPPED_WIDTH


def is_wrapped(text: str) -> bool:
    """Whether the text looks hard-wrapped (a PDF page, a wrapped e-mail) rather than a line per paragraph."""
    lines = text.split("\n")
    return _wrapped(lines, _usual_width(lines))


def line_key(line: str) -> str:
    """A line with its digits blanked ("Page 2 of 3" ~ "Page 1 of 3"): how running headers are matched."""
    return re.sub(r"\d+", "#", " ".join(unicodedata.normalize("NFKC", line).split()))


def _joiner(previous: str, following: str, width: float, wrapped: bool,
            own_lines: frozenset[str] | set[str] = frozenset()) -> str | None:
    """What replaces the line break between two lines: "" or " " (joined), None (paragraph break)."""
    before, after = previous.rstrip(), following.lstrip()
    if not before or not after or not wrapped:
        return None
    if LIST_START.match(following):
        return None
    if own_lines and (line_key(before) in own_lines or line_key(after) in own_lines):
        return None  # a running header or footer
    if furniture.kind_of(before) in _OWN_LINE or furniture.kind_of(after) in _OWN_LINE:
        return None  # page numbers, datelines, references, subject lines stand on their own line
    continues = not before.endswith(_TERMINAL) and (after[0].islower() or before.endswith((",", "،", "，")))
    if display_width(before.strip()) < FULL_LINE * width and not continues:
        return None
    if _CJK_CHAR.match(before[-1]) and _CJK_CHAR.match(after[0]):
        return ""
    if _CJK_CHAR.match(before[-1]) or _CJK_CHAR.match(after[0]):
        return "" if before[-1] in "，、；：" or after[0] in "，。、；" else " "
    return " "


def reflow(text: str, own_lines: frozenset[str] | set[str] = frozenset()) -> Reflowed:
    """Join wrapped lines and hyphenated words; paragraphs become blank-line separated.

    ``own_lines``: keys (``line_key``) of lines that stand alone, e.g. running headers.
    """
    lines = text.split("\n")
    starts, position = [], 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    width = _usual_width(lines)  # once: it also says whether the text is wrapped
    wrapped = _wrapped(lines, width)
    out: list[str] = []
    origin: list[int] = []
    pending: str | None = None  # separator owed before the next non-empty line
    pending_at = 0
    previous = ""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            if out:
                pending, pending_at = "\n\n", starts[index]
            previous = ""
            continue
        lead = starts[index] + (len(line) - len(line.lstrip()))
        if out:
            if pending is None:
                joiner = _joiner(previous, stripped, width, wrapped, own_lines)
                separator = "\n\n" if joiner is None else joiner
                if wrapped and _hyphenated(out, stripped):
                    out.pop()  # the hyphen
                    origin.pop()
                    separator = ""
            else:
                separator = pending
            for char in separator:
                out.append(char)
                origin.append(pending_at if pending is not None else lead - 1)
        pending = None
        if _ODD_SPACE.search(stripped) is None:  # single spaces only (most lines): the line as it is
            out.extend(stripped)
            origin.extend(range(lead, lead + len(stripped)))
            previous = stripped
            pending_at = lead + len(stripped)
            continue
        for offset, char in enumerate(stripped):
            if char.isspace():
                if out and out[-1] == " ":
                    continue
                char = " "
            out.append(char)
            origin.append(lead + offset)
        previous = stripped
        pending_at = lead + len(stripped)
    origin.append(origin[-1] + 1 if origin else 0)
    return Reflowed("".join(out), origin)


def _hyphenated(out: list[str], following: str) -> bool:
    """A word cut by a hyphen at the line's end: letter + "-" before, lower-case letter after."""
    return (len(out) >= 2 and out[-1] in "-\u00ad" and out[-2].isalpha()
            and following[:1].isalpha() and following[:1].islower())


def reflow_text(text: str) -> str:
    return reflow(text).text


def same_wording(a: str, b: str) -> bool:
    """Whether two texts read the same once reflowed (line wraps and spacing aside)."""
    return _squash(a) == _squash(b)


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", reflow_text(text)).split()).replace("-", "")
