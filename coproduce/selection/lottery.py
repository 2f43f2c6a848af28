"""Drawing one panel from a distribution, and the transparent lottery. Pure functions.

Private draw: pick one panel with its probability, from a secure random source (or a seeded
one when the coordinator asked for a repeatable draw).

Transparent lottery (Flanigan, Kehne & Procaccia, "Fair Sortition Made Transparent",
NeurIPS 2021): turn the distribution into a list of M panels (repeats allowed) so that one
can be drawn in public with dice, each line equally likely. We use the paper's randomised
approach: each panel gets ⌊M·w⌋ lines, and the fractional parts are rounded by pipage
(dependent) rounding so the list has exactly M lines and each panel's expected number of
lines is exactly M·w. So, over the rounding and the dice together, everyone's chance is
exactly their optimal probability; in the one list published, a person's share of lines can
differ from it, and we show the largest difference (measured, not a bound). Chosen over
Beck-Fiala rounding, which bounds that difference deterministically (by about k/M) but is
far more code; see docs/decisions/0003-selection-leximin-on-highs.md.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Sequence

from coproduce.core.params import whole_number

EPS = 1e-9


def seeded_random(seed: int, purpose: str) -> random.Random:
    """The random source for one step of a seeded selection ("draw", "lottery").

    Seeding with a string goes through SHA-512, so the same seed and purpose give the same
    numbers in any process and on any machine (unlike `hash()`, which changes per process).
    """
    return random.Random(f"{seed}-{purpose}")  # noqa: S311 -- the coordinator chose a repeatable draw


def draw_index(weights: Sequence[float], rng: random.Random) -> int:
    """The index of one panel, chosen with probability proportional to its weight."""
    roll = rng.random() * sum(weights)
    total = 0.0
    for index, weight in enumerate(weights):
        total += weight
        if roll < total:
            return index
    return max(range(len(weights)), key=lambda i: weights[i])


def pipage(fractions: Sequence[float], rng: random.Random) -> list[int]:
    """Indices rounded up: each i is chosen with probability fractions[i]; the number chosen
    is sum(fractions) (which must be a whole number, up to rounding)."""
    values = [min(1.0, max(0.0, f)) for f in fractions]
    open_ = [i for i, v in enumerate(values) if EPS < v < 1 - EPS]
    while len(open_) >= 2:
        a, b = open_[0], open_[1]
        up = min(1 - values[a], values[b])  # raise a, lower b
        down = min(values[a], 1 - values[b])  # lower a, raise b
        if rng.random() < down / (up + down):
            values[a] += up
            values[b] -= up
        else:
            values[a] -= down
            values[b] += down
        open_ = [i for i in open_ if EPS < values[i] < 1 - EPS]
    if open_:  # a last fraction left by floating-point error
        i = open_[0]
        values[i] = 1.0 if rng.random() < values[i] else 0.0
    return [i for i, v in enumerate(values) if v >= 1 - EPS]


def uniform_lottery(weights: Sequence[float], lines: int, rng: random.Random) -> list[int]:
    """A list of `lines` panel indices (in panel order) whose shares round the weights."""
    scaled = [w * lines for w in weights]
    counts = [math.floor(s + EPS) for s in scaled]
    fractions = [max(0.0, s - c) for s, c in zip(scaled, counts, strict=True)]
    for index in pipage(fractions, rng):
        counts[index] += 1
    # Floating-point error can leave the list a line long or short: fix the largest panel.
    while sum(counts) > lines:
        counts[max(range(len(counts)), key=lambda i: counts[i])] -= 1
    while sum(counts) < lines:
        counts[max(range(len(counts)), key=lambda i: fractions[i])] += 1
    return [i for i, c in enumerate(counts) for _ in range(c)]


def shares(panels: Sequence[Sequence[str]], lines: Sequence[int]) -> dict[str, float]:
    """Each person's share of the lottery's lines."""
    result: dict[str, float] = {}
    for index in lines:
        for person in panels[index]:
            result[person] = result.get(person, 0.0) + 1 / len(lines)
    return result


def largest_difference(
    panels: Sequence[Sequence[str]], lines: Sequence[int], marginals: dict[str, float]
) -> float:
    """The largest gap between a person's share of the lines and their optimal probability."""
    got = shares(panels, lines)
    return max((abs(got.get(p, 0.0) - m) for p, m in marginals.items()), default=0.0)


def dice_for(lines: int) -> int:
    """How many ten-sided dice read as one number cover 1..lines (0 on all dice means lines)."""
    return max(1, len(str(lines - 1)))


def line_from_dice(reading: str, lines: int) -> int | None:
    """The line (1..lines) a dice reading picks, or None when it is not a number in range.

    Read the dice in the order agreed beforehand as digits; all zeros means the last line.
    """
    reading = reading.strip()
    number = whole_number(reading)
    if number is None or len(reading) != dice_for(lines):
        return None
    line = lines if number == 0 else number
    return line if 1 <= line <= lines else None


def published_list(run_id: int, panels: Sequence[Sequence[str]], lines: Sequence[int]) -> str:
    """The list of lines for a public draw, as the text file that is shared beforehand.

    One line per dice number: the application numbers on that line's panel, in order. The
    text is fixed by the list alone, so its fingerprint (`fingerprint`) identifies it.
    """
    rows = [
        f"Coproduce selection {run_id}: {len(lines)} lines, one panel each, by application number.",
    ]
    for number, index in enumerate(lines, start=1):
        members = sorted(int(pid) for pid in panels[index])
        rows.append(f"{number}: {', '.join(str(m) for m in members)}")
    return "\n".join(rows) + "\n"


def fingerprint(text: str) -> str:
    """SHA-256 of the text as UTF-8, in hex: what `sha256sum` prints for the file."""
    return hashlib.sha256(text.encode()).hexdigest()
