"""A lookup the apps' demo loaders share: the demo person behind a demo login."""

from __future__ import annotations

from coproduce.core.models import Organisation
from coproduce.people.models import Person


def person_with_login(organisation: Organisation, email: str) -> Person:
    """The organisation's person record for the user who signs in with `email`."""
    return Person.objects.get(organisation=organisation, user__email=email)
