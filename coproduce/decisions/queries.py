"""Reads for decisions: the list on a piece of work or a panel, and the choices a decision's
form offers (only records of the same organisation and the same piece of work or panel)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Window

from coproduce.decisions.models import Decision
from coproduce.initiatives.models import Initiative
from coproduce.outcomes.models import Contribution
from coproduce.panels.models import Meeting, Panel
from coproduce.people.models import Person
from coproduce.workshops.models import Workshop

# How many of the latest decisions the initiative page shows before "see all".
SECTION_SIZE = 3


def decisions_for(
    *, initiative: Initiative | None = None, panel: Panel | None = None
) -> QuerySet[Decision]:
    """The decisions on this piece of work (or of this panel), newest first, with everything
    the list shows loaded in a fixed number of queries."""
    decisions = Decision.objects.select_related(
        "recorded_by", "workshop", "meeting", "contribution", "response"
    ).prefetch_related("people")
    if initiative is not None:
        return decisions.filter(organisation_id=initiative.organisation_id, initiative=initiative)
    if panel is not None:
        return decisions.filter(organisation_id=panel.organisation_id, panel=panel)
    return decisions.none()


@dataclass(frozen=True)
class DecisionsSection:
    """The latest decisions on a piece of work, and how many there are in all."""

    latest: Sequence[Decision]
    count: int


def decisions_section_for(initiative: Initiative) -> DecisionsSection:
    """The part of the initiative page about its decisions (registered from `apps.py`): the
    latest few, and how many in all, in one query."""
    latest = list(
        Decision.objects.filter(organisation_id=initiative.organisation_id, initiative=initiative)
        .annotate(total=Window(Count("id")))
        .order_by("-decided_on", "-id")[:SECTION_SIZE]
    )
    return DecisionsSection(latest=latest, count=latest[0].total if latest else 0)


def people_who_can_take_part(
    *, initiative: Initiative | None = None, panel: Panel | None = None
) -> QuerySet[Person]:
    """Who may be named as taking part: the people involved in the piece of work, and the
    members of the panel (past members too: a decision may be older than their leaving)."""
    found = Q(pk__in=[])
    if initiative is not None:
        found |= Q(involvements__initiative=initiative)
    if panel is not None:
        found |= Q(panel_memberships__panel=panel)
    owner = initiative or panel
    if owner is None:
        return Person.objects.none()
    return (
        Person.objects.filter(found, organisation_id=owner.organisation_id)
        .distinct()
        .order_by("name", "id")
    )


def workshops_to_choose(initiative: Initiative | None) -> QuerySet[Workshop]:
    if initiative is None:
        return Workshop.objects.none()
    return Workshop.objects.filter(
        organisation_id=initiative.organisation_id, initiative=initiative
    ).order_by("-starts_at", "-id")


def meetings_to_choose(panel: Panel | None) -> QuerySet[Meeting]:
    if panel is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(
        organisation_id=panel.organisation_id, panel=panel, cancelled_at__isnull=True
    ).order_by("-starts_at", "-id")


def contributions_to_choose(
    *, initiative: Initiative | None = None, panel: Panel | None = None
) -> QuerySet[Contribution]:
    """What was said about this piece of work or to this panel, newest first."""
    found = Q(pk__in=[])
    if initiative is not None:
        found |= Q(initiative=initiative)
    if panel is not None:
        found |= Q(panel=panel)
    owner = initiative or panel
    if owner is None:
        return Contribution.objects.none()
    return Contribution.objects.filter(found, organisation_id=owner.organisation_id).order_by(
        "-said_on", "-id"
    )


def person_for_user(organisation_id: int, user_id: int) -> Person | None:
    """The signed-in person's own record in this organisation, if they have one."""
    return Person.objects.filter(organisation_id=organisation_id, user_id=user_id).first()
