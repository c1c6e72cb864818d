"""Bar charts drawn on the server as SVG: no script, no CDN, printed as sharp as the text.

Readable without colour: each series has its own fill pattern (solid, hatched, dotted) shown in
the legend, and every bar carries its number. Presentation attributes only (no style="..."), so
the page's Content-Security-Policy holds.
"""
from __future__ import annotations

from markupsafe import Markup, escape

INK = "#1f2933"
# Fill of each series: solid, diagonal hatching, dots.
PATTERNS = (
    None,
    '<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="{ink}" stroke-width="2"/>'
    '</pattern>',
    '<pattern id="{id}" width="5" height="5" patternUnits="userSpaceOnUse">'
    '<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.2" fill="{ink}"/></pattern>',
)
WIDTH = 640


def _fill(chart_id: str, series: int) -> str:
    return "#0b6e4f" if PATTERNS[series] is None else f"url(#{chart_id}-p{series})"


def _defs(chart_id: str, count: int) -> str:
    found = [PATTERNS[i].format(id=f"{chart_id}-p{i}", ink=INK) for i in range(count) if PATTERNS[i]]
    return f"<defs>{''.join(found)}</defs>"


def _open(chart_id: str, title: str, height: int, description: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
            f'width="100%" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">'
            f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>')


def _legend(chart_id: str, series: list[str], y: int) -> str:
    parts, x = [], 10
    for i, name in enumerate(series):
        parts.append(f'<rect x="{x}" y="{y}" width="16" height="12" fill="{_fill(chart_id, i)}" stroke="{INK}"/>'
                     f'<text x="{x + 22}" y="{y + 11}" font-size="12" fill="{INK}">{escape(name)}</text>')
        x += 30 + 8 * len(name)
    return "".join(parts)


def _bar(chart_id: str, series: int, box: tuple, value: int, at: tuple, anchor: str = "start") -> str:
    """One bar (x, y, width, height) in its series' fill, with its number written at `at`."""
    x, y, w, h = box
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{_fill(chart_id, series)}" '
            f'stroke="{INK}"/><text x="{at[0]:.1f}" y="{at[1]:.1f}" font-size="11" text-anchor="{anchor}" '
            f'fill="{INK}">{value}</text>')


def _describe(rows: list[tuple[str, list[int]]], series: list[str]) -> str:
    return "; ".join(f"{label}: " + ", ".join(f"{s} {v}" for s, v in zip(series, values, strict=False)) for label, values in rows)


def columns(chart_id: str, title: str, groups: list[tuple[str, list[int]]], series: list[str]) -> Markup:
    """Vertical bars: one group per label (a month), one bar per series, the number on top."""
    height, top, bottom, left = 260, 20, 40, 10
    plot = height - top - bottom
    peak = max([v for _, values in groups for v in values] + [1])
    slot = (WIDTH - left * 2) / max(len(groups), 1)
    bar = min(28.0, (slot - 10) / max(len(series), 1))
    out = [_open(chart_id, title, height + 24, _describe(groups, series)), _defs(chart_id, len(series))]
    base = top + plot
    out.append(f'<line x1="{left}" y1="{base}" x2="{WIDTH - left}" y2="{base}" stroke="{INK}"/>')
    for g, (label, values) in enumerate(groups):
        x0 = left + g * slot + (slot - bar * len(values)) / 2
        for s, value in enumerate(values):
            h = plot * value / peak
            x = x0 + s * bar
            out.append(_bar(chart_id, s, (x, base - h, bar - 2, h), value,
                            (x + bar / 2 - 1, base - h - 4), "middle"))
        out.append(f'<text x="{left + g * slot + slot / 2:.1f}" y="{base + 16}" font-size="11" '
                   f'text-anchor="middle" fill="{INK}">{escape(label)}</text>')
    out.append(_legend(chart_id, series, height))
    out.append("</svg>")
    return Markup("".join(out))  # nosec B704: every text in the chart went through escape()


def bars(chart_id: str, title: str, rows: list[tuple[str, list[int]]], series: list[str]) -> Markup:
    """Horizontal bars: one row per label (written above its bars, never cut), one bar per series,
    the number at the bar's end."""
    left, label_height, row_gap, bar = 10, 16, 10, 16
    row_height = label_height + bar * len(series) + row_gap
    height = 10 + row_height * len(rows)
    peak = max([v for _, values in rows for v in values] + [1])
    span = WIDTH - left - 60
    out = [_open(chart_id, title, height + 24, _describe(rows, series)), _defs(chart_id, len(series))]
    for r, (label, values) in enumerate(rows):
        y0 = 10 + r * row_height
        out.append(f'<text x="{left}" y="{y0 + 12}" font-size="12" fill="{INK}">{escape(label)}</text>')
        for s, value in enumerate(values):
            w = span * value / peak
            y = y0 + label_height + s * bar
            out.append(_bar(chart_id, s, (left, y, w, bar - 2), value, (left + w + 6, y + bar - 5)))
    out.append(_legend(chart_id, series, height))
    out.append("</svg>")
    return Markup("".join(out))  # nosec B704: every text in the chart went through escape()
