"""Inviting people to a workshop, their sign-ups and the one reminder, through the real parts:
email over a real SMTP conversation, texts through the real Notify client (tests/servers.py),
and staff to-dos when Notify is not set."""

from __future__ import annotations

import datetime
from io import StringIO

import icalendar
import pytest
from django.core.management import call_command
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.initiatives.models import Capacity
from coproduce.people.models import ContactMethod, Message
from coproduce.workshops import domain
from coproduce.workshops.domain import Refused, inviting
from coproduce.workshops.models import AccessNeed, Invitation, Workshop
from coproduce.workshops.signups import calendar_file, sign_up_counts
from tests.accounts.test_smtp import plain_text, smtp_server
from tests.factories import PersonFactory, WorkshopFactory
from tests.people.test_messages import notify

__all__ = ["notify", "smtp_server"]  # shared fixtures

pytestmark = pytest.mark.django_db

NEEDS_MARKER = "MARKER-my-wheelchair-and-my-epilepsy"
START = datetime.datetime(2027, 1, 14, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def workshop(initiative):
    return WorkshopFactory(
        initiative=initiative,
        title="Garden ideas morning",
        starts_at=START,
        venue="Willow Court lounge",
        purpose="Ideas for a garden everyone can use",
    )


@pytest.fixture
def people(org, bob):
    """Bob (email), June (text message) and Ray (letter)."""
    june = PersonFactory(
        organisation=org, name="June Ellis", phone="07700 900123", contact_methods=["text"]
    )
    ray = PersonFactory(
        organisation=org,
        name="Ray Patel",
        address="1 High Street\nRiverton\nRV1 2AB",
        contact_methods=[ContactMethod.POST],
    )
    return [bob.people.get(organisation=org), june, ray]


def test_each_person_is_invited_by_their_way_with_the_date_place_and_links(
    workshop, people, alice, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = domain.invite_to_workshop(workshop, people, actor=alice)
    assert len(made) == 3
    email, text, letter = Message.objects.filter(kind="workshop.invited").order_by("pk")
    assert [(m.channel, m.status) for m in (email, text, letter)] == [
        ("email", "sent"),
        ("text", "by_hand"),  # no Notify: a staff to-do
        ("letter", "by_hand"),
    ]
    assert len(smtp_server.messages) == 1
    sent = smtp_server.messages[0]
    assert sent["To"] == "bob@example.org"
    assert sent["Subject"] == "You are invited: Garden ideas morning"
    bob_invitation = Invitation.objects.get(person=people[0])
    body = plain_text(sent)
    assert body.startswith(
        "Hello Bob Hughes. You are invited to a workshop: Garden ideas morning. It is on "
        "Thursday 14 January 2027, 10:00, at Willow Court lounge. It is for this: Ideas for a "
        "garden everyone can use. Please tell us if you can come"
    )
    assert f"/invited/{bob_invitation.token}/workshop.ics" in body
    assert body.rstrip().endswith(f"/invited/{bob_invitation.token}/")
    entry = AuditEntry.objects.get(action="workshops.invited")
    assert entry.data == {"count": 3}


def test_inviting_again_sends_nothing_new_until_the_time_moves(
    workshop, people, alice, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        domain.invite_to_workshop(workshop, people[:1], actor=alice)
        assert domain.invite_to_workshop(workshop, people[:1], actor=alice) == []
    assert Message.objects.count() == 1
    token = Invitation.objects.get().token
    workshop.starts_at = START + datetime.timedelta(days=1)
    workshop.save()
    with django_capture_on_commit_callbacks(execute=True):
        domain.invite_to_workshop(workshop, people[:1], actor=alice)
    assert Message.objects.count() == 2
    assert len(smtp_server.messages) == 2
    assert "Friday 15 January 2027" in plain_text(smtp_server.messages[1])
    assert Invitation.objects.get().token == token  # the same private link


def test_an_invitation_by_text_goes_through_notify(
    workshop, people, alice, notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        domain.invite_to_workshop(workshop, people[1:2], actor=alice)
    [(kind, payload)] = notify.received
    assert kind == "sms"
    assert payload["phone_number"] == "07700 900123"
    assert payload["personalisation"]["body"].startswith(
        "Hello June Ellis. You are invited to a workshop: Garden ideas morning."
    )
    assert Message.objects.get().sent_via == "notify"


def test_people_of_another_organisation_are_not_invited(workshop, alice, other_org):
    stranger = PersonFactory(organisation=other_org, name="Sam Stranger")
    assert domain.invite_to_workshop(workshop, [stranger], actor=alice) == []
    assert not Invitation.objects.exists()
    assert not Message.objects.exists()


def test_nobody_is_invited_to_a_workshop_that_has_ended(workshop, people, alice):
    Workshop.objects.filter(pk=workshop.pk).update(state=Workshop.State.ENDED)
    with pytest.raises(Refused):
        domain.invite_to_workshop(workshop, people, actor=alice)
    assert not Invitation.objects.exists()


def invitation_for(workshop, person, alice):
    domain.invite_to_workshop(workshop, [person], actor=alice)
    return Invitation.objects.get(workshop=workshop, person=person)


def test_a_sign_up_keeps_access_needs_apart_and_only_with_consent(workshop, people, alice):
    invitation = invitation_for(workshop, people[0], alice)
    domain.answer_invitation(
        invitation,
        coming=True,
        capacity=Capacity.LIVED_CARE,
        needs=["larger_text", "not-a-need"],
        other_needs=NEEDS_MARKER,
        consent=True,
    )
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.capacity, invitation.joins_from) == (
        "yes",
        "lived_care",
        "room",  # in person: the room, whatever was sent
    )
    need = AccessNeed.objects.get()
    assert (need.invitation, need.participant, need.needs, need.other) == (
        invitation,
        None,
        ["larger_text"],
        NEEDS_MARKER,
    )
    # Read only through the logged page, with who shared it.
    [read] = domain.read_access_needs(workshop, actor=alice)
    assert (read.who, read.other) == ("Bob Hughes", NEEDS_MARKER)
    assert AuditEntry.objects.get(action="workshops.access_needs.viewed").data == {"count": 1}
    # Not coming after all: the needs go.
    domain.answer_invitation(invitation, coming=False)
    assert not AccessNeed.objects.exists()
    # Needs without consent are not kept.
    domain.answer_invitation(
        invitation, coming=True, capacity=Capacity.LEARNT, needs=["more_time"], consent=False
    )
    assert not AccessNeed.objects.exists()
    # Not one private word in any message, and no audit entry says what.
    assert not Message.objects.filter(body__contains="MARKER").exists()
    assert not any("MARKER" in str(e.data) for e in AuditEntry.objects.all())


def test_a_sign_up_needs_lived_or_learnt_and_in_a_hybrid_workshop_where(workshop, people, alice):
    invitation = invitation_for(workshop, people[0], alice)
    with pytest.raises(Refused):
        domain.answer_invitation(invitation, coming=True, capacity="")
    Workshop.objects.filter(pk=workshop.pk).update(place=Workshop.Place.HYBRID)
    invitation = Invitation.objects.select_related("workshop").get(pk=invitation.pk)
    domain.answer_invitation(invitation, coming=True, capacity=Capacity.LEARNT, joins_from="online")
    invitation.refresh_from_db()
    assert invitation.joins_from == "online"


def test_staff_record_an_answer_for_someone_without_a_login(workshop, people, alice):
    invitation = invitation_for(workshop, people[2], alice)
    domain.answer_invitation(
        invitation,
        coming=True,
        capacity=Capacity.LIVED_CARER,
        actor=alice,
        how_told="by phone",
    )
    invitation.refresh_from_db()
    assert (invitation.recorded_by.display_name, invitation.how_told) == (
        "Alice Okafor",
        "by phone",
    )
    entry = AuditEntry.objects.get(action="workshops.sign_up.recorded")
    assert entry.data == {"invitation": invitation.pk, "coming": True}
    # The person answering from their own link afterwards clears "recorded by".
    domain.answer_invitation(invitation, coming=False)
    invitation.refresh_from_db()
    assert (invitation.recorded_by, invitation.how_told) == (None, "")


def test_sign_ups_are_counted_by_lived_and_learnt_and_by_place(workshop, org, alice):
    Workshop.objects.filter(pk=workshop.pk).update(place=Workshop.Place.HYBRID)
    workshop.refresh_from_db()
    answers = [
        (True, Capacity.LIVED_CARE, "room"),
        (True, Capacity.LIVED_CARER, "online"),
        (True, Capacity.LEARNT, "online"),
        (False, "", ""),
        None,
    ]
    for n, answer in enumerate(answers):
        invitation = invitation_for(workshop, PersonFactory(organisation=org, name=f"P{n}"), alice)
        if answer:
            coming, capacity, where = answer
            domain.answer_invitation(invitation, coming=coming, capacity=capacity, joins_from=where)
    counts = sign_up_counts(workshop)
    assert (counts.invited, counts.coming, counts.not_coming, counts.waiting) == (5, 3, 1, 1)
    assert (counts.lived, counts.learnt, counts.in_room, counts.online) == (2, 1, 1, 2)


# Reminders


def reminders():
    return Message.objects.filter(kind="workshop.reminder")


def test_one_reminder_two_days_before_not_to_people_who_said_no(
    workshop, people, alice, smtp_server, django_capture_on_commit_callbacks
):
    domain.invite_to_workshop(workshop, people, actor=alice)
    bob_invitation, june_invitation, _ray = Invitation.objects.order_by("pk")
    domain.answer_invitation(bob_invitation, coming=True, capacity=Capacity.LIVED_CARE)
    domain.answer_invitation(june_invitation, coming=False)
    # Ray has not answered: he is reminded too, with his link to answer.

    assert domain.send_workshop_reminders(START - datetime.timedelta(hours=49)) == []
    with django_capture_on_commit_callbacks(execute=True):
        made = domain.send_workshop_reminders(START - datetime.timedelta(hours=47))
    assert sorted(m.person.name for m in made) == ["Bob Hughes", "Ray Patel"]
    with django_capture_on_commit_callbacks(execute=True):
        assert domain.send_workshop_reminders(START - datetime.timedelta(hours=2)) == []
    assert reminders().count() == 2
    [email] = [m for m in smtp_server.messages if m["Subject"].startswith("Reminder")]
    assert email["Subject"] == "Reminder: Garden ideas morning, Thursday 14 January 2027, 10:00"
    assert f"/invited/{bob_invitation.token}/" in plain_text(email)
    # After it has started, nothing.
    assert domain.send_workshop_reminders(START + datetime.timedelta(minutes=1)) == []


def test_a_reminder_by_text_goes_through_notify_with_the_sign_up_link(
    workshop, people, alice, notify, django_capture_on_commit_callbacks
):
    domain.invite_to_workshop(workshop, people[1:2], actor=alice)  # June chose texts
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        [made] = domain.send_workshop_reminders(START - datetime.timedelta(hours=47))
    [(kind, payload)] = notify.received
    assert kind == "sms"
    assert payload["phone_number"] == "07700 900123"
    assert payload["personalisation"]["subject"] == (
        "Reminder: Garden ideas morning, Thursday 14 January 2027, 10:00"
    )
    assert f"/invited/{invitation.token}/" in payload["personalisation"]["body"]
    made.refresh_from_db()
    assert (made.kind, made.channel, made.status, made.sent_via) == (
        "workshop.reminder",
        "text",
        "sent",
        "notify",
    )
    assert NEEDS_MARKER not in str(notify.received)


def test_the_reminder_command_says_what_is_due_then_sends_it_once(
    workshop, people, alice, settings
):
    domain.invite_to_workshop(workshop, people[:1], actor=alice)
    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=timezone.now() + datetime.timedelta(hours=24)
    )
    out = StringIO()
    call_command("send_workshop_reminders", "--dry-run", stdout=out)
    assert out.getvalue() == "Dry run: 1 workshop reminders due.\n"
    assert not reminders().exists()
    out = StringIO()
    call_command("send_workshop_reminders", stdout=out)
    call_command("send_workshop_reminders", stdout=out)
    assert out.getvalue() == (
        "Made 1 workshop reminders: 1 to send, 0 for staff.\n"
        "Made 0 workshop reminders: 0 to send, 0 for staff.\n"
    )
    assert reminders().count() == 1


def test_the_calendar_file_has_the_time_place_and_the_sign_up_link(workshop, people, alice):
    invitation = invitation_for(workshop, people[0], alice)
    link = inviting.sign_up_link(invitation)
    event = icalendar.Calendar.from_ical(calendar_file(workshop, link=link)).walk("VEVENT")[0]
    assert event["summary"] == "Garden ideas morning"
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == START + datetime.timedelta(minutes=120)
    assert event["location"] == "Willow Court lounge"
    assert event["uid"] == f"workshop-{workshop.pk}@coproduce"
    assert link in event["description"]


def test_moving_a_workshop_updates_the_same_calendar_event(workshop, people, alice):
    invitation = invitation_for(workshop, people[0], alice)
    link = inviting.sign_up_link(invitation)

    def event() -> icalendar.Event:
        calendar = icalendar.Calendar.from_ical(calendar_file(workshop, link=link))
        assert str(calendar["method"]) == "PUBLISH"
        return calendar.walk("VEVENT")[0]

    assert event()["sequence"] == 0
    domain.update_workshop(workshop, actor=alice, purpose="Ideas for the new garden")
    assert event()["sequence"] == 0  # nothing a calendar shows has changed
    domain.update_workshop(workshop, actor=alice, starts_at=START + datetime.timedelta(days=1))
    domain.update_workshop(workshop, actor=alice, venue="The garden room")
    workshop.refresh_from_db()
    moved = event()
    assert (moved["sequence"], str(moved["uid"]), moved.decoded("dtstart")) == (
        2,
        f"workshop-{workshop.pk}@coproduce",
        START + datetime.timedelta(days=1),
    )
    assert str(moved["location"]) == "The garden room"


def test_everyone_invited_but_not_those_who_said_no_is_told_of_a_new_time(
    workshop, people, alice, smtp_server, django_capture_on_commit_callbacks
):
    bob, june, ray = people
    with django_capture_on_commit_callbacks(execute=True):
        domain.invite_to_workshop(workshop, people, actor=alice)
    domain.answer_invitation(Invitation.objects.get(person=june), coming=False)
    with django_capture_on_commit_callbacks(execute=True):
        domain.update_workshop(workshop, actor=alice, venue="The garden room")
    assert Message.objects.filter(kind="workshop.moved").count() == 0  # same time: no message
    with django_capture_on_commit_callbacks(execute=True):
        domain.update_workshop(workshop, actor=alice, starts_at=START + datetime.timedelta(days=1))
        domain.update_workshop(workshop, actor=alice, starts_at=START + datetime.timedelta(days=1))
    moved = Message.objects.filter(kind="workshop.moved").order_by("person__name")
    assert [m.person for m in moved] == [bob, ray]
    assert len(smtp_server.messages) == 2  # Bob's invitation, then the new time (by email)
    text = plain_text(smtp_server.messages[1])
    assert "The workshop Garden ideas morning has moved. It is now on Friday 15" in text
