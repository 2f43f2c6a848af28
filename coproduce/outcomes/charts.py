"""Geometry for the measures chart. The template draws it; a table beside it says the same.

No styles here: classes come from static/css/outcomes.css (the CSP allows no inline style).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.outcomes.queries import DecisionCount, Measures

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


def easy_read_measures(measures: Measures) -> list[str]:
    """The measures as a few short sentences, for the easy read page (no table, no chart)."""
    lines = [
        ngettext("People told us %(n)s thing.", "People told us %(n)s things.", measures.total)
        % {"n": measures.total},
        _("We gave an answer to %(n)s of them.") % {"n": measures.with_response},
    ]
    if measures.not_adopted:
        lines.append(
            _("We said no %(no)s times. We said why %(why)s times.")
            % {"no": measures.not_adopted, "why": measures.not_adopted_with_reason}
        )
    lines.append(
        ngettext("We changed %(n)s thing.", "We changed %(n)s things.", measures.changes)
        % {"n": measures.changes}
    )
    return lines
