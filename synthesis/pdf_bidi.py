"""Arabic PDF pages rebuilt from where the glyphs are, not from the order they were written.

PDF producers (WeasyPrint, fpdf2, LibreOffice alike) write an Arabic line as several
runs in an order of their own: a word's tanween (ً) as a run of its own, the rest of a
justified line before its first word, "2019،" as "،2019", brackets as their mirrored
glyphs. pdfium returns the runs in writing order, so extracted lines come out shuffled
(the Iraq and Syria demo submissions). Here every character is placed by its baseline
and its box: characters on one baseline form a line, the line is read right to left
when Arabic dominates it, runs of digits and Latin letters inside it keep their own
left-to-right order, and combining marks go back on the letter they sit on.
"""
from __future__ import annotations

import bisect
import ctypes
import re
import unicodedata
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_OR_DIGIT = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9]")
# Neutrals that stay inside a left-to-right run when letters or digits are on both sides.
_LTR_JOINERS = set(" .,:/-%+'’")
# At least this many Arabic letters on a page before it is rebuilt.
MIN_ARABIC_LETTERS = 20


@dataclass
class _Char:
    text: str
    x: float  # centre of the box
    left: float
    right: float
    y: float  # baseline
    size: float

    @property
    def mark(self) -> bool:
        return unicodedata.category(self.text) in ("Mn", "Me")


def page_needs_rebuild(text: str) -> bool:
    """Pages with Arabic are rebuilt; others keep pdfium's text (CJK, Latin, Cyrillic)."""
    return len(_ARABIC.findall(text)) >= MIN_ARABIC_LETTERS


def _chars(textpage: object) -> list[_Char]:
    raw = textpage.raw  # type: ignore[attr-defined]
    count = pdfium_c.FPDFText_CountChars(raw)
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    chars = []
    for index in range(count):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code in (0, 0xA, 0xD, 0xFFFE) or code > 0x10FFFF:
            continue
        if chr(code).isspace() and pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
            continue  # pdfium's guessed spaces sit between runs in writing order, not on the page
        text = chr(code)
        pdfium_c.FPDFText_GetCharOrigin(raw, index, ctypes.byref(x), ctypes.byref(y))
        pdfium_c.FPDFText_GetCharBox(raw, index, ctypes.byref(left), ctypes.byref(right),
                                     ctypes.byref(bottom), ctypes.byref(top))
        size = pdfium_c.FPDFText_GetFontSize(raw, index) or 10.0
        chars.append(_Char(text, (left.value + right.value) / 2, left.value, right.value, y.value, size))
    return chars


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped by baseline, top line first."""
    lines: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: -c.y):
        if lines and abs(lines[-1][0].y - char.y) <= 0.35 * max(char.size, lines[-1][0].size):
            lines[-1].append(char)
        else:
            lines.append([char])
    return lines


def _line_text(line: list[_Char]) -> str:
    bases = [c for c in line if not c.mark and not c.text.isspace()]
    marks = [c for c in line if c.mark]
    spaces = sorted(c.x for c in line if c.text.isspace())
    if not bases:
        return ""
    # On a page with Arabic, a line with any Arabic runs right to left (its paragraph direction).
    rtl = any(_ARABIC.match(c.text) for c in bases)
    bases.sort(key=lambda c: -c.x if rtl else c.x)
    # Marks go after the letter whose box holds their centre (else the nearest).
    after: dict[int, list[str]] = {}
    for mark in marks:
        holder = min(range(len(bases)), key=lambda i: (not (bases[i].left <= mark.x <= bases[i].right),
                                                        abs(bases[i].x - mark.x)))
        after.setdefault(holder, []).append(mark.text)
    pieces: list[str] = []
    for index, char in enumerate(bases):
        if index:
            previous = bases[index - 1]
            gap = (previous.left - char.right) if rtl else (char.left - previous.right)
            low, high = sorted((previous.x, char.x))
            between = bisect.bisect_right(spaces, low) < bisect.bisect_left(spaces, high)
            digits = previous.text.isdigit() and char.text.isdigit()  # narrow "1": ink gaps mislead
            if between or (gap > 0.3 * char.size and not digits):
                pieces.append(" ")
        pieces.append(char.text + "".join(after.get(index, [])))
    if not rtl:
        return "".join(pieces)
    return _logical_rtl(pieces)


def _logical_rtl(pieces: list[str]) -> str:
    """Right-to-left pieces to logical order: left-to-right runs put back the right way round."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        trailing: list[str] = []
        while run and run[-1] in _LTR_JOINERS:  # trailing neutrals belong to the Arabic side
            trailing.insert(0, run.pop())
        out.extend(reversed(run))
        out.extend(trailing)
        run.clear()

    for piece in pieces:
        if _LATIN_OR_DIGIT.match(piece) or (run and piece in _LTR_JOINERS):
            run.append(piece)
        else:
            flush()
            out.append(piece)
    flush()
    text = "".join(out)
    for opening, closing in ("()", "[]", "{}", "«»"):
        first = re.search(f"[{re.escape(opening + closing)}]", text)
        if first and first.group(0) == closing:  # the producer wrote the mirrored glyphs of this pair
            text = text.translate(str.maketrans(opening + closing, closing + opening))
    return text


def rebuild_page(textpage: object) -> str:
    """The page's text, line by line, from the glyphs' positions."""
    lines = [" ".join(_line_text(line).split()) for line in _lines(_chars(textpage))]
    return "\n".join(line for line in lines if line)
