from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.core.models import Membership, Organisation, Role
from coproduce.people.models import Person


def unique_slug(name: str) -> str:
    """A web-address name for an organisation that no other organisation has."""
    base = slugify(name)[:50] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_organisation(*, name: str, kind: str, creator: User) -> Organisation:
    """Start an organisation with `creator` as its first admin.

    Side effects: saves the Organisation, an admin Membership and a Person for the creator;
    logs "core.organisation.created".
    """
    organisation = Organisation.objects.create(name=name, slug=unique_slug(name), kind=kind)
    Membership.objects.create(organisation=organisation, user=creator, role=Role.ADMIN)
    Person.objects.create(
        organisation=organisation,
        name=creator.name or creator.email,
        email=creator.email,
        user=creator,
        created_by=creator,
    )
    log_action(organisation, "core.organisation.created", actor=creator)
    return organisation
