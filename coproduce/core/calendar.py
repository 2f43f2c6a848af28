"""Calendar files (iCalendar, RFC 5545): one event people add to their own calendar.

The one place that makes them: panel meetings and workshops both call `event_file`.
"""

from __future__ import annotations

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone


def event_file(
    *,
    uid: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    summary: str,
    description: str = "",
    location: str = "",
    url: str = "",
    sequence: int = 0,
    cancelled: bool = False,
    product: str = "Coproduce",
) -> bytes:
    """One event as a calendar file. The same `uid` with a higher `sequence` updates the
    event already in someone's calendar (a new time, or cancelled). A cancelled event is
    sent as METHOD:CANCEL with STATUS:CANCELLED, so calendars take it out."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"{uid}@coproduce")
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    event.add("summary", summary)
    if url:
        event.add("url", url)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if cancelled:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()
