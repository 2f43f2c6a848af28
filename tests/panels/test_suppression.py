"""Small-number suppression: exact cases, and a property test against a brute-force reader."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.panels.suppression import Breakdown, State, Thresholds, suppress


def shown(breakdown: Breakdown) -> dict[str, object]:
    return {
        cell.key: cell.count if cell.state == State.SHOWN else cell.state.value
        for cell in breakdown.cells
    }


def test_suppress_withholds_everything_under_ten_people():
    breakdown = suppress({"a": 5, "b": 4})
    assert breakdown.withheld is True
    assert breakdown.total is None
    assert breakdown.cells == ()


def test_suppress_shows_everything_when_no_cell_is_small():
    breakdown = suppress({"a": 12, "b": 0, "c": 8})
    assert shown(breakdown) == {"a": 12, "b": 0, "c": 8}
    assert [cell.percent for cell in breakdown.cells] == [60, 0, 40]
    assert breakdown.total == 20


def test_suppress_hides_a_second_cell_when_one_is_small():
    # 3 alone would be 30 - 12 - 15 = 3: so the next smallest cell is hidden too.
    breakdown = suppress({"a": 3, "b": 12, "c": 15})
    assert shown(breakdown) == {"a": "small", "b": "hidden", "c": 15}


def test_suppress_does_not_use_a_zero_when_a_real_cell_protects_better():
    breakdown = suppress({"a": 2, "b": 0, "c": 9, "d": 20})
    assert shown(breakdown) == {"a": "small", "b": 0, "c": "hidden", "d": 20}


def test_suppress_two_ones_are_not_enough_on_their_own():
    # "fewer than 5" twice adding up to 2 can only be 1 and 1: hide one more.
    breakdown = suppress({"a": 1, "b": 1, "c": 20, "d": 30})
    assert shown(breakdown) == {"a": "small", "b": "small", "c": "hidden", "d": 30}


def test_suppress_knows_a_hidden_cell_is_zero_or_at_least_the_threshold():
    # Hiding 5 with a 1 leaves 6: only 5 + 1 fits (0 + 6 and 6 + 0 break the rules).
    breakdown = suppress({"a": 1, "b": 5, "c": 30, "d": 40})
    assert shown(breakdown) == {"a": "small", "b": "hidden", "c": "hidden", "d": 40}


def test_suppress_thresholds_are_configurable():
    counts = {"a": 6, "b": 7, "c": 8}
    assert shown(suppress(counts)) == {"a": 6, "b": 7, "c": 8}
    stricter = suppress(counts, Thresholds(min_total=30, min_cell=10))
    assert stricter.withheld is True
    stricter_cells = suppress(counts, Thresholds(min_total=10, min_cell=7))
    assert shown(stricter_cells)["a"] == "small"
    assert shown(stricter_cells)["b"] == "hidden"


def test_suppress_refuses_negative_counts():
    with pytest.raises(ValueError, match="negative"):
        suppress({"a": -1, "b": 20})


def possible_values(breakdown: Breakdown, min_cell: int) -> dict[str, set[int]]:
    """Every value each suppressed cell could hold, to a reader who knows the rules.

    Brute force, independent of the implementation: try every combination.
    """
    assert breakdown.total is not None
    suppressed = [cell for cell in breakdown.cells if cell.state != State.SHOWN]
    left = breakdown.total - sum(
        cell.count or 0 for cell in breakdown.cells if cell.state == State.SHOWN
    )
    ranges = [
        range(1, min_cell) if cell.state == State.SMALL else [0, *range(min_cell, left + 1)]
        for cell in suppressed
    ]
    found: dict[str, set[int]] = {cell.key: set() for cell in suppressed}
    for combination in itertools.product(*ranges):
        if sum(combination) == left:
            for cell, value in zip(suppressed, combination, strict=True):
                found[cell.key].add(value)
    return found


counts_strategy = st.dictionaries(
    keys=st.sampled_from(["a", "b", "c", "d", "e"]),
    values=st.integers(min_value=0, max_value=14),
    min_size=1,
    max_size=5,
)


@settings(max_examples=400, deadline=None)
@given(counts=counts_strategy, min_cell=st.integers(min_value=2, max_value=6))
def test_suppress_no_suppressed_value_can_be_worked_out(counts, min_cell):
    limits = Thresholds(min_total=10, min_cell=min_cell)
    breakdown = suppress(counts, limits)
    total = sum(counts.values())
    if total < limits.min_total:
        assert breakdown.withheld
        return
    if breakdown.withheld:  # allowed only as a last resort; the reader then learns nothing
        return
    assert breakdown.total == total
    for cell in breakdown.cells:
        if cell.state == State.SHOWN:
            assert cell.count == counts[cell.key]
        elif cell.state == State.SMALL:
            assert 0 < counts[cell.key] < min_cell
        else:
            assert counts[cell.key] == 0 or counts[cell.key] >= min_cell
        if 0 < counts[cell.key] < min_cell:
            assert cell.state == State.SMALL
    for key, values in possible_values(breakdown, min_cell).items():
        assert counts[key] in values
        assert len(values) >= 2, (counts, key, values)


@settings(max_examples=100, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=400), min_size=2, max_size=12).map(
        lambda values: {f"k{i}": v for i, v in enumerate(values)}
    )
)
def test_suppress_is_fast_and_total_for_big_pools(counts):
    breakdown = suppress(counts)
    if sum(counts.values()) >= 10:
        assert breakdown.withheld is False
        assert {cell.key for cell in breakdown.cells} == set(counts)
