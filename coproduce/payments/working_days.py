"""Working days in England and Wales: Monday to Friday, less bank holidays.

The regular bank holidays follow fixed rules (Easter from the calendar, the rest from the
Banking and Financial Dealings Act 1971 and its usual proclamations), so they are computed.
One-off changes are data in `EXCEPTIONS`: add a line when the government announces one.
Kept here rather than adding a dependency: eight rules and a short list cover what we need.
"""

from __future__ import annotations

import datetime
from functools import cache

# Year -> (days added, days moved away). Source: GOV.UK bank holidays.
EXCEPTIONS: dict[int, tuple[set[datetime.date], set[datetime.date]]] = {
    2020: ({datetime.date(2020, 5, 8)}, {datetime.date(2020, 5, 4)}),  # VE Day moved
    2022: (
        {datetime.date(2022, 6, 2), datetime.date(2022, 6, 3), datetime.date(2022, 9, 19)},
        {datetime.date(2022, 5, 30)},  # Jubilee; the State Funeral
    ),
    2023: ({datetime.date(2023, 5, 8)}, set()),  # the Coronation
}


def easter_sunday(year: int) -> datetime.date:
    """The Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> datetime.date:
    day = datetime.date(year, month, 1)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> datetime.date:
    last = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=last.weekday())


def _substitute(day: datetime.date, taken: set[datetime.date]) -> datetime.date:
    """A holiday on a weekend (or on another holiday) moves to the next free weekday."""
    while day.weekday() >= 5 or day in taken:
        day += datetime.timedelta(days=1)
    return day


@cache
def bank_holidays(year: int) -> frozenset[datetime.date]:
    """England and Wales bank holidays in `year`."""
    easter = easter_sunday(year)
    days: set[datetime.date] = {
        _substitute(datetime.date(year, 1, 1), set()),
        easter - datetime.timedelta(days=2),
        easter + datetime.timedelta(days=1),
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    }
    christmas = _substitute(datetime.date(year, 12, 25), set())
    days.add(christmas)
    days.add(_substitute(datetime.date(year, 12, 26), {christmas}))
    added, removed = EXCEPTIONS.get(year, (set(), set()))
    return frozenset((days - removed) | added)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end is not later)."""
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start`."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def overdue_cutoff(today: datetime.date, target: int) -> datetime.date:
    """The latest activity date whose payment is overdue today: its target day (`target`
    working days after the activity) is already behind us. Claims on or before it are late."""
    day = today - datetime.timedelta(days=1)
    while add_working_days(day, target) >= today:
        day -= datetime.timedelta(days=1)
    return day
