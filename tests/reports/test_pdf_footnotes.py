"""Footnotes in the printed report (issue 15): never hyphenated, names without spans, the app's heap left as found.

The PDF is WeasyPrint's real output, read back with pdftotext. The control paragraph shows the same
words *are* hyphenated in the justified body, so the footnote assertion can fail.
"""
from __future__ import annotations

import gc
import subprocess
import tempfile
from pathlib import Path

from django.template import Context, Template

from reports.rendering.html import CSS_FILE
from reports.rendering.pdf import render_pdf

# Long French words that do not fit a narrow measure: a justified paragraph with ``hyphens: auto``
# breaks them; a footnote must not (it holds symbols and web addresses, and is set ragged).
WORDS = ("intergouvernementales internationalisation constitutionnellement extraterritorialité "
         "désinstitutionnalisation anticonstitutionnellement interdépartementalisation ") * 3


def _pdf_lines(html: str) -> list[str]:
    pdf, _ = render_pdf(html)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                              text=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def _html(body: str) -> str:
    css = CSS_FILE.read_text(encoding="utf-8")
    return (f'<html lang="fr"><head><meta charset="utf-8"><title>t</title><style>{css}'
            " @page { size: 8cm 24cm; margin: 1cm; } </style></head><body>" + body + "</body></html>")


def test_body_words_are_hyphenated_but_footnote_words_never():
    body = f'<p class="para">BODY {WORDS}<span class="fn">NOTE {WORDS}</span></p>'
    lines = _pdf_lines(_html(body))
    note_at = next(i for i, line in enumerate(lines) if "NOTE" in line)
    body_lines, note_lines = lines[:note_at], lines[note_at:]
    hyphens = ("-", "\u2010")  # WeasyPrint's hyphenate-character is U+2010
    assert sum(line.endswith(hyphens) and line[-2].isalpha() for line in body_lines) >= 3, body_lines
    assert len(note_lines) >= 6 and not any(line.endswith(hyphens) for line in note_lines), note_lines


def test_footnote_text_is_isolated_but_carries_no_name_spans():
    template = Template('{% load report_text %}{{ t|isolate:"ltr" }}|{{ t|isolate_footnote:"ltr" }}')
    body, note = template.render(Context({"t": "Voir A/HRC/47/86 <b> et عربي"})).split("|")
    assert '<span class="name">Voir</span>' in body and 'class="name"' not in note
    assert "&lt;b&gt;" in note and '<bdi dir="rtl">\u2068عربي\u2069</bdi>' in note


def test_render_leaves_the_garbage_collector_as_it_found_it():
    frozen = gc.get_freeze_count()
    render_pdf(_html('<p class="para">Texte.<span class="fn">Note.</span></p>'))
    assert gc.get_freeze_count() == frozen
