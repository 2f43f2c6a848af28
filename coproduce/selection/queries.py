"""Reads for the selection pages. Each runs a fixed number of queries, however big the pool."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from coproduce.panels.domain.equality import OPEN_STATUSES
from coproduce.panels.models import Application, Panel, Status
from coproduce.selection import lottery
from coproduce.selection.models import SelectionRun
from coproduce.selection.quotas import Labels


def pool_size(panel: Panel) -> int:
    return Application.objects.filter(panel=panel, status__in=OPEN_STATUSES).count()


@dataclass(frozen=True)
class GroupResult:
    label: str
    low: int
    high: int
    applicants: int
    continuing: int
    drawn: int | None  # None until a panel is drawn
    average_chance: float | None
    met: bool | None


@dataclass(frozen=True)
class PersonResult:
    application_id: int
    name: str
    status: str
    chance: float
    drawn: bool


def result_tables(run: SelectionRun, labels: Labels) -> dict[str, Any]:
    """The quota table before and after the draw, and everyone's chance (one query)."""
    chances = {int(k): float(v) for k, v in run.probabilities.items()}
    drawn = set(run.drawn)
    groups: dict[str, list[GroupResult]] = {}
    for category in run.categories:
        rows = []
        values = Counter(v[category] for v in run.pool.values())
        for value, q in run.quotas.get(category, {}).items():
            members = [int(pid) for pid, v in run.pool.items() if v[category] == value]
            have = run.continuing.get(category, {}).get(value, 0)
            in_panel = sum(1 for pid in members if pid in drawn) if run.drawn else None
            total = None if in_panel is None else in_panel + have
            rows.append(
                GroupResult(
                    label=labels.value(category, value),
                    low=int(q["min"]),
                    high=int(q["max"]),
                    applicants=values.get(value, 0),
                    continuing=have,
                    drawn=total,
                    average_chance=(
                        sum(chances.get(pid, 0.0) for pid in members) / len(members)
                        if members
                        else None
                    ),
                    met=None if total is None else int(q["min"]) <= total <= int(q["max"]),
                )
            )
        groups[labels.category(category)] = rows
    names = dict(Application.objects.filter(pk__in=chances).values_list("pk", "name"))
    statuses = dict(Application.objects.filter(pk__in=chances).values_list("pk", "status"))
    people = sorted(
        (
            PersonResult(
                pid,
                names.get(pid, "") or f"#{pid}",
                str(Status(statuses[pid]).label) if pid in statuses else "",
                chance,
                pid in drawn,
            )
            for pid, chance in chances.items()
        ),
        key=lambda p: (-p.chance, p.name.lower()),
    )
    average = run.seats / len(chances) if chances else 0.0
    return {
        "groups": groups,
        "people": people,
        "average": average,
        "near_certain": sum(1 for p in people if p.chance >= 0.5),
        "drawn_people": [p for p in people if p.drawn],
    }


def lottery_lines(run: SelectionRun) -> list[tuple[int, list[int]]]:
    """The public list: line number and the application numbers on that line's panel."""
    panels = run.distribution.get("panels", [])
    return [
        (line, sorted(int(pid) for pid in panels[index]))
        for line, index in enumerate(run.lottery, start=1)
    ]


def lottery_file(run: SelectionRun) -> str:
    """The published list as text (empty when there is no list)."""
    if not run.lottery:
        return ""
    return lottery.published_list(run.pk, run.distribution.get("panels", []), run.lottery)
