from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.core.models import Organisation
from coproduce.initiatives.models import Initiative, Involvement
from coproduce.initiatives.queries import PeopleByCapacity, people_by_capacity
from coproduce.people.models import Person


def create_initiative(organisation: Organisation, *, actor: User, **fields: Any) -> Initiative:
    """Start a piece of work. Side effects: saves it; logs "initiatives.initiative.created"."""
    initiative = Initiative.objects.create(organisation=organisation, **fields)
    log_action(initiative, "initiatives.initiative.created", actor=actor)
    return initiative


def update_initiative(initiative: Initiative, *, actor: User, **fields: Any) -> Initiative:
    """Change an initiative. Side effects: saves it; logs the changed fields and any new stage."""
    changed = sorted(name for name, value in fields.items() if getattr(initiative, name) != value)
    old_stage = initiative.stage
    for name, value in fields.items():
        setattr(initiative, name, value)
    initiative.save()
    if "stage" in changed:
        log_action(
            initiative,
            "initiatives.initiative.stage_changed",
            actor=actor,
            data={"from": old_stage, "to": initiative.stage},
        )
    if changed:
        log_action(
            initiative, "initiatives.initiative.updated", actor=actor, data={"fields": changed}
        )
    return initiative


def add_person_to_initiative(
    initiative: Initiative,
    person: Person,
    *,
    capacity: str,
    joined_on: datetime.date,
    actor: User,
) -> Involvement:
    """Record that `person` takes part in `initiative` in `capacity` from `joined_on`.

    Side effects: saves the Involvement; logs "initiatives.person.added" on the initiative.
    Raises ValidationError if the person is already involved.
    """
    if person.organisation_id != initiative.organisation_id:
        raise ValidationError(_("That person is not part of this organisation."))
    try:
        with transaction.atomic():
            involvement = Involvement.objects.create(
                organisation=initiative.organisation,
                initiative=initiative,
                person=person,
                capacity=capacity,
                joined_on=joined_on,
            )
    except IntegrityError:
        raise ValidationError(
            _("%(name)s is already part of this work.") % {"name": person.display_name},
            code="duplicate",
        ) from None
    log_action(
        initiative,
        "initiatives.person.added",
        actor=actor,
        data={"person": person.pk, "name": person.display_name, "capacity": capacity},
    )
    return involvement


CARE_STATUS_VIEWED = "initiatives.care_status.viewed"


def read_care_status(initiative: Initiative, *, actor: User) -> PeopleByCapacity:
    """Who is involved, split by capacity: whether each person draws on care and support or is
    a carer is special category data, so only staff read it (members see only their own).

    Side effects: logs CARE_STATUS_VIEWED with how many people were shown, never who is what.
    """
    people = people_by_capacity(initiative)
    log_action(
        initiative,
        CARE_STATUS_VIEWED,
        actor=actor,
        data={"people": len(people.lived) + len(people.learnt)},
    )
    return people


def remove_person_from_initiative(involvement: Involvement, *, actor: User) -> None:
    """Take someone off an initiative. Side effects: deletes the Involvement; logs it."""
    initiative, person = involvement.initiative, involvement.person
    involvement.delete()
    log_action(
        initiative,
        "initiatives.person.removed",
        actor=actor,
        data={"person": person.pk, "name": person.display_name},
    )
