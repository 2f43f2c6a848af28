"""Small-number suppression for equality breakdowns. Pure Python: no Django, no database.

The rules (the platform's own proposal):

- no breakdown at all when fewer than `min_total` people are counted (default 10);
- a cell of 1 to `min_cell - 1` people (default 1 to 4) is shown as "fewer than 5" (primary);
- secondary (complementary) suppression: more cells are hidden until no hidden cell can be
  worked out from the total and the cells that are shown.

"Worked out" assumes a reader who knows these rules: a "fewer than 5" cell holds 1 to 4 people,
and a hidden cell holds 0 or at least 5 (otherwise it would say "fewer than 5"). A breakdown is
safe when every suppressed cell could still hold at least two different numbers. We check that
exactly, with sets of whole numbers kept as intervals, so it stays fast for thousands of people.

We never cross-tabulate two characteristics, so a breakdown is one line of cells and one total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

Intervals = list[tuple[int, int]]  # closed, sorted, non-overlapping


class State(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # primary: "fewer than 5"
    HIDDEN = "hidden"  # secondary: hidden so that the small cells cannot be worked out


@dataclass(frozen=True)
class Thresholds:
    min_total: int = 10
    min_cell: int = 5

    def __post_init__(self) -> None:
        if self.min_cell < 1 or self.min_total < 0:
            raise ValueError("min_cell must be at least 1 and min_total at least 0")


@dataclass(frozen=True)
class Cell:
    key: str
    state: State
    count: int | None  # None unless shown
    percent: int | None  # whole-number percentage of the total, None unless shown


@dataclass(frozen=True)
class Breakdown:
    withheld: bool  # True: fewer than min_total people, nothing is shown but that
    total: int | None
    cells: tuple[Cell, ...]

    def cell(self, key: str) -> Cell:
        return next(cell for cell in self.cells if cell.key == key)


def suppress(counts: Mapping[str, int], thresholds: Thresholds | None = None) -> Breakdown:
    """The display form of one breakdown (`counts`: value key -> number of people).

    Keys keep their order. Negative counts are a programming error (ValueError).
    """
    limits = thresholds or Thresholds()
    if any(count < 0 for count in counts.values()):
        raise ValueError("counts cannot be negative")
    total = sum(counts.values())
    if total < limits.min_total or not counts:
        return Breakdown(withheld=True, total=None, cells=())
    small = {key for key, count in counts.items() if 0 < count < limits.min_cell}
    hidden: set[str] = set()
    order = {key: position for position, key in enumerate(counts)}
    while not is_safe(counts, small, hidden, limits.min_cell):
        candidates = [key for key in counts if key not in small and key not in hidden]
        if not candidates:  # cannot happen with these rules; withhold rather than risk it
            return Breakdown(withheld=True, total=None, cells=())
        # Hide the smallest non-zero cell first: a hidden zero protects little.
        hidden.add(min(candidates, key=lambda k: (counts[k] == 0, counts[k], order[k])))
    cells = []
    for key, count in counts.items():
        if key in small:
            cells.append(Cell(key, State.SMALL, None, None))
        elif key in hidden:
            cells.append(Cell(key, State.HIDDEN, None, None))
        else:
            cells.append(Cell(key, State.SHOWN, count, _percent(count, total)))
    return Breakdown(withheld=False, total=total, cells=tuple(cells))


def _percent(count: int, total: int) -> int:
    return (200 * count + total) // (2 * total)  # round half up, whole numbers only


def is_safe(counts: Mapping[str, int], small: set[str], hidden: set[str], min_cell: int) -> bool:
    """True when every suppressed cell could hold at least two different numbers."""
    suppressed = [key for key in counts if key in small or key in hidden]
    if not suppressed:
        return True
    rest = sum(count for key, count in counts.items() if key not in small and key not in hidden)
    left = sum(counts.values()) - rest  # what the suppressed cells add up to
    domains = [
        _clip([(1, min_cell - 1)], left)
        if key in small
        else _clip([(0, 0), (min_cell, left)], left)
        for key in suppressed
    ]
    # others[i]: every sum the suppressed cells other than i could make.
    prefix: list[Intervals] = [[(0, 0)]]
    for domain in domains:
        prefix.append(_sumset(prefix[-1], domain, left))
    suffix: list[Intervals] = [[(0, 0)]]
    for domain in reversed(domains):
        suffix.append(_sumset(suffix[-1], domain, left))
    suffix.reverse()
    for index, domain in enumerate(domains):
        others = _sumset(prefix[index], suffix[index + 1], left)
        possible = _intersect(domain, [(left - hi, left - lo) for lo, hi in reversed(others)])
        if _size(possible) < 2:
            return False
    return True


def _clip(intervals: Intervals, upper: int) -> Intervals:
    return _merge([(lo, min(hi, upper)) for lo, hi in intervals if lo <= min(hi, upper)])


def _merge(intervals: Intervals) -> Intervals:
    merged: Intervals = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _sumset(a: Intervals, b: Intervals, upper: int) -> Intervals:
    return _clip([(a_lo + b_lo, a_hi + b_hi) for a_lo, a_hi in a for b_lo, b_hi in b], upper)


def _intersect(a: Intervals, b: Intervals) -> Intervals:
    out: Intervals = []
    for a_lo, a_hi in a:
        for b_lo, b_hi in b:
            lo, hi = max(a_lo, b_lo), min(a_hi, b_hi)
            if lo <= hi:
                out.append((lo, hi))
    return _merge(out)


def _size(intervals: Intervals) -> int:
    return sum(hi - lo + 1 for lo, hi in intervals)
