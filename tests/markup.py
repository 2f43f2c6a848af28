"""Reading a page's markup in tests, the way a browser lays it out."""

from __future__ import annotations

import re


def flat(html: str) -> str:
    """The markup on one line: runs of whitespace become one space, and whitespace next to a
    tag goes (djLint puts each block-level tag, its content and a long tag's attributes on
    lines of their own; none of that shows on the page). Only for markup with no space that
    matters beside a tag."""
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", " ".join(html.split()))
