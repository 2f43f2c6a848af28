"""Cancelling a meeting: kept and marked, everyone invited told once, reminders stop."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from coproduce.core.models import AuditEntry
from coproduce.panels import queries
from coproduce.panels.domain import meetings
from coproduce.panels.domain import messages as messaging
from coproduce.panels.models import Attendance, DateAnswer, DateOption, Meeting, MeetingMessage
from coproduce.people import messages as people_messages
from coproduce.people.models import Message
from tests.accounts.test_smtp import plain_text
from tests.factories import MeetingFactory, PanelMemberFactory, PersonFactory

NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def url(panel, meeting, rest=""):
    return f"/o/riverside/panels/{panel.pk}/meetings/{meeting.pk}/{rest}"


@pytest.fixture
def meeting(panel):
    return MeetingFactory(
        panel=panel,
        title="June meeting",
        starts_at=datetime.datetime(2026, 6, 16, 13, 0, tzinfo=datetime.UTC),
    )


@pytest.fixture
def upcoming(panel):
    return MeetingFactory(panel=panel, title="June meeting")  # four weeks ahead


def test_cancel_keeps_the_meeting_and_saves_when_who_and_why(
    meeting, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert messaging.cancel_meeting(meeting, actor=alice, reason="  The room flooded. ")
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.cancelled_at is not None
    assert meeting.cancelled_by == alice
    assert meeting.cancel_reason == "The room flooded."
    entry = AuditEntry.objects.get(action="panels.meeting.cancelled")
    assert entry.data == {"count": 1}


def test_cancelling_twice_does_nothing_the_second_time(
    meeting, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert messaging.cancel_meeting(meeting, actor=alice, reason="The room flooded.")
    stale = Meeting.objects.get(pk=meeting.pk)
    stale.cancelled_at = None  # as if loaded in a second tab before the first cancel
    with django_capture_on_commit_callbacks(execute=True):
        assert messaging.cancel_meeting(stale, actor=alice, reason="Again") is False
    assert len(mail.outbox) == 1
    assert MeetingMessage.objects.filter(kind="cancelled").count() == 1
    assert AuditEntry.objects.filter(action="panels.meeting.cancelled").count() == 1
    assert Meeting.objects.get(pk=meeting.pk).cancel_reason == "The room flooded."


def test_cancellation_email_goes_over_smtp_with_the_reason(
    meeting, alice, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        messaging.cancel_meeting(meeting, actor=alice, reason="The room flooded.")
    [message] = smtp_server.messages
    assert message["To"] == "bob@example.org"
    assert message["Subject"] == "Cancelled: June meeting, Tuesday 16 June, 14:00"
    body = plain_text(message)
    assert "A meeting of Day Services Panel is cancelled. It will not happen." in body
    assert "Why: The room flooded." in body
    assert "Step-free" not in body
    assert MeetingMessage.objects.get(kind="cancelled").message.status == "sent"


def test_people_without_email_become_a_task_for_staff(meeting, alice, org):
    june = PersonFactory(organisation=org, name="June", contact_methods=["post"], address="1 Road")
    PanelMemberFactory(panel=meeting.panel, person=june)
    messaging.cancel_meeting(meeting, actor=alice, reason="The room flooded.")
    made = dict(
        MeetingMessage.objects.filter(kind="cancelled").values_list(
            "person__name", "message__channel"
        )
    )
    assert made == {"Bob Hughes": "email", "June": "letter"}


def test_cancelled_meeting_gets_no_reminders_or_invitations(panel, alice):
    soon = MeetingFactory(panel=panel, starts_at=NOW + datetime.timedelta(hours=30))
    assert messaging.due_reminders(NOW)
    messaging.cancel_meeting(soon, actor=alice, reason="The room flooded.")
    assert messaging.due_reminders(NOW) == []
    with pytest.raises(ValueError, match="cancelled"):
        messaging.send_meeting_invitations(soon, actor=alice)


def test_cancelled_meeting_takes_no_poll_answers_or_attendance(panel, alice, bob):
    meeting = MeetingFactory(panel=panel, starts_at=None)
    option = DateOption.objects.create(
        organisation=panel.organisation, meeting=meeting, starts_at=NOW
    )
    messaging.cancel_meeting(meeting, actor=alice, reason="Not needed now.")
    assert meetings.answer_date_poll(meeting, bob.people.get(), {option.pk: "yes"}) == 0
    assert not DateAnswer.objects.exists()
    with pytest.raises(ValidationError, match="cancelled"):
        meetings.record_attendance(
            meeting, {bob.people.get().pk: ("attended", "lived")}, actor=alice
        )
    assert not Attendance.objects.exists()


def test_staff_cancel_from_a_confirmation_page(client, alice, panel, upcoming):
    client.force_login(alice)
    page = client.get(url(panel, upcoming, "cancel/")).content.decode()
    assert "Why is the meeting cancelled?" in page
    response = client.post(url(panel, upcoming, "cancel/"), {"reason": "The room flooded."})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=upcoming.pk).cancelled_at is not None
    html = client.get(url(panel, upcoming)).content.decode()
    assert "This meeting is cancelled. It will not happen." in html
    assert "Why: The room flooded." in html
    assert "Cancel the meeting" not in html
    listing = client.get(f"/o/riverside/panels/{panel.pk}/meetings/").content.decode()
    assert "Cancelled" in listing


def test_blank_reason_keeps_the_page_with_a_message(client, alice, panel, upcoming):
    client.force_login(alice)
    response = client.post(url(panel, upcoming, "cancel/"), {"reason": "   "})
    assert response.status_code == 200
    assert "Write why the meeting is cancelled." in response.content.decode()
    assert Meeting.objects.get(pk=upcoming.pk).cancelled_at is None


def test_members_cannot_cancel(client, bob, panel, upcoming):
    client.force_login(bob)
    assert client.get(url(panel, upcoming, "cancel/")).status_code == 403
    assert client.post(url(panel, upcoming, "cancel/"), {"reason": "x"}).status_code == 403
    assert Meeting.objects.get(pk=upcoming.pk).cancelled_at is None


def test_cancelled_meeting_is_not_in_my_next_meetings(client, bob, alice, panel, upcoming):
    messaging.cancel_meeting(upcoming, actor=alice, reason="The room flooded.")
    client.force_login(bob)
    html = client.get(f"/o/riverside/panels/{panel.pk}/me/").content.decode()
    assert "June meeting" not in html


def test_attendance_page_refuses_a_cancelled_meeting(client, alice, panel, upcoming):
    messaging.cancel_meeting(upcoming, actor=alice, reason="The room flooded.")
    client.force_login(alice)
    response = client.get(url(panel, upcoming, "attendance/"))
    assert response.status_code == 302


def test_a_meeting_that_has_happened_cannot_be_cancelled(meeting):
    assert meetings.can_cancel(meeting, now=NOW)
    assert not meetings.can_cancel(meeting, now=NOW + datetime.timedelta(days=30))


@pytest.fixture
def polled(panel, alice):
    meeting = meetings.create_meeting(
        panel,
        actor=alice,
        title="Poll meeting",
        format="online",
        date_options=[datetime.datetime(2026, 6, 2, 13, tzinfo=datetime.UTC)],
    )
    messaging.cancel_meeting(meeting, actor=alice, reason="The panel is taking a break.")
    return meeting


@pytest.mark.parametrize("who", ["bob", "alice"])
def test_poll_page_of_a_cancelled_meeting_shows_a_message_not_the_forms(
    client, request, panel, polled, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(panel, polled, "dates/"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This meeting is cancelled, so you cannot choose a date." in html
    assert "Why: The panel is taking a break." in html
    assert "Back to the meeting" in html
    assert 'name="action"' not in html
    assert "Save my answers" not in html
    assert "Add the date" not in html
    assert "We are finding a date for" not in html


def test_poll_answer_on_a_cancelled_meeting_is_refused_with_a_message(client, bob, panel, polled):
    option = polled.date_options.get()
    client.force_login(bob)
    response = client.post(
        url(panel, polled, "dates/"),
        {"action": "answer", f"poll-option_{option.pk}": "yes"},
        follow=True,
    )
    assert response.redirect_chain == [(url(panel, polled), 302)]
    assert "This meeting is cancelled, so the dates are closed." in response.content.decode()
    assert not DateAnswer.objects.exists()


def test_staff_cannot_add_or_choose_a_date_on_a_cancelled_meeting(client, alice, panel, polled):
    option = polled.date_options.get()
    client.force_login(alice)
    poll = url(panel, polled, "dates/")
    client.post(poll, {"action": "add", "add-starts_at": "2026-06-09T14:00"})
    response = client.post(poll, {"action": "choose", "option": option.pk}, follow=True)
    assert "This meeting is cancelled, so the dates are closed." in response.content.decode()
    polled.refresh_from_db()
    assert polled.starts_at is None
    assert polled.date_options.count() == 1


HARD_REASON = (
    "Owing to unforeseen circumstances necessitating the reconfiguration of the venue, the "
    "organisation regrettably must postpone this engagement opportunity indefinitely."
)


def test_cancel_page_gives_plain_language_advice_as_you_type(client, alice, panel, upcoming):
    client.force_login(alice)
    html = client.get(url(panel, upcoming, "cancel/")).content.decode()
    assert 'hx-post="/o/riverside/panels/plain-check/"' in html
    assert "&quot;check_field&quot;: &quot;reason&quot;" in html
    assert 'hx-target="#id_reason-check"' in html
    assert '<div id="id_reason-check">' in html
    assert "Is it easy to read?" in html


def test_hard_reason_gets_advice_but_still_cancels(
    client, alice, panel, upcoming, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(panel, upcoming, "cancel/"), {"reason": HARD_REASON})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=upcoming.pk).cancel_reason == HARD_REASON


def test_too_long_reason_keeps_the_text_shows_advice_and_a_clear_message(
    client, alice, panel, upcoming
):
    reason = (HARD_REASON + " ") * 4
    client.force_login(alice)
    response = client.post(url(panel, upcoming, "cancel/"), {"reason": reason})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Use 500 characters or fewer. You used {len(reason.strip())}." in html
    assert 'aria-describedby="id_reason_helptext id_reason_error"' in html
    assert HARD_REASON in html
    assert "This is advice only. You can still save." in html
    assert "Aim for 9 to 11: use shorter sentences and shorter words." in html
    assert Meeting.objects.get(pk=upcoming.pk).cancelled_at is None


def test_messages_not_sent_yet_are_withdrawn_when_the_meeting_is_cancelled(
    meeting, alice, org, client, django_capture_on_commit_callbacks
):
    june = PersonFactory(
        organisation=org, name="June Ray", contact_methods=["post"], address="2 Mill Lane, RV1 3CD"
    )
    PanelMemberFactory(panel=meeting.panel, person=june)
    messaging.send_meeting_invitations(meeting, actor=alice)  # Bob's email is still queued
    invitations = dict(
        Message.objects.filter(kind="meeting.invitation").values_list("person__name", "pk")
    )
    with django_capture_on_commit_callbacks(execute=True):
        messaging.cancel_meeting(meeting, actor=alice, reason="The room flooded.")
    # The queued email found nothing to send: Bob got only the cancellation.
    assert [m.subject for m in mail.outbox] == ["Cancelled: June meeting, Tuesday 16 June, 14:00"]
    assert people_messages.deliver(invitations["Bob Hughes"]) is False
    statuses = sorted(Message.objects.values_list("person__name", "kind", "status", "last_error"))
    assert statuses == [
        ("Bob Hughes", "meeting.cancelled", "sent", ""),
        ("Bob Hughes", "meeting.invitation", "withdrawn", "The meeting was cancelled."),
        ("June Ray", "meeting.cancelled", "by_hand", ""),
        ("June Ray", "meeting.invitation", "withdrawn", "The meeting was cancelled."),
    ]
    # Staff are asked to post June the cancellation, not the invitation.
    client.force_login(alice)
    page = client.get("/o/riverside/people/messages/").content.decode()
    assert "Cancelled: June meeting" in page
    assert "You are invited: June meeting" not in page


def test_an_older_staff_task_for_a_cancelled_meeting_leaves_the_to_do_list(meeting, alice, org):
    june = PersonFactory(organisation=org, name="June Ray")
    MeetingMessage.objects.create(  # made before meeting messages went through people.messages
        organisation=org,
        meeting=meeting,
        person=june,
        kind="invitation",
        key="old",
        channel=MeetingMessage.Channel.STAFF,
    )
    assert [t.person for t in queries.open_message_tasks(meeting)] == [june]
    messaging.cancel_meeting(meeting, actor=alice, reason="The room flooded.")
    assert queries.open_message_tasks(meeting) == []
