"""Numbers read from a query string or a form post, safely.

`str.isdigit()` is also true for "²" and other Unicode digits that `int()` refuses, and `int()`
of thousands of digits raises (and takes time): each was a server error. Every view that reads
a number from `request.GET` or `request.POST` by hand goes through `whole_number`.
"""

from __future__ import annotations

from typing import Any

BIGGEST_ID = 2**63 - 1  # the largest primary key a database gives


def whole_number(text: Any, *, low: int = 0, high: int = BIGGEST_ID) -> int | None:
    """The whole number `text` spells in ASCII digits, if it is from `low` to `high`; else None.

    Spaces around it are allowed; a sign, a decimal point, other scripts' digits, or more
    digits than `high` has give None, so the caller decides: ignore it, or say what is wrong.
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(high)):
        return None
    number = int(text)
    return number if low <= number <= high else None
