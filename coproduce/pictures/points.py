"""Easy read text as points: one short point per line, each with a picture on its left.

Staff write easy read text one point per line (a line starting "## " is a heading, "- " is
dropped). The picture for a point is, in order: the one staff chose for it
(`PointPicture`), else the one our own ready-made copy came with (`preset`, by place: the
group agreement's usual points), else one suggested from its words (`chosen.SUGGESTIONS`),
else a speech bubble. Our own fixed wording does not come through here: templates name its
picture by a stable id (`{% easypoint "calendar" %}`, `chosen.LADDER_QUESTIONS`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.urls import reverse

from coproduce.pictures import chosen
from coproduce.pictures.builtin import builtin, builtin_pictures
from coproduce.pictures.models import OrgPicture, PointPicture

if TYPE_CHECKING:
    from coproduce.core.models import Organisation


class Linker(Protocol):
    """Anything that adds links to escaped text (the panels glossary)."""

    def link(self, escaped: str) -> str: ...


@dataclass(frozen=True)
class Picture:
    key: str  # "openmoji:money", "org:7"
    url: str
    alt: str


@dataclass(frozen=True)
class Point:
    text: str
    picture: Picture
    index: int  # the point's place among the points of its text, from 0
    chosen: bool = False  # staff chose this picture (not a suggestion)
    preset: bool = False  # our own ready-made point came with it (not a suggestion)


@dataclass(frozen=True)
class Section:
    heading: str
    points: list[Point]


def builtin_picture(name: str) -> Picture:
    found = builtin(name)
    return Picture(found.key, found.url, found.alt)


def org_picture(picture: OrgPicture) -> Picture:
    return Picture(picture.key, reverse("picture_file", args=[picture.token]), picture.alt_text)


def point_lines(text: str) -> list[tuple[bool, str]]:
    """(is_heading, words) for each non-blank line of `text`, "- " and "## " taken off."""
    lines: list[tuple[bool, str]] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("## "):
            lines.append((True, line[3:].strip()))
        else:
            lines.append((False, line[2:].strip() if line.startswith("- ") else line))
    return lines


def plain_points(text: str) -> list[str]:
    """Only the points (not the headings) of `text`, in order."""
    return [words for heading, words in point_lines(text) if not heading]


_WORD = re.compile(r"£|[\w'-]+")


def suggest(text: str, fallback: str = "") -> str:
    """The built-in picture name whose words first match a word of `text`, else `fallback`
    (a speech bubble unless the owner names a better one, such as a question mark)."""
    words = {w.lower() for w in _WORD.findall(text)}
    for triggers, name in chosen.SUGGESTIONS:
        if words.intersection(triggers):
            return name
    return fallback if fallback in builtin_pictures() else chosen.FALLBACK


def resolve(key: str, organisation: Organisation | None) -> Picture | None:
    """The picture with this key, if it is built in or belongs to `organisation`."""
    kind, _sep, value = key.partition(":")
    if kind == "openmoji" and value in builtin_pictures():
        return builtin_picture(value)
    if kind == "org" and value.isascii() and value.isdigit() and organisation is not None:
        found = OrgPicture.objects.filter(organisation=organisation, pk=int(value)).first()
        return org_picture(found) if found else None
    return None


def choices_for(organisation: Organisation | None, owner: str) -> dict[int, Picture]:
    """The pictures staff chose for the points of `owner`'s text: two queries at most."""
    return choices_for_owners(organisation, [owner]).get(owner, {})


def choices_for_owners(
    organisation: Organisation | None, owners: Sequence[str]
) -> dict[str, dict[int, Picture]]:
    """The pictures staff chose for the points of each of `owners`' texts (owner -> point
    index -> picture), for a list of many short texts: two queries at most, however many."""
    owners = [o for o in owners if o]
    if organisation is None or not owners:
        return {}
    rows = list(
        PointPicture.objects.filter(organisation=organisation, owner__in=owners).values_list(
            "owner", "index", "picture"
        )
    )
    org_ids = [int(k[4:]) for _o, _i, k in rows if k.startswith("org:") and k[4:].isdigit()]
    own = (
        {
            p.key: org_picture(p)
            for p in OrgPicture.objects.filter(organisation=organisation, pk__in=org_ids)
        }
        if org_ids
        else {}
    )
    found: dict[str, dict[int, Picture]] = {}
    for owner, index, key in rows:
        if key in own:
            found.setdefault(owner, {})[index] = own[key]
        elif key.startswith("openmoji:") and key[9:] in builtin_pictures():
            found.setdefault(owner, {})[index] = builtin_picture(key[9:])
    return found


def preset_picture(presets: Sequence[str], index: int) -> Picture | None:
    """The built-in picture our own copy chose for point `index`, if it names one."""
    name = presets[index] if index < len(presets) else ""
    return builtin_picture(name) if name and name in builtin_pictures() else None


def sections_for(
    text: str,
    *,
    organisation: Organisation | None = None,
    owner: str = "",
    presets: Sequence[str] = (),
    fallback: str = "",
) -> list[Section]:
    """`text` as sections of points, each point with its picture. A text with no heading is
    one section with an empty heading. `presets` names, by place, the built-in picture each
    point of our own ready-made copy came with ("" for none); `fallback` names the picture
    for a point whose words suggest none (a speech bubble if "")."""
    picked = choices_for(organisation, owner)
    sections: list[Section] = []
    index = 0
    for heading, words in point_lines(text):
        if heading:
            sections.append(Section(words, []))
            continue
        if not sections:
            sections.append(Section("", []))
        picture = picked.get(index)
        preset = None if picture else preset_picture(presets, index)
        point = Point(
            words,
            picture or preset or builtin_picture(suggest(words, fallback)),
            index,
            chosen=picture is not None,
            preset=preset is not None,
        )
        sections[-1].points.append(point)
        index += 1
    return sections


def points_for(
    text: str,
    *,
    organisation: Organisation | None = None,
    owner: str = "",
    presets: Sequence[str] = (),
    fallback: str = "",
) -> list[Point]:
    """Every point of `text` with its picture, headings left out."""
    sections = sections_for(
        text, organisation=organisation, owner=owner, presets=presets, fallback=fallback
    )
    return [p for s in sections for p in s.points]
