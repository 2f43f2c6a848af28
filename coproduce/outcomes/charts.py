"""Geometry for the measures chart. The template draws it; a table beside it says the same.

No styles here: classes come from static/css/outcomes.css (the CSP allows no inline style).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coproduce.outcomes.queries import DecisionCount

BAR_HEIGHT = 28
GAP = 14
WIDTH = 320


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    count: int
    percent: int
    label_y: int
    y: int
    width: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int


def decision_chart(counts: Sequence[DecisionCount]) -> BarChart:
    """One bar per decision (and "no answer yet"), as a share of all contributions."""
    bars = []
    y = 0
    for row in counts:
        label_y = y + 18
        bar_y = y + 24
        width = round(WIDTH * row.percent / 100)
        bars.append(
            Bar(
                key=row.key,
                label=row.label,
                count=row.count,
                percent=row.percent,
                label_y=label_y,
                y=bar_y,
                width=max(width, 2 if row.count else 0),
                value_x=width + 6,
                value_y=bar_y + BAR_HEIGHT // 2 + 6,
            )
        )
        y = bar_y + BAR_HEIGHT + GAP
    return BarChart(bars=bars, width=WIDTH + 90, height=y)
