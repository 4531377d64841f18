"""The evidence heat map as an SVG image rendered on the server (no JavaScript chart).

Each cell links to the passages behind it and carries a <title> for screen
readers and tooltips; the page also offers the same numbers as a table.
"""
from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from reports.selectors import EvidenceMatrix, EvidenceRow

CELL = 26
LABEL_WIDTH = 300
HEADER_HEIGHT = 190
GROUP_GAP = 14


def _shade(count: int, maximum: int) -> str:
    if count == 0:
        return "#f3f4f6"
    # From light to dark UN blue; steps keep text contrast readable.
    ratio = count / maximum if maximum else 0
    stops = ["#cfe2f3", "#9fc5e8", "#6fa8dc", "#3d85c6", "#0b5394"]
    return stops[min(len(stops) - 1, int(ratio * (len(stops) - 1) + 0.5))]


def _short(name: str, limit: int = 30) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def render_svg(matrix: EvidenceMatrix, group_titles: dict[str, str], theme_names: dict[str, str],
               cell_url: Callable[[int, str], str], label: str) -> str:
    width = LABEL_WIDTH + CELL * len(matrix.themes) + 10
    groups: list[tuple[str, list[EvidenceRow]]] = []
    for row in matrix.rows:
        if not groups or groups[-1][0] != row.group:
            groups.append((row.group, []))
        groups[-1][1].append(row)
    height = HEADER_HEIGHT + sum(CELL * (len(rows) + 1) + GROUP_GAP for _, rows in groups)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label={quoteattr(label)} '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" '
             f'font-size="12">']
    for index, theme in enumerate(matrix.themes):
        x = LABEL_WIDTH + CELL * index + CELL / 2
        parts.append(f'<text transform="translate({x + 4},{HEADER_HEIGHT - 6}) rotate(-90)" fill="#111">'
                     f'<title>{escape(theme_names[theme.key])}</title>{escape(_short(theme_names[theme.key]))}</text>')
    y = HEADER_HEIGHT
    maximum = matrix.maximum
    for group, rows in groups:
        parts.append(f'<text x="0" y="{y + CELL * 0.7}" font-weight="bold" fill="#111">'
                     f'{escape(group_titles.get(group, group))}</text>')
        y += CELL
        for row in rows:
            name = row.name if len(row.name) <= 42 else row.name[:40] + "…"
            parts.append(f'<text x="8" y="{y + CELL * 0.65}" fill="#111"><title>{escape(row.name)}</title>'
                         f'{escape(name)}</text>')
            for index, theme in enumerate(matrix.themes):
                count = row.counts.get(theme.key, 0)
                x = LABEL_WIDTH + CELL * index
                title = f"{row.name} — {theme_names[theme.key]}: {count}"
                cell = (f'<rect x="{x + 1}" y="{y + 1}" width="{CELL - 2}" height="{CELL - 2}" rx="3" '
                        f'fill="{_shade(count, maximum)}"><title>{escape(title)}</title></rect>')
                if count:
                    colour = "#fff" if count / (maximum or 1) > 0.5 else "#111"
                    cell += (f'<text x="{x + CELL / 2}" y="{y + CELL * 0.66}" text-anchor="middle" fill="{colour}" '
                             f'font-size="11">{count}</text>')
                    cell = f'<a href={quoteattr(cell_url(row.contributor_id, theme.key))}>{cell}</a>'
                parts.append(cell)
            y += CELL
        y += GROUP_GAP
    parts.append("</svg>")
    return "".join(parts)
