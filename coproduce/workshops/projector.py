"""What the room screen shows, worked out without the database: the warm-up's word cloud, the
table colours that groups share with their phones, and how much fits on one projector screen.

The screen never scrolls (nobody can scroll a projector), so each list here is cut to what
fits at 1280 by 720 and says how much it left off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The most distinct warm-up words the cloud shows; the most said are kept.
CLOUD_WORDS = 60
# How many sizes the cloud's words come in, from said once to said most.
CLOUD_SIZES = 5

# Groups find each other by a table number and a colour, named in words as well (never colour
# alone). Group n sits at table n; the colours go round. Dark enough for white text (4.5:1).
COLOURS = [
    pgettext_lazy("table colour", "Blue"),
    pgettext_lazy("table colour", "Orange"),
    pgettext_lazy("table colour", "Green"),
    pgettext_lazy("table colour", "Purple"),
    pgettext_lazy("table colour", "Red"),
    pgettext_lazy("table colour", "Teal"),
    pgettext_lazy("table colour", "Pink"),
    pgettext_lazy("table colour", "Brown"),
]

SOMEONE = _("Someone")


@dataclass(frozen=True)
class CloudWord:
    text: str
    count: int
    size: int  # 1 (said least) to CLOUD_SIZES (said most)


@dataclass(frozen=True)
class Cloud:
    words: list[CloudWord]  # in the order they were first said, so nothing jumps about
    left_off: int  # distinct words not shown


def word_cloud(texts: Sequence[str], *, limit: int = CLOUD_WORDS) -> Cloud:
    """The warm-up's answers as a cloud: each word once (ignoring case and spaces round it),
    larger the more people said it. Over `limit` words, the ones said least are left off."""
    counts: dict[str, int] = {}
    shown_as: dict[str, str] = {}
    for text in texts:
        word = " ".join(text.split())
        key = word.casefold()
        if not key:
            continue
        shown_as.setdefault(key, word)
        counts[key] = counts.get(key, 0) + 1
    order = list(counts)
    kept = set(sorted(order, key=lambda k: (-counts[k], order.index(k)))[:limit])
    most = max(counts.values(), default=1)
    words = [CloudWord(shown_as[k], counts[k], _size(counts[k], most)) for k in order if k in kept]
    return Cloud(words, len(order) - len(words))


def _size(count: int, most: int) -> int:
    if most <= 1:
        return 2
    return 1 + round((CLOUD_SIZES - 1) * (count - 1) / (most - 1))


@dataclass(frozen=True)
class Table:
    number: int
    colour: str  # its name, in words
    colour_index: int  # 1 to len(COLOURS), for the CSS class ws-colour-<n>


def table_for(number: int) -> Table:
    """Where group `number` meets: table `number`, in one of the colours."""
    index = (number - 1) % len(COLOURS)
    return Table(number, str(COLOURS[index]), index + 1)


def first[T](items: Sequence[T], limit: int) -> tuple[list[T], int]:
    """The first `limit` items, and how many were left off."""
    return list(items[:limit]), max(0, len(items) - limit)


def last[T](items: Sequence[T], limit: int) -> tuple[list[T], int]:
    """The last `limit` items (the newest), and how many earlier ones were left off."""
    kept = list(items[-limit:]) if limit else []
    return kept, len(items) - len(kept)


def steps_that_fit(boards: int) -> int:
    """How many steps of each storyboard fit on the screen, side by side."""
    return 5 if boards <= 2 else 3
