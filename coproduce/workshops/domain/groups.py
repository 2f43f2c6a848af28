"""Saving and loading the groups of an activity (pairs, fours, storyboard groups).

The rules for who goes where are the pure functions in `grouping`. These helpers write inside
the caller's transaction and tell nobody: the domain function that calls them bumps the
room's version. A group keeps its number (and so its best idea or its board) while at least
one of its people stays in it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import F

from coproduce.initiatives.models import Capacity
from coproduce.workshops import grouping
from coproduce.workshops.grouping import Groups
from coproduce.workshops.models import Activity, Group, GroupMember, Participant, Workshop


def groups_of(activity: Activity, phase: str) -> list[tuple[Group, list[int]]]:
    """The groups of this activity in this phase, by number, with their people's ids."""
    groups = list(Group.objects.filter(activity=activity, phase=phase).order_by("number"))
    members: dict[int, list[int]] = {group.pk: [] for group in groups}
    for group_id, participant_id in (
        GroupMember.objects.filter(activity=activity, phase=phase)
        .order_by("participant_id")
        .values_list("group_id", "participant_id")
    ):
        members[group_id].append(participant_id)
    return [(group, members[group.pk]) for group in groups]


def lived_map(activity: Activity) -> dict[int, bool]:
    lived = set(Capacity.lived())
    return {
        pk: capacity in lived
        for pk, capacity in Participant.objects.filter(
            workshop_id=activity.workshop_id
        ).values_list("pk", "capacity")
    }


def present_people(activity: Activity) -> list[grouping.Person]:
    lived = set(Capacity.lived())
    return [
        (pk, capacity in lived)
        for pk, capacity in Participant.objects.filter(
            workshop_id=activity.workshop_id, left_at__isnull=True
        )
        .order_by("pk")
        .values_list("pk", "capacity")
    ]


def places_of(activity: Activity) -> grouping.Places | None:
    """Where each person takes part, for a hybrid workshop (None otherwise: one place)."""
    if activity.workshop.place != Workshop.Place.HYBRID:
        return None
    return dict(
        Participant.objects.filter(workshop_id=activity.workshop_id).values_list("pk", "joins_from")
    )


def save_groups(activity: Activity, phase: str, groups: Groups) -> None:
    """Store `groups`, keeping each old group's number for the new group that shares the
    most people with it. Empty old groups are deleted (their best idea stays, unlinked)."""
    old = groups_of(activity, phase)
    taken: set[int] = set()
    numbered: list[tuple[Group | None, list[int]]] = []
    for people in groups:
        best, overlap = None, 0
        for group, members in old:
            shared = len(set(members) & set(people))
            if group.pk not in taken and shared > overlap:
                best, overlap = group, shared
        if best is not None:
            taken.add(best.pk)
        numbered.append((best, people))
    used = {kept.number for kept, _m in numbered if kept is not None}
    next_number = 1
    GroupMember.objects.filter(activity=activity, phase=phase).delete()
    Group.objects.filter(activity=activity, phase=phase).exclude(pk__in=taken).delete()
    rows: list[GroupMember] = []
    for kept, people in numbered:
        if kept is None:
            while next_number in used:
                next_number += 1
            used.add(next_number)
            kept = Group.objects.create(
                organisation_id=activity.organisation_id,
                activity=activity,
                phase=phase,
                number=next_number,
            )
        rows.extend(
            GroupMember(
                organisation_id=activity.organisation_id,
                group=kept,
                activity=activity,
                phase=phase,
                participant_id=pk,
            )
            for pk in people
        )
    GroupMember.objects.bulk_create(rows)
    Group.objects.filter(activity=activity, phase=phase).update(revision=F("revision") + 1)


def change_groups(activity: Activity, phase: str, change: Callable[[Groups], Groups]) -> None:
    """Load the groups, apply a pure change from `grouping`, save them."""
    current = [members for _group, members in groups_of(activity, phase)]
    save_groups(activity, phase, change(current))


def current_phase_for_groups(activity: Activity) -> str | None:
    """Which groups people are in right now in this activity, if any."""
    if activity.kind == Activity.Kind.STORYBOARD:
        return Group.Phase.BOARD
    if activity.kind == Activity.Kind.ONE_TWO_FOUR and activity.phase in ("pairs", "fours"):
        return str(activity.phase)
    if activity.kind == Activity.Kind.ONE_TWO_FOUR and activity.phase == "all":
        return Group.Phase.FOURS
    return None


def group_for(activity: Activity, participant_id: int, phase: str) -> Group | None:
    member = (
        GroupMember.objects.filter(activity=activity, phase=phase, participant_id=participant_id)
        .select_related("group")
        .first()
    )
    return member.group if member else None
