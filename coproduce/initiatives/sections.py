"""Parts of the initiative page that the apps built on initiatives provide.

`initiatives` sits below those apps (the ladder is built on it), so it never imports them. An
app adds a part by registering, in its `AppConfig.ready()`, a name (the template's context key)
and a read-only function of the initiative; the template `initiatives/initiative_detail.html`
includes the app's partial. Same pattern as `core.audit.register_private_entries`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from coproduce.initiatives.models import Initiative
from coproduce.people.models import Person

_sections: dict[str, Callable[[Initiative], Any]] = {}


def register_initiative_section(name: str, build: Callable[[Initiative], Any]) -> None:
    """Show `build(initiative)` on every initiative page as `name`. Called from `ready()`."""
    _sections[name] = build


def initiative_sections_for(initiative: Initiative) -> dict[str, Any]:
    """Every registered part of this initiative's page, by name."""
    return {name: build(initiative) for name, build in _sections.items()}


@dataclass(frozen=True)
class PeopleGroup:
    """A group of people staff can invite at once (a workshop's invitations): the
    initiative's people, or the members of a panel."""

    key: str  # unique on the page: "initiative", "panel-3"
    name: str
    people: list[Person]


_people_groups: list[Callable[[Initiative], list[PeopleGroup]]] = []


def register_people_groups(build: Callable[[Initiative], list[PeopleGroup]]) -> None:
    """Offer `build(initiative)`'s groups wherever staff invite people to the initiative's
    work (panels registers its panels' members). Called from `ready()`."""
    _people_groups.append(build)


def people_groups_for(initiative: Initiative) -> list[PeopleGroup]:
    """The initiative's own people first, then every registered group, for staff to invite."""
    own = [
        involvement.person
        for involvement in initiative.involvements.select_related("person").order_by(
            "person__name", "pk"
        )
    ]
    groups = [PeopleGroup("initiative", str(_("People in this initiative")), own)]
    for build in _people_groups:
        groups += build(initiative)
    return groups
