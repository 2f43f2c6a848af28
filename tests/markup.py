"""Reading a page's markup in tests, the way a browser lays it out."""

from __future__ import annotations

import re


def flat(html: str) -> str:
    """The markup on one line: runs of whitespace become one space, and whitespace between
    two tags goes (djLint puts each block-level tag and each long tag's attributes on
    lines of their own; neither shows on the page)."""
    return re.sub(r">\s+<", "><", " ".join(html.split()))
