"""The older messages, now through people.messages: meeting invitations, application news
and login invitations each go to the right person by the way they chose, through real SMTP
(aiosmtpd) and the real Notify client against tests/servers.FakeNotify, in easy read for
those who chose it, and never with special category data."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.domain import invite_to_organisation
from coproduce.core.models import Role
from coproduce.panels import domain as panels
from coproduce.panels.domain import messages as meeting_messages
from coproduce.panels.models import Status
from coproduce.people.models import ContactMethod, Format, Message
from tests.accounts.test_smtp import plain_text, smtp_server
from tests.factories import (
    AdjustmentFactory,
    ApplicationFactory,
    MeetingFactory,
    PanelMemberFactory,
    PersonFactory,
)
from tests.payments.conftest import alice_person, bob_person, panel
from tests.people.test_messages import notify, prefer

__all__ = ["alice_person", "bob_person", "notify", "panel", "smtp_server"]  # shared fixtures

pytestmark = pytest.mark.django_db

MARKERS = {
    "need": "MARKER-need-about-my-epilepsy",
    "why": "MARKER-why-join-my-depression",
    "experience": "MARKER-experience-of-my-hiv-status",
}


def everything_sent(notify_or_smtp) -> str:
    rows = [f"{m.subject} {m.body} {m.link}" for m in Message.objects.all()]
    return " ".join(rows + [str(item) for item in notify_or_smtp])


def test_meeting_invitation_goes_by_text_and_letter_through_notify(
    org, alice, bob_person, panel, notify, django_capture_on_commit_callbacks
):
    AdjustmentFactory(panel=panel, need__person=bob_person, description=MARKERS["need"])
    prefer(bob_person, ContactMethod.TEXT)
    june = PersonFactory(
        organisation=org,
        name="June Ray",
        contact_methods=["post"],
        address="2 Mill Lane, Riverton, RV1 3CD",
    )
    PanelMemberFactory(panel=panel, person=june)
    meeting = MeetingFactory(panel=panel, title="June meeting")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_messages.send_meeting_invitations(meeting, actor=alice)
    by_kind = dict(notify.received)
    assert set(by_kind) == {"sms", "letter"}
    assert by_kind["sms"]["phone_number"] == "07700 900123"
    assert by_kind["sms"]["personalisation"]["subject"].startswith("You are invited: June meeting")
    text = by_kind["sms"]["personalisation"]["body"]
    assert text.startswith("Hello Bob Hughes,\n\nYou are invited to a meeting of Day Services")
    assert "calendar file" not in text  # only an email over SMTP carries one
    letter = by_kind["letter"]["personalisation"]
    assert [letter[f"address_line_{n}"] for n in (1, 2, 3, 4)] == [
        "June Ray",
        "2 Mill Lane",
        "Riverton",
        "RV1 3CD",
    ]
    sent = Message.objects.filter(kind="meeting.invitation").order_by("person__name")
    assert [(m.person.name, m.channel, m.status) for m in sent] == [
        ("Bob Hughes", "text", "sent"),
        ("June Ray", "letter", "sent"),
    ]
    assert MARKERS["need"] not in everything_sent(notify.received)


def test_meeting_reminder_then_cancellation_go_by_text_through_notify(
    org, alice, bob_person, panel, notify, django_capture_on_commit_callbacks
):
    AdjustmentFactory(panel=panel, need__person=bob_person, description=MARKERS["need"])
    prefer(bob_person, ContactMethod.TEXT)
    starts = timezone.now() + datetime.timedelta(hours=20)
    meeting = MeetingFactory(panel=panel, title="June meeting", starts_at=starts)
    with django_capture_on_commit_callbacks(execute=True):
        made = meeting_messages.make_due_reminders(timezone.now())
    assert {(row.kind, row.person_id) for row in made} >= {("reminder", bob_person.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        meeting_messages.cancel_meeting(meeting, actor=alice, reason="The room flooded.")
    texts = [p for kind, p in notify.received if kind == "sms"]
    assert [t["phone_number"] for t in texts] == ["07700 900123", "07700 900123"]
    reminder, cancelled = (t["personalisation"] for t in texts)
    assert "June meeting" in reminder["subject"]
    assert "June meeting" in cancelled["subject"]
    assert "The room flooded." in cancelled["body"]
    sent = Message.objects.filter(person=bob_person).order_by("pk")
    assert [(m.kind, m.channel, m.status, m.sent_via) for m in sent] == [
        ("meeting.reminder", "text", "sent", "notify"),
        ("meeting.cancelled", "text", "sent", "notify"),
    ]
    assert MARKERS["need"] not in everything_sent(notify.received)


def test_meeting_invitation_in_easy_read_by_email_with_the_calendar_file(
    alice, bob, bob_person, panel, smtp_server, client, django_capture_on_commit_callbacks
):
    bob_person.formats = [Format.EASY_READ]
    bob_person.save()
    meeting = MeetingFactory(panel=panel, title="June meeting", title_easy_read="Our June meeting")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_messages.send_meeting_invitations(meeting, actor=alice)
    [email] = smtp_server.messages
    body = plain_text(email)
    assert body.startswith(
        "Hello Bob Hughes.\n\nDay Services Panel\nPlease come to our next meeting."
    )
    assert "Our June meeting" in body
    assert [p.get_content_type() for p in email.walk()][-1] == "text/calendar"
    message = Message.objects.get()
    assert (message.easy_read, message.channel, message.sent_via) == (True, "email", "smtp")
    client.force_login(bob)  # and it is on his Messages page
    page = client.get(reverse("my_messages", args=[panel.organisation.slug])).content.decode()
    assert "You are invited: June meeting" in page


def test_application_news_reaches_an_applicant_with_no_record_by_text_and_letter(
    alice, panel, notify, django_capture_on_commit_callbacks
):
    by_text = ApplicationFactory(
        panel=panel,
        name="Tia Text",
        email="",
        phone="07700 900456",
        contact_channel="text",
        why_join=MARKERS["why"],
        experience=MARKERS["experience"],
    )
    by_post = ApplicationFactory(
        panel=panel,
        name="Pat Post",
        email="",
        address="3 Quay Road\nRiverton\nRV2 4EF",
        contact_channel="post",
        wants_easy_read=True,
        why_join=MARKERS["why"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        panels.change_application_status(by_text, Status.INVITED, actor=alice)
        panels.change_application_status(by_post, Status.WAITING_LIST, actor=alice)
    (kind1, text), (kind2, letter) = notify.received
    assert (kind1, kind2) == ("sms", "letter")
    assert text["phone_number"] == "07700 900456"
    private = reverse("panel_application_done", args=[by_text.token])
    assert private in text["personalisation"]["body"]
    assert letter["personalisation"]["address_line_1"] == "Pat Post"
    assert letter["personalisation"]["address_line_4"] == "RV2 4EF"
    easy = letter["personalisation"]["body"]
    assert "The link is just for you. Please do not share it." in easy  # easy read twin
    assert reverse("panel_application_done", args=[by_post.token]) in easy
    rows = Message.objects.order_by("pk")
    assert [(m.person, m.to_name, m.channel, m.easy_read) for m in rows] == [
        (None, "Tia Text", "text", False),
        (None, "Pat Post", "letter", True),
    ]
    assert not any(marker in everything_sent(notify.received) for marker in MARKERS.values())


def test_application_news_is_made_once_per_step(alice, panel, django_capture_on_commit_callbacks):
    application = ApplicationFactory(panel=panel, name="Sam", email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        change = panels.change_application_status(application, Status.INVITED, actor=alice)
    assert panels.send_status_message(change) is None  # the same step again: nothing new
    assert Message.objects.filter(kind="application.status").count() == 1


def test_login_invitation_goes_to_the_persons_chosen_way_through_notify(
    org, dana, notify, django_capture_on_commit_callbacks
):
    june = PersonFactory(
        organisation=org, name="June Ray", email="june@example.org", formats=[Format.EASY_READ]
    )
    prefer(june, ContactMethod.POST, address="2 Mill Lane\nRiverton\nRV1 3CD")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_to_organisation(
            org, email="june@example.org", role=Role.MEMBER, invited_by=dana, person=june
        )
    [(kind, letter)] = notify.received
    assert kind == "letter"
    body = letter["personalisation"]["body"]
    assert body.startswith("Hello June Ray.\n\nRiverside Council asks you to join")
    assert f"/invitations/{invitation.token}/" in body
    message = Message.objects.get()
    assert (message.person, message.kind, message.easy_read) == (june, "account.invitation", True)


def test_login_invitation_to_an_address_with_no_record_goes_over_smtp(
    org, dana, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_to_organisation(org, email="new@example.org", role=Role.MEMBER, invited_by=dana)
    [email] = smtp_server.messages
    assert email["To"] == "new@example.org"
    assert plain_text(email).startswith("Hello,\n\nRiverside Council has invited you")
    message = Message.objects.get()
    assert (message.person, message.to_email, message.status) == (None, "new@example.org", "sent")
