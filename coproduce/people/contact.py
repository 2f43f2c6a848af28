"""How to reach a person, from what their record holds. Every app that sends asks here."""

from __future__ import annotations

from django.utils.translation import gettext as _

from coproduce.people.models import ContactMethod, Person


def prefers_email(person: Person) -> bool:
    """Email when they have an address and have not asked for another way."""
    methods = person.contact_methods or []
    return bool(person.email) and (not methods or ContactMethod.EMAIL in methods)


def how_to_reach(person: Person) -> str:
    """One line saying how to reach someone, from what their record holds."""
    ways = []
    if person.email:
        ways.append(_("email %(email)s") % {"email": person.email})
    if person.phone:
        ways.append(_("phone %(phone)s") % {"phone": person.phone})
    if not ways:
        return str(person.display_name)
    return _("%(name)s: %(ways)s") % {"name": person.display_name, "ways": _(" or ").join(ways)}
