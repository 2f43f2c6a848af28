"""Merging two people's edits to the same storyboard box. Pure, so it is easy to test.

Each box edit says what the box held when the person started typing (`base`). If nobody
else changed it meanwhile, their text replaces it. If someone did, nobody's words are lost:
two additions at the end are both kept, in the order they were saved; anything else keeps
the other person's text and adds this person's on a new line.
"""

from __future__ import annotations


def merge_text(base: str, current: str, mine: str) -> str:
    """The box's new text when `mine` was written starting from `base` and the box now
    holds `current`."""
    if current in (base, mine):
        return mine
    if mine == base:
        return current  # this person changed nothing: keep the other person's words
    if base and current.startswith(base) and mine.startswith(base):
        theirs, ours = current[len(base) :], mine[len(base) :]
        if ours.strip() in theirs:
            return current
        joined = theirs.endswith((" ", "\n")) or ours[:1] in (" ", "\n", ",", ".", ";", "!", "?")
        return current + ("" if joined else " ") + ours
    if mine in current:
        return current
    return f"{current}\n{mine}" if current else mine
