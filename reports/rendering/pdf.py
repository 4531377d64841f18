"""The report as PDF, laid out by WeasyPrint with fonts named explicitly per script."""
from __future__ import annotations

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration


def render_pdf(html: str) -> tuple[bytes, int]:
    """PDF bytes (tagged, PDF/UA-1) and page count. Fonts are embedded (subset) by WeasyPrint."""
    fonts = FontConfiguration()
    document = HTML(string=html).render(font_config=fonts)
    # Tagged, accessible PDF (PDF/UA-1): structure tags, language and title for screen readers.
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)
