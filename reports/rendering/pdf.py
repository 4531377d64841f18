"""The report as PDF, laid out by WeasyPrint with fonts named explicitly per script."""
from __future__ import annotations

import gc
from math import inf
from typing import Any

import pydyf
import weasyprint
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration


def render_pdf(html: str) -> tuple[bytes, int]:
    """PDF bytes (tagged, PDF/UA-1) and page count. Fonts are embedded (subset) by WeasyPrint.

    The objects alive before the render (the loaded app: ~180,000 in a worker) are frozen
    for its duration: WeasyPrint allocates millions of boxes, which triggers about ten full
    collections a 100-page report, and each scanned the whole app again (0.8–1 s of 9;
    ``bench/bench_reports.py``). Freezing moves nothing and frees nothing; unfrozen after.
    """
    gc.freeze()
    try:
        fonts = FontConfiguration()
        document = HTML(string=html).render(font_config=fonts)
        # Tagged, accessible PDF (PDF/UA-1): structure tags, language and title for screen readers.
        return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)
    finally:
        gc.unfreeze()


# --- Footnotes laid out once each (issue 15) -------------------------------------------------
# WeasyPrint 70 lays out the whole footnote area again each time a footnote joins the page
# (``LayoutContext._update_footnote_area``): quadratic in the footnotes of a page, then once
# more when the page is finished. A footnote's layout does not depend on the others (no
# margins between them), so each is laid out once, alone, and reused: the area's height is
# the sum of their heights, and the finished page places the same laid-out boxes (copied,
# moved to their place). Same pages, same text in the same places (checked with pdftotext on
# the demo and a 99-page report); anything unusual (margins, columns, a footnote split over
# two pages) takes WeasyPrint's own path. ``bench/bench_reports.py`` measures both.

def _cache(context: Any) -> dict[int, tuple[Any, float, float, tuple, Any]]:
    return context.__dict__.setdefault("_footnote_layouts", {})


def _block_level_layout(context: Any, box: Any, bottom_space: float, skip_stack: Any, containing_block: Any,
                        *args: Any, **kwargs: Any) -> tuple:
    """WeasyPrint's block layout, reusing a footnote's layout when the same footnote is placed again."""
    footnote = (skip_stack is None and bottom_space == -inf and isinstance(containing_block, FootnoteAreaBox)
                and not box.style["margin_top"].value and not box.style["margin_bottom"].value)
    if not footnote:
        return _original_block_level_layout(context, box, bottom_space, skip_stack, containing_block, *args,
                                            **kwargs)
    cache = _cache(context)
    key = id(box.style)  # one style object per footnote (copied by WeasyPrint when it took it out of the flow)
    hit = cache.get(key)
    if hit is not None and hit[0] is box.style and hit[2] == box.position_x:
        laid = hit[4][0].deepcopy()
        laid.translate(dx=0, dy=box.position_y - hit[1])
        return (laid, *hit[4][1:])
    position_y, position_x = box.position_y, box.position_x
    result = _original_block_level_layout(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs)
    if result[0] is not None and result[1] is None:  # laid out whole (not split over two pages)
        cache[key] = (box.style, position_y, position_x, (), result)
    return result


def _footnote_height(context: Any, footnote: Any) -> float | None:
    """The footnote's margin height in the current footnote area, None when it cannot be reused."""
    from weasyprint.formatting_structure import build

    hit = _cache(context).get(id(footnote.style))
    if hit is None or hit[0] is not footnote.style:
        area = context.current_footnote_area
        single = build.create_anonymous_boxes(area.copy_with_children([footnote]).deepcopy())
        _original_block_level_layout(context, single, -inf, None, area.page)
        hit = _cache(context).get(id(footnote.style))
        if hit is None or hit[0] is not footnote.style:
            return None
    return float(hit[4][0].margin_height())


def _update_footnote_area(context: Any) -> bool:
    area = context.current_footnote_area
    footnotes = context.current_page_footnotes
    if context.in_column or not footnotes:
        return bool(_original_update_footnote_area(context))
    heights = [_footnote_height(context, footnote) for footnote in footnotes]
    if any(height is None for height in heights):
        return bool(_original_update_footnote_area(context))
    if area.height != "auto":
        context.page_bottom += area.margin_height()
    area.children = footnotes
    content = sum(h for h in heights if h is not None)
    area.height = max(min(content, area.max_height), area.min_height)
    context.page_bottom -= area.margin_height()
    return bool(content > area.height + area.padding_bottom + area.border_bottom_width)


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    """pydyf's ``page_references``, built once per page count instead of at every tagged element.

    PDF/UA tagging asks for it per structure element, and pydyf rebuilds the tuple of every
    page each time: pages × elements, a third of writing a 99-page report with its footnotes.
    """
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_page_references"] = cached
    return cached[1]


_original_update_footnote_area: Any = None
_original_block_level_layout: Any = None
if weasyprint.__version__ == "70.0":  # the code replaced is this version's; another keeps its own
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox
    from weasyprint.layout import LayoutContext, block

    _original_update_footnote_area = LayoutContext._update_footnote_area
    _original_block_level_layout = block.block_level_layout
    LayoutContext._update_footnote_area = _update_footnote_area
    block.block_level_layout = _block_level_layout
    if isinstance(getattr(pydyf.PDF, "page_references", None), property):
        pydyf.PDF.page_references = property(_page_references)
