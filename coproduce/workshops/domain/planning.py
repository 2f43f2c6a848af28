"""Planning a workshop and its agenda (before the day)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.initiatives.models import Initiative
from coproduce.workshops.domain.common import (
    Refused,
    _changed,
)
from coproduce.workshops.models import (
    Activity,
    Workshop,
    new_join_code,
)


def create_workshop(initiative: Initiative, *, actor: User, **fields: Any) -> Workshop:
    """Plan a workshop for an initiative. Side effects: saves it with a fresh join code; logs
    "workshops.workshop.created" on the initiative."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                workshop = Workshop.objects.create(
                    organisation=initiative.organisation,
                    initiative=initiative,
                    join_code=new_join_code(),
                    **fields,
                )
            break
        except IntegrityError:  # the same code is in use by another open workshop: roll again
            continue
    else:
        raise Refused(_("We could not make a join code. Please try again."), code="no_code")
    log_action(
        initiative,
        "workshops.workshop.created",
        actor=actor,
        data={"workshop": workshop.pk, "title": workshop.title},
    )
    return workshop


def update_workshop(workshop: Workshop, *, actor: User, **fields: Any) -> Workshop:
    """Change a workshop's details.

    Side effects: saves; logs the changed field names; tells the room.
    """
    changed = sorted(name for name, value in fields.items() if getattr(workshop, name) != value)
    for name, value in fields.items():
        setattr(workshop, name, value)
    with transaction.atomic():
        workshop.save()
        _changed(workshop.pk)
    if changed:
        log_action(workshop, "workshops.workshop.updated", actor=actor, data={"fields": changed})
    return workshop


def add_activity(workshop: Workshop, *, actor: User, **fields: Any) -> Activity:
    """Add an activity at the end of the agenda. Side effects: saves; logs; tells the room."""
    with transaction.atomic():
        last = Activity.objects.filter(workshop=workshop).aggregate(m=Max("order"))["m"]
        activity = Activity.objects.create(
            organisation=workshop.organisation,
            workshop=workshop,
            order=0 if last is None else last + 1,
            **fields,
        )
        _changed(workshop.pk)
    log_action(
        workshop,
        "workshops.activity.added",
        actor=actor,
        data={"activity": activity.pk, "title": activity.title},
    )
    return activity


def update_activity(activity: Activity, *, actor: User, **fields: Any) -> Activity:
    """Change an activity. Side effects: saves; logs changed field names; tells the room."""
    changed = sorted(name for name, value in fields.items() if getattr(activity, name) != value)
    for name, value in fields.items():
        setattr(activity, name, value)
    with transaction.atomic():
        activity.save()
        _changed(activity.workshop_id)
    if changed:
        log_action(
            activity.workshop,
            "workshops.activity.updated",
            actor=actor,
            data={"activity": activity.pk, "fields": changed},
        )
    return activity


def move_activity(activity: Activity, *, up: bool, actor: User) -> None:
    """Swap an activity with the one before (up) or after it. Side effects: saves both
    orders (renumbered 0..n-1); tells the room. Does nothing at either end."""
    with transaction.atomic():
        agenda = list(
            Activity.objects.select_for_update()
            .filter(workshop_id=activity.workshop_id)
            .order_by("order", "id")
        )
        index = next(i for i, a in enumerate(agenda) if a.pk == activity.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(agenda):
            return
        agenda[index], agenda[other] = agenda[other], agenda[index]
        for position, item in enumerate(agenda):
            if item.order != position:
                item.order = position
                item.save(update_fields=["order"])
        _changed(activity.workshop_id)
    log_action(
        activity.workshop,
        "workshops.activity.moved",
        actor=actor,
        data={"activity": activity.pk, "direction": "up" if up else "down"},
    )


def remove_activity(activity: Activity, *, actor: User) -> None:
    """Take an activity off the agenda, with its ideas and votes. Side effects: deletes;
    logs; tells the room. Refused while it is running."""
    if activity.is_open:
        raise Refused(_("Stop this activity before you remove it."), code="running")
    workshop = activity.workshop
    title = activity.title
    with transaction.atomic():
        activity.delete()
        _changed(workshop.pk)
    log_action(workshop, "workshops.activity.removed", actor=actor, data={"title": title})
