"""Sample contents for portal tests: real text and real Word files."""
from __future__ import annotations

import io

ENGLISH_TEXT = (
    "International cooperation in the field of human rights requires sustained development finance, "
    "fair debt arrangements and equitable access to vaccines. Our organization recommends that States "
    "strengthen technical assistance and capacity-building for national human rights institutions."
)


def docx_bytes(text: str) -> bytes:
    """A real Word document, as a submitter's word processor would write it."""
    import docx

    document = docx.Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
