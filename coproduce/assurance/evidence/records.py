"""The records the evidence reads, loaded once in a fixed number of queries, and the links."""

from __future__ import annotations

import datetime
import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, cast

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.models import Organisation
from coproduce.decisions.models import Decision
from coproduce.initiatives.models import Capacity, Initiative, Involvement
from coproduce.outcomes.models import Contribution, FeedbackSent
from coproduce.panels.models import AdjustmentCheck, Attendance, Meeting, Panel
from coproduce.payments.models import Claim, Status
from coproduce.workshops.models import Participant, Workshop

# "From the very start": people with lived experience who joined within this many days of the
# work being set up on the platform.
START_DAYS = 14
# Links listed per kind of record; the rest are counted.
MAX_LINKS = 5
LIVED = frozenset(Capacity.lived())


class Shows(StrEnum):
    BACKED = "backed"  # the records show it
    NOT_SHOWN = "not_shown"  # there are records of this kind, and they do not show it
    CANNOT_TELL = "cannot_tell"  # no records of this kind: the platform cannot tell


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    staff_only: bool = True


@dataclass
class Records:
    """Everything the lines read, loaded once."""

    initiative: Initiative
    org: str
    lived_joined: list[datetime.date] = field(default_factory=list)
    lived_people: set[int] = field(default_factory=set)
    workshops: list[Workshop] = field(default_factory=list)
    at_workshops: Counter[str] = field(default_factory=Counter)  # "lived"/"learnt" -> people
    workshops_with_lived: set[int] = field(default_factory=set)
    ideas: int = 0
    panels: list[Panel] = field(default_factory=list)
    held: list[Meeting] = field(default_factory=list)
    upcoming: list[Meeting] = field(default_factory=list)
    at_meetings: Counter[str] = field(default_factory=Counter)
    meetings_with_lived: set[int] = field(default_factory=set)
    checks: Counter[str] = field(default_factory=Counter)
    contributions: list[tuple[int, str, datetime.date, datetime.date | None, bool]] = field(
        default_factory=list
    )
    decisions: Counter[str] = field(default_factory=Counter)
    paid_people: set[int] = field(default_factory=set)
    # The links, made once each however many lines show them (see `_made_once`).
    links: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def set_up_on(self) -> datetime.date:
        return timezone.localdate(self.initiative.created_at)


def load_records(initiative: Initiative) -> Records:
    return load_records_for(initiative.organisation, [initiative])[initiative.pk]


def load_records_for(
    organisation: Organisation, initiatives: Sequence[Initiative]
) -> dict[int, Records]:
    """The records of each of `initiatives` of `organisation`, by initiative id.

    Ten queries at most, however many initiatives and records there are.
    """
    if not initiatives:
        return {}
    org = organisation.slug
    found = {i.pk: Records(initiative=i, org=org) for i in initiatives}
    ids = list(found)
    for initiative_id, person_id, capacity, joined_on in Involvement.objects.filter(
        initiative_id__in=ids
    ).values_list("initiative_id", "person_id", "capacity", "joined_on"):
        if capacity in LIVED:
            found[initiative_id].lived_joined.append(joined_on)
            found[initiative_id].lived_people.add(person_id)
    for workshop in (
        Workshop.objects.filter(initiative_id__in=ids)
        .only("id", "initiative_id", "title", "starts_at", "state")
        .annotate(ideas=Count("activities__ideas"))
    ):
        records = found[workshop.initiative_id]
        records.workshops.append(workshop)
        records.ideas += getattr(workshop, "ideas", 0)
    for initiative_id, workshop_id, capacity, n in (
        Participant.objects.filter(workshop__initiative_id__in=ids)
        .values_list("workshop__initiative_id", "workshop_id", "capacity")
        .annotate(n=Count("id"))
        .order_by()
    ):
        records, lived = found[initiative_id], capacity in LIVED
        records.at_workshops["lived" if lived else "learnt"] += n
        if lived:
            records.workshops_with_lived.add(workshop_id)
    for panel in (
        Panel.objects.filter(initiatives__in=ids)
        .annotate(initiative_id=F("initiatives"))
        .only("id", "name")
    ):
        found[panel.initiative_id].panels.append(panel)
    now = timezone.now()
    for meeting in (
        Meeting.objects.filter(
            panel__initiatives__in=ids, cancelled_at__isnull=True, starts_at__isnull=False
        )
        .annotate(initiative_id=F("panel__initiatives"))
        .only("id", "panel_id", "title", "starts_at")
    ):
        records, starts_at = found[meeting.initiative_id], meeting.starts_at or now
        (records.held if starts_at <= now else records.upcoming).append(meeting)
    for initiative_id, meeting_id, person_id, capacity in Attendance.objects.filter(
        meeting__panel__initiatives__in=ids,
        meeting__cancelled_at__isnull=True,
        status=Attendance.Status.ATTENDED,
    ).values_list("meeting__panel__initiatives", "meeting_id", "person_id", "capacity"):
        records, lived = found[initiative_id], capacity == Attendance.Capacity.LIVED
        records.at_meetings["lived" if lived else "learnt"] += 1
        if lived:
            records.meetings_with_lived.add(meeting_id)
            records.lived_people.add(person_id)
    for (initiative_id, result), n in _count_by(
        AdjustmentCheck.objects.filter(meeting__panel__initiatives__in=ids),
        "meeting__panel__initiatives",
        "result",
    ).items():
        found[initiative_id].checks[result] = n
    feedback = FeedbackSent.objects.filter(contribution=OuterRef("pk"))
    for initiative_id, *row in (
        Contribution.objects.filter(initiative_id__in=ids)
        .annotate(fed_back=Exists(feedback))
        .values_list("initiative_id", "id", "source", "said_on", "first_response_on", "fed_back")
    ):
        found[initiative_id].contributions.append(tuple(row))  # type: ignore[arg-type]  # values_list rows are typed as a plain tuple
    for (initiative_id, how), n in _count_by(
        Decision.objects.filter(initiative_id__in=ids), "initiative_id", "how"
    ).items():
        found[initiative_id].decisions[how] = n
    _load_paid(list(found.values()))
    return found


def _load_paid(all_records: list[Records]) -> None:
    """Who among each initiative's people with lived experience has a paid claim for it: for
    one of its panels, or for any activity since the work was set up. One query."""
    lived = set().union(*(r.lived_people for r in all_records))
    if not lived:
        return
    panel_ids = {p.pk for r in all_records for p in r.panels}
    earliest = min(r.set_up_on for r in all_records)
    paid = list(
        Claim.objects.filter(
            Q(panel_id__in=panel_ids) | Q(activity_date__gte=earliest),
            person_id__in=lived,
            status=Status.PAID,
        ).values_list("person_id", "panel_id", "activity_date")
    )
    for records in all_records:
        panels = {p.pk for p in records.panels}
        records.paid_people = {
            person_id
            for person_id, panel_id, activity_date in paid
            if person_id in records.lived_people
            and (panel_id in panels or activity_date >= records.set_up_on)
        }


def _count_by(queryset: QuerySet[Any], *names: str) -> Counter[tuple[Any, ...]]:
    """How many rows of `queryset` have each combination of the fields `names`, in one query."""
    return Counter(
        {
            tuple(row[:-1]): row[-1]
            for row in queryset.values_list(*names).annotate(n=Count("id")).order_by()
        }
    )


# The links. Staff pages are only shown to staff; the "you said, we did" page to everyone.


def _made_once[R](make: Callable[[Records], R]) -> Callable[[Records], R]:
    """`make`, called once for each `Records`: several lines show the same links."""

    @functools.wraps(make)
    def made(r: Records) -> R:
        if make.__name__ not in r.links:
            r.links[make.__name__] = make(r)
        return cast(R, r.links[make.__name__])

    return made


@_made_once
def people_link(r: Records) -> Link:
    url = reverse("initiative_detail", kwargs={"org": r.org, "pk": r.initiative.pk})
    return Link(_("Who is involved"), f"{url}#people-heading", staff_only=False)


@_made_once
def outcomes_link(r: Records) -> Link:
    url = reverse("outcomes_initiative", kwargs={"org": r.org, "pk": r.initiative.pk})
    return Link(_("You said, we did"), url, staff_only=False)


@_made_once
def workshop_links(r: Records) -> tuple[Link, ...]:
    return tuple(
        Link(
            w.title,
            reverse(
                "workshop_detail", kwargs={"org": r.org, "pk": r.initiative.pk, "workshop_pk": w.pk}
            ),
        )
        for w in r.workshops[:MAX_LINKS]
    )


@_made_once
def meeting_links(r: Records) -> tuple[Link, ...]:
    latest = sorted(r.held, key=lambda m: m.starts_at or timezone.now(), reverse=True)
    return tuple(
        Link(
            m.title,
            reverse(
                "panel_meeting_detail",
                kwargs={"org": r.org, "pk": m.panel_id, "meeting_pk": m.pk},
            ),
        )
        for m in (latest + r.upcoming)[:MAX_LINKS]
    )


@_made_once
def panel_links(r: Records) -> tuple[Link, ...]:
    return tuple(
        Link(p.name, reverse("panel_detail", kwargs={"org": r.org, "pk": p.pk}))
        for p in r.panels[:MAX_LINKS]
    )


Found = tuple[Shows, str, tuple[Link, ...]]


def date_text(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
