"""Server-rendered SVG charts (no JavaScript, no inline style: the CSP allows neither), with the
numbers written beside the bars so that the chart prints and reads without colour."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

ROW = 30
LABEL_WIDTH = 240
BAR_WIDTH = 320
NUMBER_WIDTH = 140
COLOURS = ("#0d6efd", "#198754", "#6f42c1", "#fd7e14", "#d63384", "#20c997", "#6c757d")


def _lines(text: str, limit: int = 36) -> list[str]:
    """The label on one line, or on two (words kept whole; the rest cut with an ellipsis)."""
    if len(text) <= limit:
        return [text]
    first, rest = "", text
    for word in text.split():
        if len(first) + len(word) + 1 > limit:
            break
        first = f"{first} {word}".strip()
    rest = text[len(first) :].strip()
    if not first:
        first, rest = text[:limit], text[limit:]
    if len(rest) > limit:
        rest = rest[: limit - 1] + "…"
    return [first, rest]


def _label(x: int, y: float, text: str) -> SafeString:
    lines = _lines(text)
    if len(lines) == 1:
        return format_html(
            '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#212529">{}</text>',
            x,
            y,
            lines[0],
        )
    return format_html(
        '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#212529">'
        '<tspan x="{}" dy="-6">{}</tspan><tspan x="{}" dy="12">{}</tspan></text>',
        x,
        y,
        x,
        lines[0],
        x,
        lines[1],
    )


@register.simple_tag
def bar_chart(bars: Sequence, title: str = "", funnel: bool = False) -> SafeString:
    """Horizontal bars, one row per item: label, bar, number. `funnel`: bars centred, each as a
    share of the first (dossiers or nominees from submitted to awarded). A bar with a `second`
    value draws that part darker (e.g. the awarded part of the proposed)."""
    bars = list(bars)
    if not bars:
        return SafeString("")
    top = max((b.value for b in bars), default=0) or 1
    width = LABEL_WIDTH + BAR_WIDTH + NUMBER_WIDTH
    height = ROW * len(bars) + 6
    rows = []
    for index, bar in enumerate(bars):
        y = 3 + index * ROW
        length = round(BAR_WIDTH * bar.value / top) if bar.value else 0
        x = LABEL_WIDTH + ((BAR_WIDTH - length) // 2 if funnel else 0)
        colour = COLOURS[index % len(COLOURS)] if funnel else COLOURS[0]
        number = f"{bar.value:,}".replace(",", ".")
        if funnel and index and bars[0].value:
            number += f" ({round(100 * bar.value / bars[0].value)}%)"
        second = ""
        if bar.second is not None:
            part = round(BAR_WIDTH * bar.second / top) if bar.second else 0
            second = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#198754"></rect>',
                LABEL_WIDTH,
                y + 2,
                part,
                ROW - 10,
            )
            number = f"{number} / {bar.second:,}".replace(",", ".")
        rows.append(
            format_html(
                '<g data-value="{}"><title>{}: {}</title>{}'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}" '
                'fill-opacity="{}"></rect>{}'
                '<text x="{}" y="{}" font-size="12" fill="#212529" font-weight="600">{}</text></g>',
                bar.value,
                bar.label,
                number,
                _label(LABEL_WIDTH - 8, y + ROW / 2 + 2, str(bar.label)),
                x,
                y + 2,
                max(length, 1 if bar.value else 0),
                ROW - 10,
                colour,
                "0.45" if bar.second is not None else "1",
                second,
                LABEL_WIDTH + (BAR_WIDTH + length) // 2 + 6 if funnel else x + length + 6,
                y + ROW / 2 + 2,
                number,
            )
        )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        title,
        width,
        height,
        format_html_join("", "{}", ((r,) for r in rows)),
    )


@register.filter
def thousands(value) -> str:
    """12345678 → "12.345.678" (the Vietnamese way of grouping digits)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""
