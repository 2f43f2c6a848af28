"""Invitations and reminders: over real SMTP, with a calendar file, scheduled by a command,
sent by tasks (immediate backend, and once through the real database worker)."""

from __future__ import annotations

import datetime
import io

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from coproduce.panels.domain import messages as messaging
from coproduce.panels.models import MeetingMessage
from coproduce.panels.tasks import send_meeting_message_task
from coproduce.people import tasks as people_tasks
from coproduce.people.models import Message
from coproduce.people.tasks import deliver_message_task
from tests.accounts.test_smtp import plain_text
from tests.factories import AgendaItemFactory, MeetingFactory, PanelMemberFactory, PersonFactory

NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def attachment(message) -> icalendar.Calendar:
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def test_invitation_goes_over_smtp_with_a_calendar_file(
    panel, alice, smtp_server, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(
        panel=panel,
        title="June meeting",
        starts_at=datetime.datetime(2026, 6, 16, 13, 0, tzinfo=datetime.UTC),
    )
    with django_capture_on_commit_callbacks(execute=True):
        made = messaging.send_meeting_invitations(meeting, actor=alice)
    assert [m.person.name for m in made] == ["Bob Hughes"]
    [message] = smtp_server.messages
    assert message["To"] == "bob@example.org"
    assert message["Subject"] == "You are invited: June meeting, Tuesday 16 June, 14:00"
    body = plain_text(message)
    assert "You are invited to a meeting of Day Services Panel." in body
    assert "When: Tuesday 16 June 2026 at 14:00, for 120 minutes" in body
    assert "Access: Step-free entrance. Accessible toilet. Hearing loop." in body
    assert "contact Alice Okafor: email alice@example.org or phone 01632 960111." in body
    assert "The calendar file with this email adds the meeting to your calendar." in body
    [event] = attachment(message).walk("VEVENT")
    assert event["dtstart"].dt == meeting.starts_at
    assert str(event["uid"]) == f"{meeting.uid}@coproduce"
    sent = MeetingMessage.objects.get().message
    assert (sent.kind, sent.status, sent.sent_via) == ("meeting.invitation", "sent", "smtp")


def test_invitations_are_not_sent_twice_but_a_change_sends_an_update(
    panel, alice, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(panel=panel)
    with django_capture_on_commit_callbacks(execute=True):
        messaging.send_meeting_invitations(meeting, actor=alice)
        assert messaging.send_meeting_invitations(meeting, actor=alice) == []
    assert len(mail.outbox) == 1
    from coproduce.panels.domain import meetings

    meetings.update_meeting(meeting, actor=alice, venue="Town Hall")
    with django_capture_on_commit_callbacks(execute=True):
        assert len(messaging.send_meeting_invitations(meeting, actor=alice)) == 1
    assert len(mail.outbox) == 2
    assert "SEQUENCE:1" in str(mail.outbox[1].attachments[0][1])


def test_a_failing_queue_for_one_invitation_does_not_stop_the_others(
    panel, alice, org, monkeypatch, django_capture_on_commit_callbacks
):
    """Each message is saved before its send is queued; one whose queue failed is still
    waiting, so `send_waiting_messages` sends it later."""
    june = PersonFactory(organisation=org, name="June", email="june@example.org")
    PanelMemberFactory(panel=panel, person=june)
    meeting = MeetingFactory(panel=panel)
    first = True

    class FlakyQueue:
        def enqueue(self, **kwargs):
            nonlocal first
            if first:
                first = False
                raise ConnectionError("the queue is down")
            return deliver_message_task.enqueue(**kwargs)

    monkeypatch.setattr(people_tasks, "deliver_message_task", FlakyQueue())
    with django_capture_on_commit_callbacks(execute=True):
        made = messaging.send_meeting_invitations(meeting, actor=alice)  # no error
    assert len(made) == 2
    assert len(mail.outbox) == 1  # the second person's email went
    assert sorted(Message.objects.values_list("status", flat=True)) == ["sent", "waiting"]


def test_people_who_prefer_phone_or_post_become_a_task_for_staff(panel, alice, org):
    june = PersonFactory(organisation=org, name="June", contact_methods=["post"], address="1 Road")
    PanelMemberFactory(panel=panel, person=june)
    meeting = MeetingFactory(panel=panel)
    made = {
        m.person.name: (m.message.channel, m.message.status)
        for m in messaging.send_meeting_invitations(meeting, actor=alice)
    }
    assert made == {"Bob Hughes": ("email", "waiting"), "June": ("letter", "by_hand")}


@pytest.fixture
def soon(panel):
    """A meeting 30 hours after NOW: the 7-day reminder moment has passed, the 24-hour not."""
    return MeetingFactory(panel=panel, starts_at=NOW + datetime.timedelta(hours=30))


def test_only_the_latest_passed_reminder_is_due(soon, settings):
    settings.PANELS_MEETING_REMINDER_HOURS = [168, 24]
    [due] = messaging.due_reminders(NOW)
    assert (due.kind, due.key) == ("reminder", "meeting:168:20260602T1500Z")
    [due] = messaging.due_reminders(NOW + datetime.timedelta(hours=7))
    assert due.key == "meeting:24:20260602T1500Z"


def test_reminders_command_dry_run_sends_nothing(soon, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    out = io.StringIO()
    call_command("send_panel_reminders", "--dry-run", stdout=out)
    assert out.getvalue() == (
        f"Would send reminder for meeting {soon.pk} (meeting:168:20260602T1500Z) to 1 people\n"
        "Dry run: 1 reminders due.\n"
    )
    assert not MeetingMessage.objects.exists()
    assert mail.outbox == []


def test_reminders_command_sends_through_tasks_once(
    soon, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_panel_reminders", stdout=io.StringIO())
    [email] = mail.outbox
    assert email.subject == "Reminder: " + soon.title + ", Tuesday 2 June, 16:00"
    assert email.attachments[0][0] == "meeting.ics"


def test_moved_meeting_gets_a_fresh_reminder(soon, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        messaging.make_due_reminders(NOW)
    from coproduce.panels.domain import meetings

    meetings.update_meeting(
        soon, actor=alice, starts_at=soon.starts_at + datetime.timedelta(hours=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        messaging.make_due_reminders(NOW)
    assert len(mail.outbox) == 2


def test_papers_due_reminder_goes_to_item_leads_without_a_paper(panel, alice, org, settings):
    settings.PANELS_PAPERS_REMINDER_HOURS = [48]
    lead = PersonFactory(organisation=org, name="Lead", email="lead@example.org")
    meeting = MeetingFactory(
        panel=panel, starts_at=NOW + datetime.timedelta(days=7, hours=24), papers_due_days=7
    )
    meeting.facilitators.set([alice.people.get()])
    AgendaItemFactory(meeting=meeting, owner=lead)
    found = {
        (d.kind, tuple(sorted(p.name for p in d.people))) for d in messaging.due_reminders(NOW)
    }
    assert ("papers_due", ("Alice Okafor", "Lead")) in found


def test_cancelled_meeting_message_saved_before_is_not_sent(panel, bob):
    """A row saved before meeting messages went through people.messages, still queued."""
    meeting = MeetingFactory(panel=panel)
    row = MeetingMessage.objects.create(
        organisation=panel.organisation,
        meeting=meeting,
        person=bob.people.get(),
        kind="invitation",
        key="old",
        channel="email",
    )
    meeting.cancelled_at = timezone.now()
    meeting.save()
    assert send_meeting_message_task.call(message_id=row.pk) is None
    assert Message.objects.exists() is False


def test_an_invitation_saved_before_goes_through_people_messages(
    panel, bob, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(panel=panel)
    row = MeetingMessage.objects.create(
        organisation=panel.organisation,
        meeting=meeting,
        person=bob.people.get(),
        kind="invitation",
        key="old",
        channel="email",
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_meeting_message_task.call(message_id=row.pk)
    row.refresh_from_db()
    assert (row.message.kind, row.message.status) == ("meeting.invitation", "sent")
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_reminder_task_runs_in_the_database_worker(settings, org, bob):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    from tests.factories import PanelFactory

    person = bob.people.get()
    panel = PanelFactory(organisation=org, named_contact=person)
    PanelMemberFactory(panel=panel, person=person)
    meeting = MeetingFactory(panel=panel, starts_at=timezone.now() + datetime.timedelta(hours=20))
    made = messaging.make_due_reminders()
    assert [m.person_id for m in made] == [person.pk]
    assert mail.outbox == []  # stored by the worker's backend, not run yet
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    assert MeetingMessage.objects.get().message.status == "sent"
    assert meeting.pk
