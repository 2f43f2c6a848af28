from __future__ import annotations

import pytest

from coproduce.core.params import whole_number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("2026", 2026),
        (" 7 ", 7),
        ("0", 0),
        ("²", None),  # isdigit() is true for it; int() refuses it
        ("²²²²", None),
        ("٢٠٢٦", None),  # Arabic-Indic digits: int() reads them, but nobody types them here
        ("1" * 5000, None),  # int() refuses more than 4,300 digits
        ("-1", None),
        ("+1", None),
        ("1.5", None),
        ("1e3", None),
        ("", None),
        ("  ", None),
        ("\x00", None),
        (None, None),
        (7, None),
        (["7"], None),
    ],
)
def test_whole_number_reads_only_ascii_digits(text, number):
    assert whole_number(text) == number


def test_whole_number_keeps_within_the_range():
    assert [whole_number(t, low=2000, high=2100) for t in ("1999", "2000", "2100", "2101")] == [
        None,
        2000,
        2100,
        None,
    ]


def test_whole_number_refuses_more_digits_than_the_largest_id():
    assert whole_number("9223372036854775807") == 2**63 - 1
    assert whole_number("9223372036854775808") is None
    assert whole_number("00000000000000000001") is None  # longer than the largest id
