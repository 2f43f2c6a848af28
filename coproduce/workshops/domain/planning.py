"""Planning a workshop and its agenda (before the day)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.initiatives.models import Initiative
from coproduce.pictures.domain import copy_point_pictures, give_ready_made_pictures
from coproduce.workshops.domain.common import (
    Refused,
    _changed,
)
from coproduce.workshops.domain.inviting import tell_invited_of_move
from coproduce.workshops.models import (
    AccessNeed,
    Activity,
    Workshop,
    new_join_code,
)
from coproduce.workshops.plans import Plan, plan_for, planned_minutes
from coproduce.workshops.warmups import warm_up_for

# Fields whose change means people need an updated calendar entry.
CALENDAR_FIELDS = {"starts_at", "length_minutes", "title", "place", "venue", "online_link"}

# What a copy of a workshop keeps: the plan, never the people, the code or what was said.
COPIED_WORKSHOP_FIELDS = (
    "place",
    "venue",
    "online_link",
    "lived_target_percent",
    "purpose",
    "stage",
    "length_minutes",
)
COPIED_ACTIVITY_FIELDS = (
    "order",
    "kind",
    "title",
    "instruction",
    "easy_read_instruction",
    "planned_minutes",
    "mode",
    "dots_per_person",
    "max_dots_per_idea",
    "hide_tallies",
    "warm_up",
    "question",
    "alone_minutes",
    "pairs_minutes",
    "fours_minutes",
    "all_minutes",
    "group_size",
)


def activity_owner(activity: Activity) -> str:
    """How the pictures app names an activity's easy read words (see workshops/apps.py)."""
    return f"workshops.activity:{activity.pk}"


def create_workshop(
    initiative: Initiative, *, actor: User, plan: str = "", **fields: Any
) -> Workshop:
    """Plan a workshop for an initiative, with an empty agenda or one of the ready-made plans
    (`plans.py`, by key). Side effects: saves it with a fresh join code, and the plan's
    activities; logs "workshops.workshop.created" on the initiative."""
    chosen = plan_for(plan) if plan else None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                workshop = Workshop.objects.create(
                    organisation=initiative.organisation,
                    initiative=initiative,
                    join_code=new_join_code(),
                    **fields,
                )
                if chosen is not None:
                    _add_plan(workshop, chosen)
            break
        except IntegrityError:  # the same code is in use by another open workshop: roll again
            continue
    else:
        raise Refused(_("We could not make a join code. Please try again."), code="no_code")
    log_action(
        initiative,
        "workshops.workshop.created",
        actor=actor,
        data={"workshop": workshop.pk, "title": workshop.title, **({"plan": plan} if plan else {})},
    )
    return workshop


def _add_plan(workshop: Workshop, plan: Plan) -> None:
    for order, planned in enumerate(plan.activities):
        fields = {
            name: str(value) if isinstance(value, Promise) else value
            for name, value in planned.items()
        }
        picture = fields.pop("easy_read_picture", "")
        library = warm_up_for(fields.get("warm_up", ""))
        if library is not None:
            fields["title"] = fields.get("title") or str(library.title)
            fields.setdefault("instruction", str(library.what_to_do))
            fields.setdefault("easy_read_instruction", str(library.easy_read))
            fields["planned_minutes"] = library.minutes
            picture = picture or library.picture
        fields["planned_minutes"] = planned_minutes(fields)
        activity = Activity.objects.create(
            organisation=workshop.organisation, workshop=workshop, order=order, **fields
        )
        if picture and activity.easy_read_instruction:
            give_ready_made_pictures(
                workshop.organisation, owner=activity_owner(activity), pictures=[picture]
            )
    if not workshop.purpose or not workshop.stage:
        workshop.purpose = workshop.purpose or str(plan.purpose)
        workshop.stage = workshop.stage or plan.stage
        workshop.save(update_fields=["purpose", "stage"])


def copy_workshop(
    workshop: Workshop, *, title: str, starts_at: datetime.datetime, actor: User
) -> Workshop:
    """A new workshop with the same plan and agenda, for the same initiative.

    Copies the details (place, length, purpose, stage, target) and every activity's settings,
    in order, each not yet started. Never copies the people who joined, their access needs,
    or anything they said or voted (ideas, notes, storyboards, dots): those belong to the
    day they happened. Each activity keeps the pictures chosen for its easy read words.
    Side effects: as `create_workshop`; logs "workshops.workshop.copied" on the original.
    """
    fields = {name: getattr(workshop, name) for name in COPIED_WORKSHOP_FIELDS}
    fresh = create_workshop(
        workshop.initiative, actor=actor, title=title, starts_at=starts_at, **fields
    )
    originals = list(Activity.objects.filter(workshop=workshop).order_by("order", "id"))
    copies = Activity.objects.bulk_create(
        Activity(
            organisation=fresh.organisation,
            workshop=fresh,
            **{name: getattr(activity, name) for name in COPIED_ACTIVITY_FIELDS},
        )
        for activity in originals
    )
    copy_point_pictures(
        fresh.organisation,
        [(activity_owner(a), activity_owner(b)) for a, b in zip(originals, copies, strict=True)],
    )
    log_action(workshop, "workshops.workshop.copied", actor=actor, data={"copy": fresh.pk})
    return fresh


def set_access_need_arranged(need: AccessNeed, *, arranged: bool, actor: User) -> AccessNeed:
    """Say whether what someone needs is in place. Side effects: saves; logs
    "workshops.access_need.arranged" (or "unarranged") with the record's number only, never
    the need itself."""
    if need.arranged != arranged:
        need.arranged = arranged
        need.save(update_fields=["arranged"])
        verb = "arranged" if arranged else "unarranged"
        log_action(
            need.workshop,
            f"workshops.access_need.{verb}",
            actor=actor,
            data={"access_need": need.pk},
        )
    return need


def update_workshop(workshop: Workshop, *, actor: User, **fields: Any) -> Workshop:
    """Change a workshop's details.

    When what a calendar shows changes (the time, length, title or place), the calendar
    entry's sequence goes up, so the calendar file from anyone's sign-up page updates the
    event already in their calendar instead of adding a second one.
    Side effects: saves; logs the changed field names; tells the room; when a planned
    workshop moves to a new time, tells everyone invited who has not said no
    (`inviting.tell_invited_of_move`).
    """
    changed = sorted(name for name, value in fields.items() if getattr(workshop, name) != value)
    for name, value in fields.items():
        setattr(workshop, name, value)
    with transaction.atomic():
        if CALENDAR_FIELDS & set(changed):
            workshop.calendar_sequence += 1
        workshop.save()
        if "starts_at" in changed and workshop.state == Workshop.State.PLANNED:
            tell_invited_of_move(workshop)
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
        library = warm_up_for(activity.warm_up)
        if library is not None and activity.easy_read_instruction == str(library.easy_read):
            give_ready_made_pictures(
                workshop.organisation, owner=activity_owner(activity), pictures=[library.picture]
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
    """Change an activity. A vote that has started keeps its number of dots or gets more
    (`start_activity` fixed it): fewer, or none (which would follow the ideas showing), keep
    it as it is, so nobody's dots fall mid-vote. Side effects: saves; logs changed field
    names; tells the room."""
    if activity.is_voting and activity.state != Activity.State.PENDING and activity.dots_per_person:
        given = fields.get("dots_per_person", activity.dots_per_person)
        fields["dots_per_person"] = max(given or 0, activity.dots_per_person)
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
