"""Reusable reads for wellbeing. Each runs a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from coproduce.core.models import Membership, Organisation
from coproduce.panels.models import AgendaItem, Meeting, Panel, PanelMember
from coproduce.people.models import Person
from coproduce.wellbeing.models import (
    CheckIn,
    Concern,
    Credit,
    SafeguardingLead,
    SignpostService,
    SupportSettings,
    TrainingRecord,
)
from coproduce.wellbeing.rules import is_safeguarding_lead


def support_settings_for(organisation: Organisation) -> SupportSettings:
    settings_row, _created = SupportSettings.objects.get_or_create(organisation=organisation)
    return settings_row


def concerns_for(membership: Membership) -> QuerySet[Concern]:
    """The concerns this login may read: all of them for a safeguarding lead, else those of
    the panels where they are the named contact or deputy, leaving out those sent to the
    safeguarding leads only (the same rule as `rules.can_read_concern`). Oldest open first."""
    concerns = Concern.objects.for_organisation(membership.organisation).select_related("panel")
    if not is_safeguarding_lead(membership):
        concerns = concerns.filter(
            Q(panel__named_contact__user_id=membership.user_id)
            | Q(panel__deputy_contact__user_id=membership.user_id),
            leads_only=False,
        )
    return concerns.order_by("closed_at", "received_at", "id")


def safeguarding_leads_for(organisation: Organisation) -> list[SafeguardingLead]:
    """The organisation's safeguarding leads with their logins, in a fixed order. One query."""
    return list(
        SafeguardingLead.objects.for_organisation(organisation)
        .select_related("user")
        .order_by("user__name", "user__email", "id")
    )


def concerns_raised_by(person: Person) -> QuerySet[Concern]:
    return Concern.objects.filter(raised_by=person).select_related("panel")


def shared_updates(concern: Concern) -> QuerySet:
    return concern.updates.filter(shared_with_raiser=True)


def check_ins_for(panel: Panel) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(panel=panel).select_related("person", "meeting")


def check_ins_by(person: Person) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(person=person).select_related("panel", "meeting")


def panels_of(person: Person) -> QuerySet[Panel]:
    return Panel.objects.filter(
        pk__in=PanelMember.objects.filter(person=person, ended_on__isnull=True).values("panel_id")
    )


def recent_meetings(panel: Panel, *, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings in the last few weeks and the next few, for the check-in form's choice."""
    now = now or timezone.now()
    days = datetime.timedelta(days=settings.WELLBEING_DEBRIEF_DAYS * 4)
    return Meeting.objects.filter(
        panel=panel, cancelled_at__isnull=True, starts_at__range=(now - days, now + days)
    ).order_by("-starts_at", "-id")


@dataclass(frozen=True)
class DebriefPrompt:
    meeting: Meeting
    content_notes: list[str]


def debrief_prompts_for(
    person: Person, *, now: datetime.datetime | None = None
) -> list[DebriefPrompt]:
    """Recent meetings of the person's panels that had an item with a content note, which the
    person has not checked in about since. Three queries."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=settings.WELLBEING_DEBRIEF_DAYS)
    meetings = list(
        Meeting.objects.filter(
            panel__in=panels_of(person),
            cancelled_at__isnull=True,
            starts_at__range=(since, now),
            agenda_items__content_note__gt="",
        )
        .distinct()
        .select_related("panel")
        .order_by("-starts_at")
    )
    if not meetings:
        return []
    done = set(
        CheckIn.objects.filter(
            person=person, meeting__in=meetings, moment=CheckIn.Moment.AFTER
        ).values_list("meeting_id", flat=True)
    )
    notes: dict[int, list[str]] = {}
    for meeting_id, note in (
        AgendaItem.objects.filter(meeting__in=meetings, content_note__gt="")
        .order_by("position", "id")
        .values_list("meeting_id", "content_note")
    ):
        notes.setdefault(meeting_id, []).append(note)
    return [
        DebriefPrompt(meeting, notes.get(meeting.pk, []))
        for meeting in meetings
        if meeting.pk not in done
    ]


def signposts_for(organisation: Organisation) -> QuerySet[SignpostService]:
    return SignpostService.objects.for_organisation(organisation)


def training_records_for(person: Person) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.filter(person=person).select_related("training")


def credits_for(person: Person) -> QuerySet[Credit]:
    return Credit.objects.filter(person=person)


@dataclass(frozen=True)
class Reciprocity:
    """What the organisation gave back, beyond payment: evidence for the Ladder (V1)."""

    training_done: int
    training_offered: int
    credits: int


def reciprocity_for(person: Person) -> Reciprocity:
    records = list(TrainingRecord.objects.filter(person=person).values_list("status", flat=True))
    return Reciprocity(
        training_done=records.count(TrainingRecord.Status.DONE),
        training_offered=len(records),
        credits=Credit.objects.filter(person=person).count(),
    )
