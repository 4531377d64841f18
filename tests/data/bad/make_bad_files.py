"""Regenerate the corpus of bad files used by tests/test_bad_files.py.

Run with the project's virtualenv from the repository root:
    .venv/bin/python tests/data/bad/make_bad_files.py
The 30 MB file is not stored: the test makes it on the fly.
"""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
REAL_FILES = HERE.parent / "real-files"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(document_xml: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def main() -> None:
    # A real PDF cut in half: the cross-reference table and trailer are gone.
    pdf = (REAL_FILES / "004-pdflatex-4-pages" / "pdflatex-4-pages.pdf").read_bytes()
    (HERE / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    # Password-protected PDF (py-pdf sample files, CC BY-SA 4.0).
    shutil.copy(REAL_FILES / "005-libreoffice-writer-password" / "libreoffice-writer-password.pdf",
                HERE / "encrypted.pdf")
    # An ELF executable header under a PDF name.
    elf = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + b"\x00" * 480
    (HERE / "elf-renamed.pdf").write_bytes(elf)
    # A DOCX whose document part inflates to 300 MB of zeros.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    (HERE / "zip-bomb.docx").write_bytes(buffer.getvalue())
    # A DOCX with an external entity (XXE) pointing at a local file.
    xxe = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
    )
    (HERE / "xxe.docx").write_bytes(docx(xxe))
    # A Word file with macros (vbaProject.bin), named .docx.
    plain = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>'
    (HERE / "macro.docx").write_bytes(docx(plain, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 200}))
    # Empty files.
    (HERE / "empty.pdf").write_bytes(b"")
    (HERE / "empty.txt").write_bytes(b"")
    # An image-only ("scanned") PDF with English text on it.
    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("DejaVuSans.ttf", 44) if _has_dejavu() else ImageFont.load_default(size=44)
    lines = [
        "Permanent Mission to the United Nations Office at Geneva",
        "Reply to the note verbale of 21 December 2020",
        "International cooperation is essential to ensure equitable",
        "access to vaccines for all countries during the pandemic.",
    ]
    for number, line in enumerate(lines):
        draw.text((120, 200 + number * 90), line, fill=0, font=font)
    image.save(HERE / "image-only.pdf", "PDF", resolution=200.0)


def _has_dejavu() -> bool:
    try:
        ImageFont.truetype("DejaVuSans.ttf", 10)
    except OSError:
        return False
    return True


if __name__ == "__main__":
    main()
