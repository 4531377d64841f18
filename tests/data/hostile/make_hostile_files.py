"""Hostile files for the intake and processing tests, generated (nothing large is committed).

Run as a script to write them into a folder (``python tests/data/hostile/make_hostile_files.py OUT``);
the tests call the functions and write into pytest's tmp directory.

- ``docx_190mb_xml``: a ~2.7 MB DOCX whose document.xml expands to 190 MB (about 72:1, under a
  plain ratio test) — the file that held a worker for 25 minutes;
- ``blank_pdf(pages)``: a PDF of blank pages (2,000 → about 49 minutes of OCR without a page limit);
- ``docx_with_late_doctype`` / ``odt_with_late_doctype``: XXE and billion-laughs declarations placed
  after the first 4 KB of the XML part, past the intake's head check;
- ``docx_with_exe``: a ZIP named .docx carrying payload.exe and no word/document.xml.
"""
from __future__ import annotations

import io
import random
import sys
import zipfile
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(document_xml: bytes | None = None, *, writer=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        if writer is not None:
            with archive.open("word/document.xml", "w") as stream:
                writer(stream)
        else:
            archive.writestr("word/document.xml", document_xml or b"")
    return buffer.getvalue()


def docx_190mb_xml(target_bytes: int = 190 * 1024 * 1024) -> bytes:
    """Paragraphs of one long sentence with a random tail: compresses about 70:1."""
    rng = random.Random(13)
    sentence = ("The State reports on international cooperation in the field of human rights, on technical "
                "assistance and capacity-building, and on the realization of the right to development. ") * 6

    def write(stream) -> None:
        stream.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
                     .encode())
        written = 0
        lines = []
        while written < target_bytes:
            line = f"<w:p><w:r><w:t>{sentence}{rng.getrandbits(64):016x}</w:t></w:r></w:p>".encode()
            lines.append(line)
            written += len(line)
            if len(lines) == 1000:
                stream.write(b"".join(lines))
                lines = []
        stream.write(b"".join(lines) + b"</w:body></w:document>")

    return _docx(writer=write)


def blank_pdf(pages: int = 2000) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


_LATE_PAD = "<!--" + "padding " * 700 + "-->"  # about 5.6 KB, past the 4 KB head check


def docx_with_late_doctype() -> bytes:
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>{_LATE_PAD}'
           '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
           '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
           f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>&xxe; &lol2;</w:t></w:r></w:p></w:body>'
           '</w:document>')
    return _docx(xml.encode())


def odt_with_late_doctype() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest '
                         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        archive.writestr("content.xml", (
            f'<?xml version="1.0"?>{_LATE_PAD}<!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            '<text:p>&lol1;</text:p></office:text></office:body></office:document-content>'))
    return buffer.getvalue()


def docx_with_exe() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("payload.exe", b"MZ" + b"\x90" * 4000)
    return buffer.getvalue()


GENERATORS = {
    "bomb-190mb-xml.docx": docx_190mb_xml,
    "blank-2000-pages.pdf": blank_pdf,
    "xxe-late.docx": docx_with_late_doctype,
    "billion-laughs-late.odt": odt_with_late_doctype,
    "payload-exe.docx": docx_with_exe,
}


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    for name, make in GENERATORS.items():
        (out / name).write_bytes(make())
        print(name, (out / name).stat().st_size)
