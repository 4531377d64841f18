"""The report as PDF, laid out by WeasyPrint with fonts named explicitly per script."""
from __future__ import annotations

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration


def render_pdf(html: str) -> tuple[bytes, int]:
    """PDF bytes and page count. Fonts are embedded (subset) by WeasyPrint."""
    fonts = FontConfiguration()
    document = HTML(string=html).render(font_config=fonts)
    return document.write_pdf(), len(document.pages)
