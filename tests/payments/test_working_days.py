from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from coproduce.payments.money import pounds, times, to_pence
from coproduce.payments.working_days import (
    add_working_days,
    bank_holidays,
    easter_sunday,
    overdue_cutoff,
    working_days_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2025,
            [D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 26),
             D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26)],
        ),
        (
            2026,  # Boxing Day on a Saturday moves to Monday 28th
            [D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25),
             D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28)],
        ),
        (
            2027,  # Christmas on a Saturday: Monday 27th and Tuesday 28th
            [D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3), D(2027, 5, 31),
             D(2027, 8, 30), D(2027, 12, 27), D(2027, 12, 28)],
        ),
        (
            2022,  # the Jubilee and the State Funeral; Christmas on a Sunday
            [D(2022, 1, 3), D(2022, 4, 15), D(2022, 4, 18), D(2022, 5, 2), D(2022, 6, 2),
             D(2022, 6, 3), D(2022, 8, 29), D(2022, 9, 19), D(2022, 12, 26), D(2022, 12, 27)],
        ),
    ],
)  # fmt: skip
def test_bank_holidays_match_gov_uk(year, expected):
    assert sorted(bank_holidays(year)) == expected


def test_easter_dates():
    assert [easter_sunday(y) for y in (2024, 2025, 2026, 2038)] == [
        D(2024, 3, 31),
        D(2025, 4, 20),
        D(2026, 4, 5),
        D(2038, 4, 25),
    ]


def test_working_days_skip_weekends_and_holidays():
    # Thursday 2 April 2026 to Thursday 9 April: Good Friday and Easter Monday are off.
    assert working_days_between(D(2026, 4, 2), D(2026, 4, 9)) == 3
    assert working_days_between(D(2026, 4, 9), D(2026, 4, 2)) == 0
    assert add_working_days(D(2026, 4, 2), 3) == D(2026, 4, 9)


def test_overdue_cutoff_is_the_last_late_activity_date():
    today = D(2026, 11, 23)  # a Monday
    cutoff = overdue_cutoff(today, 20)
    assert add_working_days(cutoff, 20) < today
    assert add_working_days(cutoff + datetime.timedelta(days=1), 20) >= today
    assert cutoff == D(2026, 10, 25)  # a Sunday: its 20th working day was Friday 20th


def test_money_is_exact():
    assert (to_pence(Decimal("12.345")), to_pence(Decimal("0.1")) * 3) == (1235, 30)
    assert times(45, Decimal("12.5")) == 563
    assert (pounds(123456789), pounds(-5), pounds(1050, symbol=False), pounds(None)) == (
        "£1,234,567.89",
        "-£0.05",
        "10.50",
        "",
    )
