"""Template filters of the printed report: bidi isolation and names kept whole."""
from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.rendering.document import FSI, PDI, direction_runs

register = template.Library()

# A capitalised word (a name, most often): WeasyPrint must not hyphenate it ("In-\ndia").
_CAPITALISED = re.compile(r"\b([A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’.-]*\w)")


def _keep_names_whole(html: str) -> str:
    return _CAPITALISED.sub(r'<span class="name">\1</span>', html)


def _isolate(text: str, direction: str, keep_names: bool) -> SafeString:
    parts = []
    other_direction = "ltr" if direction == "rtl" else "rtl"
    for run, other in direction_runs(str(text), direction):
        escaped = _keep_names_whole(escape(run)) if keep_names else escape(run)
        # <bdi> for browsers, FSI…PDI for WeasyPrint (Pango applies the isolates itself).
        parts.append(f'<bdi dir="{other_direction}">{FSI}{escaped}{PDI}</bdi>' if other else escaped)
    return mark_safe("".join(parts))


@register.filter
def isolate(text: str, direction: str = "ltr") -> SafeString:
    """Escape ``text``; put every run of the other direction in ``<bdi>``; keep capitalised words unhyphenated."""
    return _isolate(text, direction, keep_names=True)


@register.filter
def isolate_footnote(text: str, direction: str = "ltr") -> SafeString:
    """``isolate`` for a footnote: nothing in one is hyphenated (``.fn`` in print.css), so names need no span.

    A footnote is mostly document symbols and web addresses, which must never gain a hyphen, and
    it is set ragged (left-aligned), so it needs none. The spans cost a third of a footnote's
    layout (one more inline box per capitalised word; issue 15).
    """
    return _isolate(text, direction, keep_names=False)
