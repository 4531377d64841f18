"""Reading a report DOCX back: its numbered paragraphs and their footnotes, as a translator left them.

The export (``docx.py``) numbers body paragraphs with Word's own list (``w:numPr``), so a
translator who rewrites a paragraph keeps its number, and gives each body footnote the
w:id ``BODY_FOOTNOTE_ID + its number in the report``. Reading follows the document
order: a numbered paragraph's text, with ``{fnK}`` where its K-th footnote reference
stands, and each footnote's text from ``word/footnotes.xml``. Text inside tables (the
masthead, the summary box) and unnumbered paragraphs (headings) are not read as body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from docx import Document as open_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from reports.rendering.docx import BODY_FOOTNOTE_ID

ISOLATES = re.compile("[\u2066-\u2069\u200e\u200f]")
# A number typed as text by someone who turned Word's numbering off: "12.<tab>" or Arabic "12 -".
TYPED_NUMBER = re.compile(r"^\s*(\d{1,4})\s*(?:\.|-)\s*(?:\t|\s)")


@dataclass
class ReadFootnote:
    word_id: int
    text: str

    @property
    def report_number(self) -> int | None:
        """The footnote's number in the exported report, when its w:id survived (Word may renumber ids)."""
        return self.word_id - BODY_FOOTNOTE_ID if self.word_id > BODY_FOOTNOTE_ID else None


@dataclass
class ReadParagraph:
    number: int  # its place among the numbered paragraphs, as Word would print it
    text: str  # with {fnK} markers
    footnotes: list[ReadFootnote] = field(default_factory=list)


@dataclass
class ReadDocument:
    paragraphs: list[ReadParagraph]
    # Every body footnote in word/footnotes.xml, by w:id, referenced or not.
    all_footnotes: dict[int, str]


class UnreadableDocx(ValueError):
    """Not a Word document this importer can read."""


def _clean(text: str) -> str:
    return re.sub(r"[ \u00a0]+", " ", ISOLATES.sub("", text)).strip()


def _footnote_texts(document) -> dict[int, str]:
    notes: dict[int, str] = {}
    for rel in document.part.rels.values():
        if rel.reltype != RT.FOOTNOTES or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        for note in root.iter(qn("w:footnote")):
            identifier = int(note.get(qn("w:id")))
            if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            pieces = [node.text or "" for node in note.iter(qn("w:t"))]
            notes[identifier] = _clean("".join(pieces))
    return notes


def _is_numbered(paragraph) -> bool:
    ppr = paragraph.find(qn("w:pPr"))
    num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num_pr is None:
        return False
    num_id = num_pr.find(qn("w:numId"))
    return num_id is None or num_id.get(qn("w:val")) != "0"


def _paragraph_text(paragraph, notes: dict[int, str]) -> tuple[str, list[ReadFootnote]]:
    parts: list[str] = []
    footnotes: list[ReadFootnote] = []
    for node in paragraph.iter():
        tag = node.tag
        if tag == qn("w:t"):
            # Text of a deleted revision is w:delText, not w:t: tracked deletions stay out.
            parts.append(node.text or "")
        elif tag == qn("w:tab"):
            parts.append("\t")
        elif tag in (qn("w:br"), qn("w:cr")):
            parts.append(" ")
        elif tag == qn("w:footnoteReference") and node.get(qn("w:customMarkFollows")) not in ("1", "true"):
            identifier = int(node.get(qn("w:id")))
            footnotes.append(ReadFootnote(identifier, notes.get(identifier, "")))
            parts.append(f"{{fn{len(footnotes)}}}")
    return "".join(parts), footnotes


def read_report_docx(source: str | Path | IO[bytes]) -> ReadDocument:
    """The numbered paragraphs of a report DOCX, in order, with their footnotes."""
    try:
        document = open_docx(str(source) if isinstance(source, Path) else source)
    except Exception as exc:  # python-docx raises several types for a file that is not a DOCX
        raise UnreadableDocx(str(exc) or exc.__class__.__name__) from exc
    notes = _footnote_texts(document)
    elements = list(document.element.body.iterchildren(qn("w:p")))
    # Word's numbering when the file has it; numbers typed as text only in a file with none at all.
    listed = any(_is_numbered(element) for element in elements)
    paragraphs: list[ReadParagraph] = []
    for element in elements:
        raw, footnotes = _paragraph_text(element, notes)
        text = ISOLATES.sub("", raw)
        if listed:
            if not _is_numbered(element):
                continue
        else:
            typed = TYPED_NUMBER.match(text)
            if typed is None:
                continue
            text = text[typed.end():]
        text = re.sub(r"\s*\t\s*", " ", text)
        text = re.sub(r"\s+(\{fn\d+\})", r"\1", text)  # a footnote call sits on the word before it
        paragraphs.append(ReadParagraph(len(paragraphs) + 1, _clean(text), footnotes))
    return ReadDocument(paragraphs, notes)
