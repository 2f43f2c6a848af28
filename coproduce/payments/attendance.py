"""The only place payments reads panel meetings and attendance.

Panels owns `Meeting` and `Attendance` (coproduce/panels/models/meetings.py); payments needs
four facts from them: who came, to which panel's meeting, on which day, for how long. Keeping
the reads here means a change in panels touches one small file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from coproduce.core.models import Organisation
from coproduce.panels.models import Attendance, Meeting, PanelMember
from coproduce.people.models import Person


@dataclass(frozen=True)
class MeetingFacts:
    """What a claim needs to know about one person at one meeting."""

    attendance_id: int | None
    person_id: int
    meeting_id: int
    panel_id: int
    title: str
    date: datetime.date
    minutes: int
    attended: bool
    lived_experience: bool


def _facts(meeting: Meeting, person_id: int, attendance: Attendance | None) -> MeetingFacts:
    if meeting.starts_at is None:  # callers only pass dated meetings
        raise ValueError("A meeting without a date has no attendance to claim for.")
    return MeetingFacts(
        attendance_id=attendance.pk if attendance else None,
        person_id=person_id,
        meeting_id=meeting.pk,
        panel_id=meeting.panel_id,
        title=meeting.title,
        date=timezone.localdate(meeting.starts_at),
        minutes=meeting.duration_minutes,
        attended=attendance is not None and attendance.status == Attendance.Status.ATTENDED,
        lived_experience=attendance is not None
        and attendance.capacity == Attendance.Capacity.LIVED,
    )


def facts_for_attendance(organisation: Organisation, attendance_id: int) -> MeetingFacts | None:
    """One attendance row of this organisation, or None."""
    attendance = (
        Attendance.objects.filter(organisation=organisation, pk=attendance_id)
        .select_related("meeting")
        .first()
    )
    if attendance is None or attendance.meeting.starts_at is None:
        return None
    return _facts(attendance.meeting, attendance.person_id, attendance)


def facts_for_meeting(person: Person, meeting_id: int) -> MeetingFacts | None:
    """This person at this meeting of their organisation (attended or not), or None when
    there is no such meeting or it has no date yet."""
    meeting = Meeting.objects.filter(organisation_id=person.organisation_id, pk=meeting_id).first()
    if meeting is None or meeting.starts_at is None:
        return None
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    return _facts(meeting, person.pk, attendance)


def meetings_for_person(person: Person, *, today: datetime.date) -> list[tuple[int, str]]:
    """Past, not cancelled meetings of the panels this person is or was on, newest first:
    the choices for "which meeting was it?" (a wrong choice gets a clear message later)."""
    panels = PanelMember.objects.filter(person=person).values("panel_id")
    meetings = (
        Meeting.objects.filter(
            organisation_id=person.organisation_id,
            panel_id__in=panels,
            starts_at__isnull=False,
            cancelled_at__isnull=True,
            starts_at__date__lte=today,
        )
        .select_related("panel")
        .order_by("-starts_at", "-id")[:50]
    )
    return [
        (m.pk, f"{timezone.localdate(m.starts_at):%d %b %Y}: {m.panel.name}, {m.title}")
        for m in meetings
        if m.starts_at is not None
    ]


def attended_meetings(person: Person, *, today: datetime.date) -> list[MeetingFacts]:
    """Meetings this person came to with lived experience, up to today, newest first."""
    rows = (
        Attendance.objects.filter(
            person=person,
            status=Attendance.Status.ATTENDED,
            capacity=Attendance.Capacity.LIVED,
            meeting__starts_at__isnull=False,
            meeting__starts_at__date__lte=today,
        )
        .filter(Q(meeting__cancelled_at__isnull=True))
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-id")
    )
    return [_facts(row.meeting, person.pk, row) for row in rows]
