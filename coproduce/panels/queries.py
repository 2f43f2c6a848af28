"""Reusable reads for panels. Each runs a fixed number of queries, however big the panel."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from coproduce.core.models import Membership, Role
from coproduce.panels.models import (
    AccessNeed,
    Application,
    ContactTask,
    Meeting,
    MeetingMessage,
    Panel,
    PanelMember,
    Status,
)
from coproduce.panels.rules import can_manage_panels


def panels_for_membership(membership: Membership) -> QuerySet[Panel]:
    """Every panel for staff; for a member, only the panels they are on now."""
    panels = Panel.objects.for_organisation(membership.organisation).select_related("named_contact")
    if can_manage_panels(membership):
        return panels
    return panels.filter(
        members__person__user_id=membership.user_id, members__ended_on__isnull=True
    ).distinct()


def panel_with_contacts(queryset: QuerySet[Panel]) -> QuerySet[Panel]:
    return queryset.select_related("named_contact", "deputy_contact", "backed_by")


def current_members(panel: Panel) -> QuerySet[PanelMember]:
    return (
        PanelMember.objects.filter(panel=panel, ended_on__isnull=True)
        .select_related("person")
        .order_by("person__name", "id")
    )


def past_members(panel: Panel) -> QuerySet[PanelMember]:
    return (
        PanelMember.objects.filter(panel=panel, ended_on__isnull=False)
        .select_related("person")
        .order_by("-ended_on", "id")
    )


def status_counts(panel: Panel) -> dict[str, int]:
    """How many sent applications are at each step (one query)."""
    rows = (
        Application.objects.filter(panel=panel)
        .exclude(status=Status.DRAFT)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = {row["status"]: row["n"] for row in rows}
    return {status.value: found.get(status.value, 0) for status in Status.submitted()}


def applications_for_panel(panel: Panel, status: str = "") -> QuerySet[Application]:
    applications = Application.objects.filter(panel=panel).exclude(status=Status.DRAFT)
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("-submitted_at", "-id")


def open_contact_tasks(panel: Panel) -> QuerySet[ContactTask]:
    return (
        ContactTask.objects.filter(panel=panel, done_at__isnull=True)
        .select_related("application", "status_change")
        .order_by("created_at", "id")
    )


def meetings_for_panel(panel: Panel) -> tuple[list[Meeting], list[Meeting]]:
    """Meetings to come (and those still finding a date), then past ones, newest first.

    Cancelled meetings stay in the lists; the page marks them as cancelled.
    """
    now = timezone.now()
    meetings = Meeting.objects.filter(panel=panel)
    upcoming = list(
        meetings.filter(Q(starts_at__gte=now) | Q(starts_at__isnull=True)).order_by(
            "starts_at", "id"
        )
    )
    past = list(meetings.filter(starts_at__lt=now).order_by("-starts_at", "-id")[:20])
    return upcoming, past


def next_meetings(panel: Panel, limit: int = 3) -> list[Meeting]:
    """The next few meetings with a date, or still finding one (one query)."""
    now = timezone.now()
    return list(
        Meeting.objects.filter(panel=panel, cancelled_at__isnull=True)
        .filter(Q(starts_at__gte=now) | Q(starts_at__isnull=True))
        .order_by("starts_at", "id")[:limit]
    )


def messages_for_meeting(meeting: Meeting) -> dict[int, MeetingMessage]:
    """The latest invitation or reminder to each person (one query)."""
    latest: dict[int, MeetingMessage] = {}
    for message in MeetingMessage.objects.filter(meeting=meeting).select_related("person"):
        latest[message.person_id] = message
    return latest


def open_message_tasks(meeting: Meeting) -> list[MeetingMessage]:
    """Calls, texts and letters about a meeting that staff have not marked done."""
    return list(
        MeetingMessage.objects.filter(
            meeting=meeting, channel=MeetingMessage.Channel.STAFF, done_at__isnull=True
        ).select_related("person")
    )


def contact_addresses(panel: Panel) -> list[str]:
    """The panel's named contact's and deputy's email addresses (their own, else their
    login's), each once. Access need notices and wellbeing notices both send to these."""
    addresses: list[str] = []
    for person in (panel.named_contact, panel.deputy_contact):
        address = person.email or (person.user.email if person.user is not None else "")
        if address and address.lower() not in (a.lower() for a in addresses):
            addresses.append(address)
    return addresses


def access_changes_for(user: Any, *, days: int = 30) -> list[AccessNeed]:
    """The access needs added or changed in the last `days` days on the panels this login looks
    after (as named contact or deputy, while staff of the panel's organisation), newest first.
    For the page the access-need email links to: it names the person and the panel, never the
    need."""
    since = timezone.now() - datetime.timedelta(days=days)
    staff_of = Membership.objects.filter(user=user, role__in=(Role.STAFF, Role.ADMIN)).values(
        "organisation_id"
    )
    return list(
        AccessNeed.objects.filter(organisation_id__in=staff_of, updated_at__gte=since)
        .filter(Q(panel__named_contact__user=user) | Q(panel__deputy_contact__user=user))
        .select_related("person", "panel__organisation")
        .order_by("-updated_at", "-pk")
    )
