"""The report as HTML: the source WeasyPrint lays out, and the HTML download."""
from __future__ import annotations

import re
from pathlib import Path

from django.template.loader import render_to_string

from reports.models import Report
from reports.rendering.codes import code39_uri, qr_uri
from reports.rendering.document import Document, build_document

CSS_FILE = Path(__file__).resolve().parent.parent / "templates" / "reports" / "print.css"


def render_html(report: Report, document: Document | None = None) -> str:
    document = document or build_document(report)
    return render_to_string("reports/print.html", {
        "doc": document,
        "css": CSS_FILE.read_text(encoding="utf-8"),
        "barcode": code39_uri(document.masthead.barcode_text),
        "qr": qr_uri(document.masthead.url),
        # Symbols are ASCII (A/HRC/51/27); anything else is dropped from the CSS string.
        "css_symbol": re.sub(r"[^A-Za-z0-9/.()\- ]", "", document.masthead.symbol),
    })
