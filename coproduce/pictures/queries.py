"""Finding pictures: the built-in set and an organisation's own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coproduce.pictures.builtin import builtin_pictures
from coproduce.pictures.models import OrgPicture, PointPicture
from coproduce.pictures.owners import read_owner
from coproduce.pictures.points import Picture, builtin_picture, org_picture, points_for


@dataclass(frozen=True)
class PictureUse:
    title: str  # the text the point is in: "Day Services Panel: role description"
    url: str  # its page, to look at after a change
    point: int  # the point's number in that text, from 1
    instead: Picture | None = None  # what the point shows once the picture is gone
    ready_made: bool = False  # `instead` is the picture our own ready-made point came with


if TYPE_CHECKING:
    from coproduce.core.models import Organisation

MAX_RESULTS = 120


def pictures_for_search(organisation: Organisation, query: str) -> list[Picture]:
    """The organisation's own pictures, then built-in ones, whose words have every word of
    `query` in them (the start of a word is enough: "mon" finds "money")."""
    terms = [t for t in query.lower().split() if t][:8]

    def matches(haystack: str) -> bool:
        words = haystack.lower().split()
        return all(any(w.startswith(t) for w in words) for t in terms)

    found = [
        org_picture(p)
        for p in OrgPicture.objects.filter(organisation=organisation)
        if matches(f"{p.alt_text} {p.words}")
    ]
    seen: set[str] = set()
    for picture in builtin_pictures().values():
        if picture.codepoints in seen:
            continue
        haystack = (
            f"{picture.name.replace('-', ' ')} {picture.alt} {picture.words} {picture.unicode_name}"
        )
        if matches(haystack):
            seen.add(picture.codepoints)
            found.append(builtin_picture(picture.name))
    return found[:MAX_RESULTS]


def uses_of_picture(picture: OrgPicture) -> list[PictureUse]:
    """Each point that has this picture, in a text the organisation still has, with the
    picture it would show without any choice: its ready-made one, else the suggested one."""
    uses = []
    rows = PointPicture.objects.filter(
        organisation=picture.organisation, picture=picture.key
    ).order_by("owner", "index")
    for row in rows:
        owned = read_owner(picture.organisation, row.owner)
        if owned is None:
            continue
        unchosen = points_for(owned.text, presets=owned.presets)
        point = unchosen[row.index] if row.index < len(unchosen) else None
        uses.append(
            PictureUse(
                owned.title,
                owned.back_url,
                row.index + 1,
                instead=point.picture if point else None,
                ready_made=bool(point and point.preset),
            )
        )
    return uses
