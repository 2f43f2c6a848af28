"""Easy read first: one answer to "does this reader want easy read?" for every page and message,
and to "large print?" for the person's own pages.

The choice is kept in two places only, both already there:
- `Person.formats` holds "easy_read" (chosen at application, in the person's settings, or
  by staff on their record). Messages built for a person read it (`person_wants_easy_read`).
- The visit's session holds the switch on each page (?version=easy-read or =standard),
  and the choice made when joining a workshop by code (a participant may have no record).
  One session key for every app, so a choice on one page holds on the next.

Large print is on `Person.formats` too. At login, and when the person saves their choices,
the visit's session remembers it, so every page can make the text larger (the `text-large`
class on the page, as "Text size and colours" does) without reading the record each time.
A size chosen on "Text size and colours" (a cookie) wins.

Access needs (special category data) are never read here: joining a workshop sets the
session switch from what the person ticks, and nothing else is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from django.http import HttpRequest

from coproduce.core.display import COOKIE as DISPLAY_COOKIE
from coproduce.people.models import Format, Person

SESSION_KEY = "easy_read"
LARGE_PRINT_KEY = "large_print"
VERSIONS = {"easy-read": True, "standard": False}


class HasFormats(Protocol):
    @property
    def formats(self) -> Sequence[str]: ...


def person_wants_easy_read(person: Person | HasFormats | None) -> bool:
    """True when the person chose easy read (their record's formats, or the formats an
    applicant with no record yet chose, see `people.messages.Recipient`)."""
    return bool(person is not None and Format.EASY_READ in (person.formats or []))


def person_wants_large_print(person: Person | None) -> bool:
    """True when the person chose large print (their record's formats)."""
    return bool(person is not None and Format.LARGE_PRINT in (person.formats or []))


def remember_choices(request: HttpRequest, person: Person) -> None:
    """The person just saved their own choices: show the rest of this visit their way."""
    choose_version(request, person_wants_easy_read(person))
    if hasattr(request, "session"):
        request.session[LARGE_PRINT_KEY] = person_wants_large_print(person)


def remember_large_print_at_login(
    sender: Any, request: HttpRequest, user: Any, **kwargs: Any
) -> None:
    """At login (the `user_logged_in` signal): remember for the visit whether any of this
    login's records chose large print. One query, once a visit."""
    if request is not None and hasattr(request, "session"):
        people = Person.objects.filter(user=user).values_list("formats", flat=True)
        request.session[LARGE_PRINT_KEY] = any(
            Format.LARGE_PRINT in (formats or []) for formats in people
        )


def reading_choices(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `large_print` is true when the page should use larger text for this
    person, and they have not chosen a size on "Text size and colours"."""
    session = getattr(request, "session", None)
    wants = bool(session is not None and session.get(LARGE_PRINT_KEY))
    return {"large_print": wants and DISPLAY_COOKIE not in request.COOKIES}


def choose_version(request: HttpRequest, easy_read: bool) -> None:
    """Remember the reader's choice for the rest of the visit."""
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = easy_read


def choose_large_print(request: HttpRequest, large: bool) -> None:
    """Larger text for the rest of the visit (chosen when joining a workshop, where the
    participant may have no record)."""
    if hasattr(request, "session"):
        request.session[LARGE_PRINT_KEY] = large


def wants_easy_read(request: HttpRequest, person: Person | None = None) -> bool:
    """The version to show first: the switch on the page (?version=), then the choice made
    earlier in this visit, then the person's own choice on their record."""
    version = request.GET.get("version")
    if version in VERSIONS:
        choose_version(request, VERSIONS[version])
    session = getattr(request, "session", None)
    if session is not None and SESSION_KEY in session:
        return bool(session[SESSION_KEY])
    if person is None:
        person = _person_of(request)
    return person_wants_easy_read(person)


def _person_of(request: HttpRequest) -> Person | None:
    """The viewer's own record in the organisation of the page, when there is one."""
    user = getattr(request, "user", None)
    organisation = getattr(request, "organisation", None)
    if user is None or not user.is_authenticated or organisation is None:
        return None
    return Person.objects.filter(organisation=organisation, user=user).first()
