"""What each person's home page shows, given by the apps that know it.

The home (`initiatives.views.dashboard`, at /o/<org>/) lives in `initiatives`, which sits below
the apps that hold a member's meetings, claims and concerns, so it never imports them. Each app
registers, from its `AppConfig.ready()`, read-only functions from its own `queries.py`:

- `register_home_part(name, build)`: `build(membership, person)` gives what the home shows
  under `name` (for example "panels": the person's meetings, polls and contacts);
- `register_to_dos(build)`: `build(membership, person, today)` gives the staff to-do items of
  that app, each with a due date and why.

The same pattern as `initiatives.sections` and `core.audit.register_private_entries`. We chose
registration over putting the home in a high app (such as `demo`, the only one that may import
every app) because each app keeps its own rules: only wellbeing decides who may see that a
concern is waiting, only payments who may see the finance queue.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.core.models import Membership, Role
from coproduce.people.models import Message, Person


@dataclass(frozen=True)
class ToDo:
    """One thing for staff to do: what, why, by when, and where to do it.

    `what` and `why` never hold special category data: "A concern needs a reply", never what
    the concern says."""

    what: str
    why: str
    due: datetime.date | None
    url: str
    kind: str = ""  # the app's own name for it, for tests and styling

    def is_late(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today


HomePart = Callable[[Membership, Person | None], Any]
ToDoSource = Callable[[Membership, Person | None, datetime.date], Iterable[ToDo]]

_parts: dict[str, HomePart] = {}
_to_dos: dict[str, ToDoSource] = {}


def register_home_part(name: str, build: HomePart) -> None:
    """Show `build(membership, person)` on the home page as `name`. Called from `ready()`."""
    _parts[name] = build


def register_to_dos(name: str, build: ToDoSource) -> None:
    """Add `build(membership, person, today)`'s items to the staff to-do list."""
    _to_dos[name] = build


def home_parts_for(membership: Membership, person: Person | None) -> dict[str, Any]:
    """Every registered part of this person's home, by name."""
    return {name: build(membership, person) for name, build in _parts.items()}


def to_dos_for(membership: Membership, person: Person | None, today: datetime.date) -> list[ToDo]:
    """Every app's to-do items for this person, soonest due first (undated last)."""
    items = [item for build in _to_dos.values() for item in build(membership, person, today)]
    return sorted(items, key=lambda item: (item.due is None, item.due or today, item.what))


MESSAGES_BY_HAND_WITHIN_DAYS = 2  # a letter or text staff send should not wait longer


def message_to_dos(
    membership: Membership, person: Person | None, today: datetime.date
) -> list[ToDo]:
    """Staff to-dos for messages people chose to get by text, letter or phone that did not go
    by themselves, and messages that could not be sent. Counts only (one query)."""
    if not membership.has_role(Role.STAFF):
        return []
    rows = (
        Message.objects.for_organisation(membership.organisation)
        .filter(status__in=[Message.Status.BY_HAND, Message.Status.FAILED])
        .values("status", "channel")
        .annotate(n=Count("id"), oldest=Min("created_at"))
        .order_by("status", "channel")
    )
    words: dict[str, Callable[[int], str]] = {
        Message.Channel.LETTER: lambda n: ngettext(
            "%(n)d letter to print and post", "%(n)d letters to print and post", n
        ),
        Message.Channel.TEXT: lambda n: ngettext(
            "%(n)d text message to send", "%(n)d text messages to send", n
        ),
        Message.Channel.CALL: lambda n: ngettext(
            "%(n)d phone call to make", "%(n)d phone calls to make", n
        ),
        Message.Channel.EMAIL: lambda n: ngettext("%(n)d email to send", "%(n)d emails to send", n),
    }
    url = reverse("messages_to_send", args=[membership.organisation.slug])
    items = []
    for row in rows:
        oldest = timezone.localtime(row["oldest"]).date()
        if row["status"] == Message.Status.FAILED:
            what = ngettext(
                "%(n)d message could not be sent", "%(n)d messages could not be sent", row["n"]
            ) % {"n": row["n"]}
            why = _("We tried more than once. Send it another way, then mark it sent.")
        else:
            what = words[row["channel"]](row["n"]) % {"n": row["n"]}
            why = _("They chose this way to hear from us. The words are ready to use.")
        items.append(
            ToDo(
                what=what,
                why=why,
                due=oldest + datetime.timedelta(days=MESSAGES_BY_HAND_WITHIN_DAYS),
                url=url,
                kind="messages",
            )
        )
    return items
