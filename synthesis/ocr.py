"""OCR for scanned PDFs through Tesseract, when it is installed.

Debian's tesseract-ocr with the ara, chi_sim, eng, fra, rus and spa data. Pages
are rendered with pdfium at 200 dpi. Without Tesseract, scanned files stay
flagged "needs OCR" for staff.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

TESSERACT_LANGUAGES = {"ar": "ara", "zh": "chi_sim", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}
RENDER_SCALE = 200 / 72
PAGE_TIMEOUT_SECONDS = 120


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
        with tempfile.TemporaryDirectory(prefix="rapporteur-ocr-") as folder:
            for index in range(len(document)):
                image_path = Path(folder) / f"page-{index + 1}.png"
                bitmap = document[index].render(scale=RENDER_SCALE)
                bitmap.to_pil().save(image_path)
                result = subprocess.run(
                    ["tesseract", str(image_path), "stdout", "-l", languages],
                    capture_output=True, text=True, timeout=PAGE_TIMEOUT_SECONDS,
                )
                pages.append(result.stdout.strip())
    finally:
        document.close()
    return pages
