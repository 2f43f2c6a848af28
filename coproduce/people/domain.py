from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coproduce.core.audit import log_action
from coproduce.core.models import Organisation
from coproduce.people.models import Person

if TYPE_CHECKING:  # for types only: accounts builds on people, not the other way round
    from coproduce.accounts.models import User


def create_person(organisation: Organisation, *, created_by: User, **fields: Any) -> Person:
    """Add a person's record, often on their behalf. Side effects: saves it; logs it."""
    person = Person.objects.create(organisation=organisation, created_by=created_by, **fields)
    log_action(person, "people.person.created", actor=created_by)
    return person


def update_person(person: Person, *, actor: User, **fields: Any) -> Person:
    """Change a person's record. Side effects: saves it; logs which fields changed (not values)."""
    changed = sorted(name for name, value in fields.items() if getattr(person, name) != value)
    for name, value in fields.items():
        setattr(person, name, value)
    person.save()
    if changed:
        log_action(person, "people.person.updated", actor=actor, data={"fields": changed})
    return person
