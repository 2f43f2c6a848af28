"""Exact money: whole pence as int, Decimal for sums with fractions, never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def to_pence(pounds: Decimal) -> int:
    """£12.345 -> 1235 (half a penny rounds up)."""
    return int((pounds * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def times(pence: int, quantity: Decimal) -> int:
    """A unit price in pence times a quantity (hours, miles), to the nearest penny."""
    return int((Decimal(pence) * quantity).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pounds(pence: int | None, *, symbol: bool = True) -> str:
    """1234567 -> "£12,345.67"; without the symbol and commas for CSV: "12345.67"."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    if symbol:
        return f"{sign}£{whole:,}.{part:02d}"
    return f"{sign}{whole}.{part:02d}"
