"""Which texts have points that staff can give pictures to.

A feature app registers a reader for each kind of text it owns (from its AppConfig.ready):
given the organisation and the record's id, the reader returns the easy read text, a name
for the page, where to go back to and the pictures its ready-made points came with, or None
when that organisation has no such record.
This app never imports the feature apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coproduce.core.models import Organisation


@dataclass(frozen=True)
class OwnedText:
    title: str
    text: str
    back_url: str
    # The built-in picture each point of our own ready-made copy came with, by place.
    presets: tuple[str, ...] = ()
    # The built-in picture for a point whose words suggest none ("" for a speech bubble).
    fallback: str = ""


Reader = Callable[["Organisation", int], OwnedText | None]
_readers: dict[str, Reader] = {}


def register_owner(kind: str, reader: Reader) -> None:
    _readers[kind] = reader


def read_owner(organisation: Organisation, owner: str) -> OwnedText | None:
    """The text named by `owner` ("panels.role:12") if it is this organisation's."""
    kind, _sep, pk = owner.partition(":")
    reader = _readers.get(kind)
    if reader is None or not (pk.isascii() and pk.isdigit()) or len(pk) > 12:
        return None
    return reader(organisation, int(pk))
