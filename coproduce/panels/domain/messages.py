"""Meeting invitations and reminders: each goes through `people.messages`, by the way the
person chose (an email carries the calendar file; a text, letter or call is on the staff
to-do list), in easy read for those who chose it, and is on the person's Messages page.

A `MeetingMessage` row is the meeting's own record of which moment went to whom (its unique
key makes a second run a no-op); it points to the `people.Message` that carries it.

How reminders are scheduled (see docs/architecture.md): `manage.py send_panel_reminders`
runs every 15 minutes from cron (or a systemd timer). Each run finds the reminders that are due
now and not yet made, saves one `MeetingMessage` per person (its unique key makes a second run
a no-op) and, after commit, enqueues one `send_meeting_message_task` each. We do not enqueue
reminders with `run_after` when a meeting is scheduled: a meeting that moves or a changed
setting would leave stale tasks that django.tasks cannot cancel, and the immediate backend
used in tests refuses `run_after` altogether.

Emails never mention access needs: a member's own adjustments are for them and their contact
to talk about, not for an inbox that others may read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coproduce.core.audit import log_action
from coproduce.core.calendar import event_file
from coproduce.panels.domain.meetings import expected_people
from coproduce.panels.models import AgendaItem, Meeting, MeetingMessage, Paper
from coproduce.people import messages as people_messages
from coproduce.people.contact import how_to_reach
from coproduce.people.models import Message, Person

if TYPE_CHECKING:
    from coproduce.accounts.models import User

Kind = MeetingMessage.Kind
MAX_PAPERS_DUE_DAYS = 30  # the meeting form allows up to this


def _stamp(when: datetime.datetime | None) -> str:
    return when.astimezone(datetime.UTC).strftime("%Y%m%dT%H%MZ") if when else "none"


def _create_messages(
    meeting: Meeting, people: list[Person], *, kind: str, key: str
) -> list[MeetingMessage]:
    """Save one MeetingMessage per person unless it exists, each with its people.Message
    (sent after commit by the way the person chose)."""
    made = []
    for person in people:
        try:
            with transaction.atomic():
                row = MeetingMessage.objects.create(
                    organisation=meeting.organisation,
                    meeting=meeting,
                    person=person,
                    kind=kind,
                    key=key,
                    channel=MeetingMessage.Channel.MESSAGE,
                )
        except IntegrityError:
            continue  # already made by an earlier run: never send twice
        hand_over(row)
        made.append(row)
    return made


def send_meeting_invitations(meeting: Meeting, *, actor: User) -> list[MeetingMessage]:
    """Invite everyone expected (members and the people running it) to the meeting as it is now.

    Sending again after a change sends the update (a new key: the time and the sequence);
    sending again without a change sends nothing. Raises ValueError without a date.
    Side effects: saves MeetingMessages and the time invitations went; logs
    "panels.meeting.invited" (how many); after commit, enqueues one email task each.
    """
    if meeting.starts_at is None:
        raise ValueError("A meeting needs a date before invitations go out.")
    if meeting.is_cancelled:
        raise ValueError("A cancelled meeting has no invitations.")
    key = f"{_stamp(meeting.starts_at)}:{meeting.sequence}"
    people = [person for person, _capacity in expected_people(meeting)]
    with transaction.atomic():
        made = _create_messages(meeting, people, kind=Kind.INVITATION, key=key)
        meeting.invitations_sent_at = timezone.now()
        meeting.save(update_fields=["invitations_sent_at", "updated_at"])
        log_action(meeting, "panels.meeting.invited", actor=actor, data={"count": len(made)})
    return made


def cancel_meeting(meeting: Meeting, *, actor: User, reason: str) -> bool:
    """Cancel a meeting and tell everyone invited. The meeting is kept, marked cancelled.

    Returns False (and does nothing) if it was already cancelled, so a second click or a
    second tab sends nothing. The row is locked while we check.
    Side effects: saves when, who and why on the Meeting; withdraws its invitations and
    reminders not sent yet (`people.messages.withdraw`); saves one "cancelled"
    MeetingMessage and people.Message per person expected (by the way they chose); logs
    "panels.meeting.cancelled"; after commit, the messages are sent.
    """
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.is_cancelled:
            meeting.cancelled_at = locked.cancelled_at
            return False
        meeting.cancelled_at = timezone.now()
        meeting.cancelled_by = actor
        meeting.cancel_reason = reason.strip()
        meeting.sequence = locked.sequence + 1
        meeting.save(
            update_fields=[
                "cancelled_at",
                "cancelled_by",
                "cancel_reason",
                "sequence",
                "updated_at",
            ]
        )
        # What was not sent yet (queued, or a letter or call on the staff to-do) would say
        # the meeting is on: it is withdrawn, and the cancellation goes instead.
        earlier = MeetingMessage.objects.filter(meeting=meeting, message__isnull=False).exclude(
            kind=Kind.CANCELLED
        )
        people_messages.withdraw(
            Message.objects.filter(pk__in=earlier.values("message_id")),
            reason="The meeting was cancelled.",
        )
        people = [person for person, _capacity in expected_people(meeting)]
        made = _create_messages(meeting, people, kind=Kind.CANCELLED, key="cancelled")
        log_action(meeting, "panels.meeting.cancelled", actor=actor, data={"count": len(made)})
    return True


@dataclass
class Due:
    meeting: Meeting
    kind: str
    key: str
    people: list[Person]


def due_reminders(now: datetime.datetime | None = None) -> list[Due]:
    """The reminders due now that have not been made yet (reads only).

    For each meeting ahead, of the configured moments that have passed, only the latest
    counts: a meeting set up two days ahead gets the 24-hour reminder, not a late 7-day one.
    Papers-due reminders go to whoever leads an agenda item with no paper yet, and to the
    people running the meeting.
    """
    now = now or timezone.now()
    meeting_hours = sorted(settings.PANELS_MEETING_REMINDER_HOURS)
    paper_hours = sorted(settings.PANELS_PAPERS_REMINDER_HOURS)
    horizon = now + datetime.timedelta(
        hours=max([*meeting_hours, *paper_hours, 0]), days=MAX_PAPERS_DUE_DAYS
    )
    meetings = list(
        Meeting.objects.filter(
            starts_at__gt=now, starts_at__lte=horizon, cancelled_at__isnull=True
        ).prefetch_related("facilitators")
    )
    found: list[Due] = []
    if not meetings:
        return found
    sent = set(
        MeetingMessage.objects.filter(meeting__in=meetings).values_list(
            "meeting_id", "person_id", "kind", "key"
        )
    )
    owners_without_papers: dict[int, set[int]] = {}
    for meeting_id, owner_id in AgendaItem.objects.filter(
        meeting__in=meetings, owner__isnull=False
    ).values_list("meeting_id", "owner_id"):
        owners_without_papers.setdefault(meeting_id, set()).add(owner_id)
    for meeting_id, owner_id in Paper.objects.filter(
        meeting__in=meetings, agenda_item__owner__isnull=False
    ).values_list("meeting_id", "agenda_item__owner_id"):
        owners_without_papers.get(meeting_id, set()).discard(owner_id)
    owner_people = {
        p.pk: p
        for p in Person.objects.filter(
            pk__in={pk for ids in owners_without_papers.values() for pk in ids}
        )
    }
    for meeting in meetings:
        if meeting.starts_at is None:  # filtered out above; this tells the type checker
            continue
        passed = [
            h for h in meeting_hours if meeting.starts_at - datetime.timedelta(hours=h) <= now
        ]
        if passed:
            key = f"meeting:{min(passed)}:{_stamp(meeting.starts_at)}"
            people = [
                person
                for person, _capacity in expected_people(meeting)
                if (meeting.pk, person.pk, Kind.REMINDER, key) not in sent
            ]
            if people:
                found.append(Due(meeting, Kind.REMINDER, key, people))
        due_at = meeting.starts_at - datetime.timedelta(days=meeting.papers_due_days)
        passed = [h for h in paper_hours if due_at - datetime.timedelta(hours=h) <= now < due_at]
        if passed:
            key = f"papers:{min(passed)}:{_stamp(due_at)}"
            candidates = [owner_people[pk] for pk in owners_without_papers.get(meeting.pk, ())]
            candidates += [
                p for p in meeting.facilitators.all() if p.pk not in {c.pk for c in candidates}
            ]
            people = [p for p in candidates if (meeting.pk, p.pk, Kind.PAPERS_DUE, key) not in sent]
            if people:
                found.append(Due(meeting, Kind.PAPERS_DUE, key, people))
    return found


def make_due_reminders(now: datetime.datetime | None = None) -> list[MeetingMessage]:
    """Make every reminder due now (see `due_reminders`).

    Side effects: saves MeetingMessages; after commit, enqueues one email task each.
    No audit entry: these are routine, and each message row is its own record.
    """
    made: list[MeetingMessage] = []
    with transaction.atomic():
        for due in due_reminders(now):
            made += _create_messages(due.meeting, due.people, kind=due.kind, key=due.key)
    return made


def calendar_file(meeting: Meeting) -> bytes:
    """The meeting as an iCalendar file (RFC 5545): one event, updated in place by SEQUENCE."""
    if meeting.starts_at is None or meeting.ends_at is None:
        raise ValueError("A meeting needs a date to go in a calendar.")
    where = [meeting.venue.strip()] if meeting.is_in_person and meeting.venue.strip() else []
    online = meeting.online_link if meeting.is_online else ""
    if online:
        where.append(online)
    link = settings.SITE_URL + reverse(
        "panel_meeting_detail",
        kwargs={"org": meeting.organisation.slug, "pk": meeting.panel_id, "meeting_pk": meeting.pk},
    )
    contact = meeting.panel.named_contact
    return event_file(
        uid=str(meeting.uid),
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=f"{meeting.panel.name}: {meeting.title}",
        url=online,
        location=" / ".join(where),
        description=_("Agenda and papers: %(link)s\nQuestions: %(how)s")
        % {"link": link, "how": how_to_reach(contact)},
        cancelled=bool(meeting.cancelled_at),
        product="Panels",
    )


def hand_over(row: MeetingMessage) -> Message | None:
    """Make the people.Message for one invitation, reminder or cancellation and link it.
    Returns None (making nothing) when it is no use now: the meeting has no date, or was
    cancelled and this is not the cancellation, or it was made before.

    Side effects: saves a people.Message (sent after commit) and links it to the row.
    """
    meeting = row.meeting
    cancelling = row.kind == Kind.CANCELLED
    if row.message_id is not None or meeting.is_cancelled != cancelling:
        return None
    if meeting.starts_at is None and not cancelling:
        return None
    when = timezone.localtime(meeting.starts_at) if meeting.starts_at else None
    panel = meeting.panel
    org = meeting.organisation.slug
    link = settings.SITE_URL + reverse(
        "panel_meeting_detail", kwargs={"org": org, "pk": panel.pk, "meeting_pk": meeting.pk}
    )
    calendar = (
        ("meeting.ics", calendar_file(meeting).decode()) if meeting.starts_at is not None else None
    )
    message = people_messages.send_message(
        row.person,
        f"meeting.{row.kind}",
        f"{meeting.pk}:{row.key}",
        link=link,
        attachment=calendar,
        moment=row.kind,
        meeting=meeting,
        panel=panel,
        title=meeting.title,
        when=when,
        when_text=date_format(when, "l j F, H:i") if when else _("date not fixed"),
        papers_due=timezone.localtime(meeting.papers_due_at) if meeting.papers_due_at else None,
        contact=panel.named_contact,
        contact_how=how_to_reach(panel.named_contact),
    )
    if message is not None:
        row.message = message
        row.save(update_fields=["message"])
    return message


def send_meeting_message(row: MeetingMessage) -> bool:
    """Hand over a message saved before meeting messages went through people.messages (its
    task may still be queued). Returns True if a people.Message was made.

    Side effects: as `hand_over`, for a waiting email row only.
    """
    if row.sent_at is not None or row.channel != MeetingMessage.Channel.EMAIL:
        return False
    return hand_over(row) is not None


def complete_message_task(message: MeetingMessage, *, actor: User) -> None:
    """Mark a phone call, text or letter about a meeting as done.

    Side effects: saves it; logs "panels.meeting.message_done" (the kind only).
    """
    if message.done_at is None:
        message.done_at = timezone.now()
        message.save(update_fields=["done_at"])
        log_action(
            message.meeting, "panels.meeting.message_done", actor=actor, data={"kind": message.kind}
        )
