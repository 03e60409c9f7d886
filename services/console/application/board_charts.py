"""Server-rendered SVG charts of the board report: horizontal bars, two series per row.

Accessible as GOV.UK asks: each chart is an image with a title naming the table beside it
that holds the same figures; the table is the way to read them, the chart a glance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

ROW_HEIGHT = 34
LABEL_WIDTH = 300
LABEL_CHARACTERS = 42  # longer labels are cut (the table beside has them whole)
BAR_WIDTH = 420


@dataclass(frozen=True, kw_only=True)
class Series:
    """One series of bars: its name (in the key), its values, its CSS class."""

    name: str
    values: Sequence[float]
    css: str


def bars_svg(chart_id: str, title: str, labels: Sequence[str], series: Sequence[Series]) -> str:
    """Paired horizontal bars, one row per label; the title names the table to read."""
    top = max((abs(v) for s in series for v in s.values), default=0) or 1
    height = ROW_HEIGHT * len(labels) + 30
    parts = [
        f'<svg class="app-board-chart" role="img" aria-labelledby="{chart_id}-title" '
        f'viewBox="0 0 {LABEL_WIDTH + BAR_WIDTH + 90} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    band = (ROW_HEIGHT - 8) / max(len(series), 1)
    for row, label in enumerate(labels):
        y = row * ROW_HEIGHT
        parts.append(f'<text x="0" y="{y + ROW_HEIGHT / 2 + 4:.1f}" '
                     f'class="app-board-chart__label">{escape(_short(label))}</text>')  # fmt: skip
        for index, one in enumerate(series):
            value = one.values[row]
            width = BAR_WIDTH * abs(value) / top
            bar_y = y + 4 + index * band
            parts.append(
                f'<rect class="{one.css}" x="{LABEL_WIDTH}" y="{bar_y:.1f}" '
                f'width="{width:.1f}" height="{band - 2:.1f}"></rect>'
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{bar_y + band - 4:.1f}" '
                f'class="app-board-chart__value">{escape(_figure(value))}</text>'
            )
    key_y = ROW_HEIGHT * len(labels) + 18
    for index, one in enumerate(series):
        x = LABEL_WIDTH + index * 160
        parts.append(
            f'<rect class="{one.css}" x="{x}" y="{key_y - 10}" width="12" height="12"></rect>'
            f'<text x="{x + 16}" y="{key_y}" class="app-board-chart__label">'
            f"{escape(one.name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def _figure(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
