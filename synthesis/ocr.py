"""OCR for scanned PDFs through Tesseract, when it is installed.

Debian's tesseract-ocr with the ara, chi_sim, eng, fra, rus and spa data. Pages
are rendered with pdfium at 200 dpi. Without Tesseract, scanned files stay
flagged "needs OCR" for staff.

Bounded (decision 0020): at most ``max_pages()`` pages are read (a 2,000-page blank
PDF is refused at once instead of holding a worker for 49 minutes), a page is
rendered at no more than ``MAX_RENDER_PIXELS``, and each Tesseract run has a timeout.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from django.conf import settings

from synthesis.extraction import ExtractionRefused

TESSERACT_LANGUAGES = {"ar": "ara", "zh": "chi_sim", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}
RENDER_SCALE = 200 / 72
PAGE_TIMEOUT_SECONDS = 60
# About an A3 page at 200 dpi; larger pages are rendered at a lower resolution.
MAX_RENDER_PIXELS = 8_000_000


def max_pages() -> int:
    return int(settings.RAPPORTEUR.get("MAX_OCR_PAGES", 60))


def _scale_for(page: pdfium.PdfPage) -> float:
    width, height = page.get_size()
    pixels = width * RENDER_SCALE * height * RENDER_SCALE
    if pixels <= MAX_RENDER_PIXELS or pixels <= 0:
        return RENDER_SCALE
    return RENDER_SCALE * (MAX_RENDER_PIXELS / pixels) ** 0.5


def available() -> bool:
    return shutil.which("tesseract") is not None


def installed_languages() -> set[str]:
    result = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    return {line.strip() for line in result.stdout.splitlines()[1:] if line.strip()}


def ocr_pdf(data: bytes, language_hint: str = "") -> list[str]:
    """Text of each page; the hint (a UN language) narrows Tesseract's models."""
    installed = installed_languages()
    if language_hint in TESSERACT_LANGUAGES and TESSERACT_LANGUAGES[language_hint] in installed:
        languages = TESSERACT_LANGUAGES[language_hint]
    else:
        languages = "+".join(code for code in TESSERACT_LANGUAGES.values() if code in installed) or "eng"
    document = pdfium.PdfDocument(data)
    pages: list[str] = []
    try:
        if len(document) > max_pages():
            raise ExtractionRefused(
                f"the PDF has {len(document):,} scanned pages without a text layer; at most {max_pages()} "
                "can be read by text recognition. Send a PDF with a text layer, or a shorter one")
        with tempfile.TemporaryDirectory(prefix="rapporteur-ocr-") as folder:
            for index in range(len(document)):
                image_path = Path(folder) / f"page-{index + 1}.png"
                page = document[index]
                bitmap = page.render(scale=_scale_for(page))
                bitmap.to_pil().save(image_path)
                result = subprocess.run(
                    ["tesseract", str(image_path), "stdout", "-l", languages],
                    capture_output=True, text=True, timeout=PAGE_TIMEOUT_SECONDS,
                )
                pages.append(result.stdout.strip())
    finally:
        document.close()
    return pages
