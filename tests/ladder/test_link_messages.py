"""Ladder links through people.messages: each person gets their private link by the way they
chose, through the real Notify client against tests/servers.FakeNotify (email, text,
letter) or on the staff to-do list, always with the whole link; a failed send is retried;
each is on the person's Messages page; nothing special category in any of them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coproduce.initiatives.models import Capacity
from coproduce.ladder import delivery, domain
from coproduce.people import messages
from coproduce.people.models import ContactMethod, Message
from tests.factories import AccessNeedFactory, InvolvementFactory, PersonFactory
from tests.people.test_messages import notify, prefer

__all__ = ["notify"]  # shared fixture

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
MARKER = "MARKER-need-about-my-epilepsy"


@pytest.fixture
def june(org, initiative):
    """A carer who asked for letters."""
    person = PersonFactory(
        organisation=org,
        name="June Ray",
        email="",
        contact_methods=[ContactMethod.POST],
        address="2 Mill Lane, Riverton, RV1 3CD",
    )
    InvolvementFactory(initiative=initiative, person=person, capacity=Capacity.LIVED_CARER)
    return person


@pytest.fixture
def bob_by_text(org, bob):
    person = bob.people.get(organisation=org)
    prefer(person, ContactMethod.TEXT)
    AccessNeedFactory(person=person, detail=MARKER)  # must never reach a message
    return person


def later(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_links_go_by_email_text_and_letter_through_notify_each_whole(
    initiative, alice, bob_by_text, june, notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = domain.open_round(initiative, actor=alice)
    link = {
        r.person.name: f"{SITE}/answer/{r.token}/"
        for r in round_.responses.select_related("person")
    }
    codes = {r.person.name: r.code_display for r in round_.responses.select_related("person")}
    by_kind = dict(notify.received)
    assert set(by_kind) == {"email", "sms", "letter"}
    assert by_kind["email"]["email_address"] == "alice@example.org"
    assert link["Alice Okafor"] in by_kind["email"]["personalisation"]["body"]
    text = by_kind["sms"]
    assert text["phone_number"] == "07700 900123"
    assert text["personalisation"]["subject"] == (
        "Your link to the Ladder questions about “Make the garden easy to use”"
    )
    assert f"\n{link['Bob Hughes']}\n" in text["personalisation"]["body"]  # whole, on its own
    assert f"type this code: {codes['Bob Hughes']}" in text["personalisation"]["body"]
    letter = by_kind["letter"]["personalisation"]
    assert [letter[f"address_line_{n}"] for n in (1, 2, 3, 4)] == [
        "June Ray",
        "2 Mill Lane",
        "Riverton",
        "RV1 3CD",
    ]
    assert f"\n{link['June Ray']}\n" in letter["body"]
    sent = Message.objects.filter(kind="ladder.invitation").order_by("person__name")
    assert [(m.person.name, m.channel, m.status, m.sent_via) for m in sent] == [
        ("Alice Okafor", "email", "sent", "notify"),
        ("Bob Hughes", "text", "sent", "notify"),
        ("June Ray", "letter", "sent", "notify"),
    ]
    everything = " ".join(
        [f"{m.subject} {m.body}" for m in Message.objects.all()] + [str(notify.received)]
    )
    assert MARKER not in everything


def test_a_reminder_by_text_and_a_failed_send_retried(
    initiative, alice, bob_by_text, notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = domain.open_round(initiative, actor=alice)
    bobs = round_.responses.get(person=bob_by_text)
    notify.received.clear()
    notify.fail_next = 1  # Notify is down for the first reminder
    with django_capture_on_commit_callbacks(execute=True):
        delivery.remind_round(round_, actor=alice, now=later(4))
    reminder = Message.objects.get(person=bob_by_text, kind="ladder.reminder")
    assert (reminder.status, reminder.attempts) == ("waiting", 1)
    assert "500" in reminder.last_error
    with django_capture_on_commit_callbacks(execute=True):
        messages.retry_waiting(later(1))
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("sent", 2)
    texts = [payload for kind, payload in notify.received if kind == "sms"]
    assert len(texts) == 1
    assert texts[0]["personalisation"]["subject"] == (
        "Reminder: your link to the Ladder questions about “Make the garden easy to use”"
    )
    assert f"\n{SITE}/answer/{bobs.token}/\n" in texts[0]["personalisation"]["body"]


def test_without_notify_staff_have_the_whole_link_to_send_and_the_person_sees_it(
    initiative, alice, bob, bob_by_text, june, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = domain.open_round(initiative, actor=alice)
    link = {r.person.name: f"{SITE}/answer/{r.token}/" for r in round_.responses.all()}
    statuses = dict(
        Message.objects.filter(kind="ladder.invitation").values_list("person__name", "status")
    )
    assert statuses == {"Alice Okafor": "sent", "Bob Hughes": "by_hand", "June Ray": "by_hand"}
    client.force_login(alice)
    to_send = client.get("/o/riverside/people/messages/").content.decode()
    assert link["Bob Hughes"] in to_send  # the text to send, with the link
    assert "June Ray" in to_send  # the letter to print
    letter = Message.objects.get(person=june)
    printed = client.get(f"/o/riverside/people/messages/{letter.pk}/letter/").content.decode()
    assert link["June Ray"] in printed
    client.force_login(bob)
    mine = client.get("/o/riverside/people/messages/mine/").content.decode()
    assert "Your link to the Ladder questions about “Make the garden easy to use”" in mine


def test_a_new_link_by_text_goes_through_notify_whole_and_the_old_one_stops(
    initiative, alice, bob_by_text, notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = domain.open_round(initiative, actor=alice)
    old = round_.responses.get(person=bob_by_text)
    old_token = old.token
    notify.received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        domain.renew_link(old, actor=alice)
    new = round_.responses.get(person=bob_by_text)
    assert new.token != old_token
    [(kind, text)] = notify.received
    assert kind == "sms"
    assert text["phone_number"] == "07700 900123"
    body = text["personalisation"]["body"]
    assert f"\n{SITE}/answer/{new.token}/\n" in body  # the new link, whole, on its own line
    assert old_token not in body
    message = Message.objects.get(person=bob_by_text, kind="ladder.new_link")
    assert (message.channel, message.status, message.sent_via) == ("text", "sent", "notify")
    assert MARKER not in str(notify.received) + message.body
