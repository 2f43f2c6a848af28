"""Panel meetings: when and where, the date poll, the agenda, papers, notes and attendance.

`Attendance` is plain data on purpose: payment claims (issue 6) read who attended which
meeting, when and for how long, from it and `Meeting`, and nothing else.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned

__all__ = [
    "AgendaItem",
    "Attendance",
    "DateAnswer",
    "DateOption",
    "Meeting",
    "MeetingMessage",
    "MeetingNotes",
    "Paper",
]


def default_papers_due_days() -> int:
    return int(settings.PANELS_PAPERS_DUE_DAYS)


# Meetings are for dates people can come to. The form keeps new dates in this range; rows
# saved before it (9999-12-31, 0001-01-01) are read as the nearest end of it, because
# Python's dates stop at years 1 and 9999 and adding two hours, or moving to local time,
# then fails on every page, calendar file and invitation.
EARLIEST_MEETING = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
LATEST_MEETING = datetime.datetime(2099, 12, 31, 23, 59, tzinfo=datetime.UTC)


def within_meeting_range(when: datetime.datetime | None) -> datetime.datetime | None:
    """`when`, or the nearest end of the range meetings may be in."""
    if when is None:
        return None
    return min(max(when, EARLIEST_MEETING), LATEST_MEETING)


class MeetingTimeField(models.DateTimeField):
    """A date and time read from the database within the meetings' range (see above)."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            return within_meeting_range(value)
        return value


class Meeting(OrganisationOwned):
    """One meeting of a panel. `starts_at` is empty while members mark dates in the poll."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    panel = models.ForeignKey("panels.Panel", on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("name of the meeting"), max_length=200)
    title_easy_read = models.CharField(
        _("name of the meeting in easy read"), max_length=200, blank=True
    )
    format = models.CharField(_("how people take part"), max_length=20, choices=Format.choices)
    starts_at = MeetingTimeField(_("date and start time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("how long, in minutes"), default=120)
    venue = models.TextField(_("where"), blank=True)
    venue_easy_read = models.TextField(_("where, in easy read"), blank=True)
    venue_access = models.TextField(_("access at the venue"), blank=True)
    # One short point a line, each with a picture staff can choose (pictures.owners).
    venue_access_easy_read = models.TextField(_("access at the venue, in easy read"), blank=True)
    online_link = models.URLField(_("link to join online"), blank=True, max_length=500)
    online_help = models.TextField(_("how to join online"), blank=True)
    online_help_easy_read = models.TextField(_("how to join online, in easy read"), blank=True)
    papers_due_days = models.PositiveSmallIntegerField(
        _("papers are due this many days before"), default=default_papers_due_days
    )
    facilitators = models.ManyToManyField(
        "people.Person", blank=True, related_name="+", verbose_name=_("who runs the meeting")
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE: bumped on changes
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.TextField(_("why the meeting is cancelled"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [models.F("starts_at").asc(nulls_last=True), "id"]
        indexes = [models.Index(fields=["panel", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> datetime.datetime | None:
        starts_at = within_meeting_range(self.starts_at)
        if starts_at is None:
            return None
        return starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def papers_due_at(self) -> datetime.datetime | None:
        starts_at = within_meeting_range(self.starts_at)
        if starts_at is None:
            return None
        return starts_at - datetime.timedelta(days=self.papers_due_days)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.format in (self.Format.IN_PERSON, self.Format.HYBRID)

    @property
    def access_lacks_easy_read(self) -> bool:
        """Getting in, or joining online, is written out but has no easy read version yet."""
        venue = self.is_in_person and self.venue_access and not self.venue_access_easy_read
        online = self.is_online and self.online_help and not self.online_help_easy_read
        return bool(venue or online)


class DateOption(OrganisationOwned):
    """A possible date in the meeting's date-finding poll."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="date_options")
    starts_at = MeetingTimeField(_("date and time"))

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "starts_at"], name="one_option_per_time")
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.starts_at:%Y-%m-%d %H:%M}"


class DateAnswer(OrganisationOwned):
    """Whether one person can come at one date in the poll."""

    class Answer(models.TextChoices):
        YES = "yes", _("I can come")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("I cannot come")

    option = models.ForeignKey(DateOption, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when staff recorded it for someone without a login, with how the person told them.
    recorded_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    how_told = models.CharField(_("how they told us"), max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "person"], name="one_answer_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.answer} {self.option}"


class AgendaItem(OrganisationOwned):
    """One item on the agenda, in a standard and an easy read version."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("what this item is for"), blank=True)
    title_easy_read = models.CharField(_("title in easy read"), max_length=200, blank=True)
    purpose_easy_read = models.TextField(_("what this item is for, in easy read"), blank=True)
    owner = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who leads it"),
    )
    minutes = models.PositiveSmallIntegerField(_("how many minutes"), default=15)
    content_note = models.CharField(_("content note"), max_length=300, blank=True)
    is_you_said_we_did = models.BooleanField(default=False)
    # Time for members to get to know each other (the seed: time to build trust).
    is_getting_to_know = models.BooleanField(
        _("this is time for members to get to know each other"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


def paper_path(instance: Paper, filename: str) -> str:
    return f"panels/papers/{instance.meeting_id}/{uuid.uuid4().hex}/{filename[-100:]}"


class Paper(OrganisationOwned):
    """A paper for a meeting, in a standard and (when there is one) an easy read version."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="papers",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=200)
    standard = models.FileField(_("standard version"), upload_to=paper_path)
    standard_name = models.CharField(max_length=200)
    easy_read = models.FileField(_("easy read version"), upload_to=paper_path, blank=True)
    easy_read_name = models.CharField(max_length=200, blank=True)
    content_note = models.CharField(_("content note"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    late = models.BooleanField(default=False)  # added after the papers were due

    class Meta:
        ordering = ["agenda_item__position", "id"]

    def __str__(self) -> str:
        return self.title


class MeetingNotes(OrganisationOwned):
    """What happened: a plain summary, the full notes, and an easy read version."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="notes")
    summary = models.TextField(_("plain summary"))
    full_notes = models.TextField(_("full notes"), blank=True)
    easy_read = models.TextField(_("easy read notes"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "meeting notes"

    def __str__(self) -> str:
        return f"Notes of {self.meeting}"


class Attendance(OrganisationOwned):
    """Whether one person came to one meeting, and whether they came with lived experience."""

    class Status(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        APOLOGIES = "apologies", _("Sent apologies")
        ABSENT = "absent", _("Did not come")

    class Capacity(models.TextChoices):
        LIVED = "lived", _("Lived experience")
        LEARNT = "learnt", _("Learnt experience (staff and professionals)")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="panel_attendance"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    capacity = models.CharField(max_length=10, choices=Capacity.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.status} {self.meeting}"


class MeetingMessage(OrganisationOwned):
    """One invitation or reminder to one person. The unique key stops a second send.

    `key` says which moment it was for (for example "meeting:24:2026-05-05T13:00"), so a
    meeting that moves gets fresh reminders and an unchanged one never gets two.
    """

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")
        PAPERS_DUE = "papers_due", _("Papers due")
        CANCELLED = "cancelled", _("Meeting cancelled")

    class Channel(models.TextChoices):
        MESSAGE = "message", _("By the way they chose")  # see `message`
        # Before people.messages: an email sent here, or a task for staff.
        EMAIL = "email", _("Email")
        STAFF = "staff", _("Staff to phone, text or post")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="messages")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=80)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)  # a staff task marked done
    # The message that carries it, by the person's channel (people.messages).
    message = models.OneToOneField(
        "people.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "kind", "key"], name="one_message_per_moment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.person} for {self.meeting}"

    def summary(self) -> str:
        """One line for the meeting page: which message, and how far it has gone."""
        kind = self.get_kind_display()
        if self.message:
            channel = self.message.get_channel_display().lower()
            return f"{kind}: {channel}, {self.message.get_status_display().lower()}"
        if self.sent_at:
            state = gettext("emailed")
        elif self.channel == self.Channel.STAFF:
            state = (
                gettext("done by staff")
                if self.done_at
                else gettext("staff to phone, text or post")
            )
        else:
            state = gettext("waiting to send")
        return f"{kind}: {state}"
