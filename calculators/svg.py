"""Inline SVG line charts drawn by Python: the same picture at build time and in the browser.

No chart library is downloaded. Lines are told apart by dash pattern as well as colour
(classes chart__line--0…3, coloured by the site's stylesheet for light and dark mode), and
every chart carries a <title> and a <desc> that say in words what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from html import escape
from typing import Sequence

WIDTH = 320
HEIGHT = 180
LEFT = 44  # room for the y-axis labels
RIGHT = 8
TOP = 10
BOTTOM = 34  # room for the x-axis labels and the legend
DASHES = ("", "6 3", "2 3", "8 3 2 3")

Value = Fraction | Decimal | int


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[Value]  # one value per x step, starting at x = 0


def _number(value: Fraction) -> str:
    """Coordinates to one decimal place: small output, and no float is ever formatted raw."""
    tenths = round(value * 10)
    return f"{tenths // 10}.{tenths % 10}" if tenths >= 0 else f"-{(-tenths) // 10}.{(-tenths) % 10}"


def _axis_text(value: Fraction) -> str:
    whole = round(value)
    if abs(whole) >= 10_000:
        tenths = -(-whole // 1000)  # in units of 0.1 万, rounded up so the label is never below the line
        return f"{tenths // 10}万" if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}万"
    return f"{whole:,}"


def line_chart(*, chart_id: str, title: str, description: str, series: Sequence[Series], x_label: str) -> str:
    """An SVG of one or more lines over steps 0…n, scaled to the largest value, with a legend."""
    steps = max((len(s.points) for s in series), default=0)
    top_value = max((Fraction(v) for s in series for v in s.points), default=Fraction(0))
    top_value = top_value if top_value > 0 else Fraction(1)
    last_step = max(steps - 1, 1)
    plot_w = Fraction(WIDTH - LEFT - RIGHT)
    plot_h = Fraction(HEIGHT - TOP - BOTTOM)

    def x(step: int) -> str:
        return _number(LEFT + plot_w * step / last_step)

    def y(value: Value) -> str:
        return _number(TOP + plot_h - plot_h * Fraction(value) / top_value)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<line class="chart__axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}"/>',
        f'<line class="chart__axis" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}"/>',
        f'<text class="chart__label" x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{escape(_axis_text(top_value))}</text>',
        f'<text class="chart__label" x="{LEFT - 4}" y="{HEIGHT - BOTTOM}" text-anchor="end">0</text>',
        f'<text class="chart__label" x="{LEFT}" y="{HEIGHT - BOTTOM + 12}">0</text>',
        f'<text class="chart__label" x="{WIDTH - RIGHT}" y="{HEIGHT - BOTTOM + 12}" text-anchor="end">'
        f"{escape(x_label.format(n=steps - 1))}</text>",
    ]
    for index, line in enumerate(series):
        points = " ".join(f"{x(step)},{y(value)}" for step, value in enumerate(line.points))
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline class="chart__line chart__line--{index % 4}" fill="none"{dash_attr} points="{points}"/>')
    legend_y = HEIGHT - 6
    slot = Fraction(WIDTH - LEFT, max(len(series), 1))
    for index, line in enumerate(series):
        left = LEFT + slot * index
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line class="chart__line chart__line--{index % 4}"{dash_attr} x1="{_number(left)}" y1="{legend_y - 4}" '
            f'x2="{_number(left + 14)}" y2="{legend_y - 4}"/>'
            f'<text class="chart__label" x="{_number(left + 17)}" y="{legend_y}">{escape(line.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
