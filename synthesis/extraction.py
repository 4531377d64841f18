"""Getting text out of accepted files, page by page where the format has pages.

Each extractor returns an ``Extracted``; problems a person can act on raise
``ExtractionRefused`` (the file is unusable as sent) with a readable reason.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pypdfium2 as pdfium
from defusedxml import ElementTree

from synthesis.pdf_bidi import page_needs_rebuild, rebuild_page

# Below this many characters per page a PDF page is taken as scanned (image only).
MIN_CHARS_PER_TEXT_PAGE = 20


class ExtractionRefused(Exception):
    """The file cannot be used; the message says why, for the sender and staff."""


@dataclass
class Extracted:
    text: str
    pages: list[str] = field(default_factory=list)
    needs_ocr: bool = False


_ARABIC_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")


def arabic_looks_reversed(text: str) -> bool:
    """Visual-order (reversed) Arabic, as some PDF producers leave it.

    In logical order about a third of Arabic words start with the article "ال"
    and teh marbuta / alef maksura only end words; reversed text shows the
    mirror image. Needs a few dozen words to decide.
    """
    words = _ARABIC_WORD.findall(text)
    if len(words) < 20:
        return False
    logical = sum(w.startswith("ال") for w in words) + sum(w[-1] in "ةى" for w in words)
    mirrored = sum(w.endswith("لا") for w in words) + sum(w[0] in "ةى" for w in words)
    return mirrored > 2 * max(logical, 1)


def restore_arabic_order(text: str) -> str:
    """Reverse each line of visual-order Arabic back into logical order."""
    return "\n".join(_reverse_line(line) for line in text.split("\n"))


def _reverse_line(line: str) -> str:
    if not _ARABIC_WORD.search(line):
        return line
    # Visual order reverses characters and word order; digits and Latin runs
    # were laid out left to right and keep their own order.
    reversed_chars = line[::-1]
    return re.sub(r"[0-9A-Za-z][0-9A-Za-z.,:/%-]*", lambda m: m.group(0)[::-1], reversed_chars)


def extract_pdf(data: bytes) -> Extracted:
    """pypdfium2 keeps Arabic in logical order and CJK without spurious spaces."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise ExtractionRefused("the PDF is password-protected; send it without a password") from exc
        raise ExtractionRefused("the PDF is damaged and cannot be opened") from exc
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            # pdfium marks a hyphen at a line break as U+FFFE.
            raw = textpage.get_text_range().replace("\ufffe", "-")
            if page_needs_rebuild(raw):  # Arabic runs come out of pdfium shuffled (synthesis/pdf_bidi.py)
                raw = rebuild_page(textpage)
            pages.append(raw.replace("\r\n", "\n").replace("\r", "\n").strip())
            textpage.close()
            page.close()
    finally:
        document.close()
    if arabic_looks_reversed("\n".join(pages)):
        pages = [restore_arabic_order(page) for page in pages]
    text = "\n\n".join(pages).strip()
    needs_ocr = bool(pages) and sum(len(p) for p in pages) < MIN_CHARS_PER_TEXT_PAGE * len(pages)
    return Extracted(text=text, pages=pages, needs_ocr=needs_ocr)


# XML parts are read in chunks looking for a DTD anywhere, not only in the first 4 KB
# (the intake check): an entity declaration past the head must not reach a parser.
_XML_SCAN_CHUNK = 1024 * 1024


def refuse_xml_declarations(data: bytes) -> None:
    """Refuse an Office/OpenDocument archive whose XML declares a DTD or entities anywhere."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.infolist():
                if not member.filename.lower().endswith((".xml", ".rels")):
                    continue
                tail = b""
                with archive.open(member) as stream:
                    while chunk := stream.read(_XML_SCAN_CHUNK):
                        window = (tail + chunk).lower()
                        if b"<!doctype" in window or b"<!entity" in window:
                            raise ExtractionRefused(
                                "the document contains XML with DTD or entity declarations, which are refused "
                                "for safety")
                        tail = chunk[-16:]
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ExtractionRefused("the document is a damaged archive and cannot be opened") from exc


def extract_docx(data: bytes) -> Extracted:
    """docx2python keeps tables, footnotes and headers that python-docx skips."""
    from docx2python import docx2python

    refuse_xml_declarations(data)
    try:
        with docx2python(io.BytesIO(data)) as content:
            parts = [content.text]
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionRefused("the Word file is damaged and cannot be opened") from exc
    text = "\n".join(part for part in parts if part).strip()
    return Extracted(text=_tidy(text))


_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def extract_odt(data: bytes) -> Extracted:
    """Paragraphs and headings of content.xml, parsed with defusedxml."""
    refuse_xml_declarations(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read("content.xml"))
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ExtractionRefused("the OpenDocument file is damaged and cannot be opened") from exc
    blocks = []
    for element in root.iter():
        if element.tag in (f"{{{_ODF_TEXT}}}p", f"{{{_ODF_TEXT}}}h"):
            blocks.append("".join(element.itertext()).strip())
    return Extracted(text="\n\n".join(b for b in blocks if b))


def extract_rtf(data: bytes) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    return Extracted(text=_tidy(rtf_to_text(decode_text(data))))


class _TextFromHTML(HTMLParser):
    _SKIP = {"script", "style", "head", "template", "noscript"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def extract_html(data: bytes) -> Extracted:
    parser = _TextFromHTML()
    parser.feed(decode_text(data))
    parser.close()
    return Extracted(text=_tidy("".join(parser.parts)))


def extract_txt(data: bytes) -> Extracted:
    return Extracted(text=_tidy(decode_text(data)))


def decode_text(data: bytes) -> str:
    """Decode text in any encoding: BOMs first, then UTF-8, then detection."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("latin-1")


def _tidy(text: str) -> str:
    """Normalise line ends and collapse runs of blank lines."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def extract_doc(data: bytes) -> Extracted:
    """Word 97–2003: LibreOffice headless converts to .docx, then as DOCX."""
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="rapporteur-doc-") as folder:
        source = Path(folder) / "input.doc"
        source.write_bytes(data)
        result = subprocess.run(
            ["soffice", "--headless", "--convert-to", "docx", "--outdir", folder, str(source)],
            capture_output=True, timeout=180,
        )
        converted = Path(folder) / "input.docx"
        if result.returncode != 0 or not converted.exists():
            raise ExtractionRefused("the old Word (.doc) file could not be converted")
        return extract_docx(converted.read_bytes())


EXTRACTORS = {
    "doc": extract_doc,
    "pdf": extract_pdf,
    "docx": extract_docx,
    "odt": extract_odt,
    "rtf": extract_rtf,
    "html": extract_html,
    "txt": extract_txt,
}


def extract(kind: str, data: bytes) -> Extracted:
    """Extract text from a file already classified as ``kind``."""
    return EXTRACTORS[kind](data)
