"""Drawing and the transparent lottery (seeded generators: tests must repeat)."""

import random

import pytest

from coproduce.selection import lottery


def test_uniform_lottery_has_exactly_m_lines_each_panel_floor_or_ceil():
    weights = [0.123, 0.377, 0.25, 0.15, 0.1]
    rng = random.Random(4)  # noqa: S311 -- repeatable test
    for lines in (100, 1000):
        order = lottery.uniform_lottery(weights, lines, rng)
        assert len(order) == lines
        for index, weight in enumerate(weights):
            assert order.count(index) in (int(weight * lines), int(weight * lines) + 1)


def test_rounding_keeps_each_panels_share_on_average():
    weights = [0.3333, 0.3333, 0.3334]
    rng = random.Random(9)  # noqa: S311 -- repeatable test
    totals = [0, 0, 0]
    for _ in range(3000):
        for index in lottery.uniform_lottery(weights, 10, rng):
            totals[index] += 1
    assert [t / 30000 for t in totals] == pytest.approx(weights, abs=0.01)


def test_largest_difference_measures_the_list_against_the_chances():
    panels = [("a", "b"), ("a", "c")]
    order = [0, 0, 1, 1]
    assert lottery.largest_difference(panels, order, {"a": 1.0, "b": 0.5, "c": 0.5}) == 0
    assert lottery.largest_difference(panels, [0, 0, 0, 1], {"a": 1.0, "b": 0.5, "c": 0.5}) == (
        pytest.approx(0.25)
    )


def test_draw_index_follows_the_weights():
    rng = random.Random(1)  # noqa: S311 -- repeatable test
    draws = [lottery.draw_index([0.2, 0.8], rng) for _ in range(5000)]
    assert draws.count(1) / 5000 == pytest.approx(0.8, abs=0.02)


@pytest.mark.parametrize(
    ("reading", "lines", "line"),
    [
        ("00", 100, 100),
        ("07", 100, 7),
        ("7", 100, None),
        ("000", 1000, 1000),
        ("x1", 100, None),
        ("999", 1000, 999),
        ("²", 10, None),
        ("²²", 100, None),
    ],
)
def test_line_from_dice(reading, lines, line):
    assert lottery.line_from_dice(reading, lines) == line
