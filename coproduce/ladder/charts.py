"""Geometry for the Ladder's SVG pictures. Templates draw them; every picture has a text twin.

No styles here: the templates use classes from static/css/ladder.css (the CSP allows no inline
style). Rung 6 (Co-production) is at the top.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coproduce.initiatives.rungs import GROUPS, RUNGS, Rung

RUNG_HEIGHT = 48
LADDER_TOP = 16
LADDER_WIDTH = 560


@dataclass(frozen=True)
class LadderRow:
    rung: Rung
    y: int  # top of the rung's box
    text_y: int
    current: bool
    claimed: bool


@dataclass(frozen=True)
class GroupBracket:
    key: str
    name: str
    y1: int
    y2: int
    text_y: int


@dataclass(frozen=True)
class LadderPicture:
    rows: list[LadderRow]
    groups: list[GroupBracket]
    height: int
    width: int = LADDER_WIDTH


def ladder_picture(current: Rung | None = None, claimed: Rung | None = None) -> LadderPicture:
    """The seven rungs, top to bottom, marking the assessed rung and what the work is called."""
    rows = []
    for index, rung in enumerate(reversed(RUNGS)):
        y = LADDER_TOP + index * RUNG_HEIGHT
        rows.append(
            LadderRow(
                rung=rung,
                y=y,
                text_y=y + RUNG_HEIGHT // 2 + 6,
                current=current is not None and rung.order == current.order,
                claimed=claimed is not None and rung.order == claimed.order,
            )
        )
    groups = []
    for group in GROUPS:
        members = [row for row in rows if row.rung.group == group.key]
        y1, y2 = members[0].y + 4, members[-1].y + RUNG_HEIGHT - 4
        groups.append(GroupBracket(group.key, str(group.name), y1, y2, (y1 + y2) // 2 + 6))
    return LadderPicture(rows=rows, groups=groups, height=LADDER_TOP * 2 + 7 * RUNG_HEIGHT)


CHART_WIDTH = 560
CHART_HEIGHT = 300
LEFT = 130  # room for rung names
RIGHT = 20
TOP = 20
BOTTOM = 50


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    round_number: int
    rung: Rung


@dataclass(frozen=True)
class Series:
    key: str  # "overall", "lived" or "learnt": the CSS class and the marker shape
    name: str
    segments: list[str]  # SVG polyline points; a hidden round breaks the line
    points: list[Point]


@dataclass(frozen=True)
class Axis:
    y: int
    rung: Rung


@dataclass(frozen=True)
class Tick:
    x: int
    number: int


@dataclass(frozen=True)
class MovementChart:
    series: list[Series]
    axis: list[Axis]
    ticks: list[Tick]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = LEFT
    right_edge: int = CHART_WIDTH - RIGHT
    bottom_edge: int = CHART_HEIGHT - BOTTOM


def movement_chart(
    round_numbers: Sequence[int], series: Sequence[tuple[str, str, Sequence[Rung | None]]]
) -> MovementChart:
    """A step-by-step line per group of the rung in each round. None (hidden) breaks a line."""
    plot_w = CHART_WIDTH - LEFT - RIGHT
    plot_h = CHART_HEIGHT - TOP - BOTTOM
    count = len(round_numbers)

    def x_at(index: int) -> int:
        return LEFT + (plot_w // 2 if count == 1 else round(index * plot_w / (count - 1)))

    def y_at(order: int) -> int:
        return TOP + round((6 - order) * plot_h / 6)

    drawn = []
    for key, name, rungs in series:
        segments: list[str] = []
        points: list[Point] = []
        run: list[str] = []
        for index, rung in enumerate(rungs):
            if rung is None:
                if run:
                    segments.append(" ".join(run))
                run = []
                continue
            point = Point(x_at(index), y_at(rung.order), round_numbers[index], rung)
            points.append(point)
            run.append(f"{point.x},{point.y}")
        if run:
            segments.append(" ".join(run))
        drawn.append(Series(key, name, [s for s in segments if " " in s], points))
    return MovementChart(
        series=drawn,
        axis=[Axis(y_at(rung.order), rung) for rung in RUNGS],
        ticks=[Tick(x_at(i), n) for i, n in enumerate(round_numbers)],
    )
