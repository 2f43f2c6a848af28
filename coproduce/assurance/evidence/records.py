"""The records the evidence reads, loaded once in a fixed number of queries, and the links."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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

    @property
    def set_up_on(self) -> datetime.date:
        return timezone.localdate(self.initiative.created_at)


def load_records(initiative: Initiative) -> Records:
    org = initiative.organisation.slug
    records = Records(initiative=initiative, org=org)
    for person_id, capacity, joined_on in Involvement.objects.filter(
        initiative=initiative
    ).values_list("person_id", "capacity", "joined_on"):
        if capacity in LIVED:
            records.lived_joined.append(joined_on)
            records.lived_people.add(person_id)
    records.workshops = list(
        Workshop.objects.filter(initiative=initiative)
        .only("id", "title", "starts_at", "state")
        .annotate(ideas=Count("activities__ideas"))
    )
    records.ideas = sum(getattr(w, "ideas", 0) for w in records.workshops)
    for workshop_id, capacity, n in (
        Participant.objects.filter(workshop__initiative=initiative)
        .values_list("workshop_id", "capacity")
        .annotate(n=Count("id"))
        .order_by()
    ):
        lived = capacity in LIVED
        records.at_workshops["lived" if lived else "learnt"] += n
        if lived:
            records.workshops_with_lived.add(workshop_id)
    records.panels = list(Panel.objects.filter(initiatives=initiative).only("id", "name"))
    now = timezone.now()
    for meeting in Meeting.objects.filter(
        panel__initiatives=initiative, cancelled_at__isnull=True, starts_at__isnull=False
    ).only("id", "panel_id", "title", "starts_at"):
        starts_at = meeting.starts_at or now
        (records.held if starts_at <= now else records.upcoming).append(meeting)
    for meeting_id, person_id, capacity in Attendance.objects.filter(
        meeting__panel__initiatives=initiative,
        meeting__cancelled_at__isnull=True,
        status=Attendance.Status.ATTENDED,
    ).values_list("meeting_id", "person_id", "capacity"):
        lived = capacity == Attendance.Capacity.LIVED
        records.at_meetings["lived" if lived else "learnt"] += 1
        if lived:
            records.meetings_with_lived.add(meeting_id)
            records.lived_people.add(person_id)
    records.checks = _count_by(
        AdjustmentCheck.objects.filter(meeting__panel__initiatives=initiative), "result"
    )
    feedback = FeedbackSent.objects.filter(contribution=OuterRef("pk"))
    records.contributions = list(
        Contribution.objects.filter(initiative=initiative)
        .annotate(fed_back=Exists(feedback))
        .values_list("id", "source", "said_on", "first_response_on", "fed_back")
    )
    records.decisions = _count_by(Decision.objects.filter(initiative=initiative), "how")
    if records.lived_people:
        panel_ids = [p.pk for p in records.panels]
        records.paid_people = set(
            Claim.objects.filter(
                Q(panel_id__in=panel_ids) | Q(activity_date__gte=records.set_up_on),
                person_id__in=records.lived_people,
                status=Status.PAID,
            ).values_list("person_id", flat=True)
        )
    return records


def _count_by(queryset: QuerySet[Any], name: str) -> Counter[str]:
    """How many rows of `queryset` have each value of the field `name`, in one query."""
    return Counter(dict(queryset.values_list(name).annotate(n=Count("id")).order_by()))


# The links. Staff pages are only shown to staff; the "you said, we did" page to everyone.


def people_link(r: Records) -> Link:
    url = reverse("initiative_detail", kwargs={"org": r.org, "pk": r.initiative.pk})
    return Link(_("Who is involved"), f"{url}#people-heading", staff_only=False)


def outcomes_link(r: Records) -> Link:
    url = reverse("outcomes_initiative", kwargs={"org": r.org, "pk": r.initiative.pk})
    return Link(_("You said, we did"), url, staff_only=False)


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


def panel_links(r: Records) -> tuple[Link, ...]:
    return tuple(
        Link(p.name, reverse("panel_detail", kwargs={"org": r.org, "pk": p.pk}))
        for p in r.panels[:MAX_LINKS]
    )


Found = tuple[Shows, str, tuple[Link, ...]]


def date_text(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
