"""Messages by each person's chosen way, through the real parts.

Email over a real SMTP conversation (aiosmtpd); email, texts and letters through the real
`notifications-python-client` against a small fake Notify on 127.0.0.1 (tests/servers.py).
Each event that tells someone is driven through its own domain function.
"""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.initiatives.home import to_dos_for
from coproduce.outcomes import domain as outcomes
from coproduce.panels.domain import agreement, meetings
from coproduce.panels.models import AgreementPoint
from coproduce.payments.domain import statuses
from coproduce.people import messages, senders
from coproduce.people.models import ContactMethod, Format, Message
from tests.accounts.test_smtp import plain_text, smtp_server
from tests.factories import ClaimFactory, MeetingFactory
from tests.markup import flat
from tests.payments.conftest import alice_person, bob_person, panel
from tests.servers import FakeNotify, free_port

__all__ = ["alice_person", "bob_person", "panel", "smtp_server"]  # shared fixtures

pytestmark = pytest.mark.django_db

# Free text that may hold special category data (health, access needs, wellbeing): each is
# put where a careless message would copy it, and must never reach a message.
MARKERS = {
    "claim": "MARKER-claim-about-my-epilepsy",
    "query": "MARKER-query-about-your-therapy",
    "said": "MARKER-said-my-depression",
    "reason": "MARKER-reason-hiv-status",
    "notes": "MARKER-notes-on-wheelchair-use",
    "point": "MARKER-point-about-medication",
}


@pytest.fixture
def notify(settings):
    with FakeNotify() as server:
        settings.NOTIFY_API_KEY = FakeNotify.API_KEY
        settings.NOTIFY_BASE_URL = server.url
        settings.NOTIFY_EMAIL_TEMPLATE_ID = "e0000000-0000-0000-0000-000000000001"
        settings.NOTIFY_TEXT_TEMPLATE_ID = "e0000000-0000-0000-0000-000000000002"
        settings.NOTIFY_LETTER_TEMPLATE_ID = "e0000000-0000-0000-0000-000000000003"
        yield server


def sent_claim(bob, bob_person):
    claim = ClaimFactory(person=bob_person, description=MARKERS["claim"])
    statuses.submit_claim(claim, actor=bob)
    return claim


def prefer(person, *methods, phone="07700 900123", address="1 High Street\nRiverton\nRV1 2AB"):
    person.contact_methods = list(methods)
    person.phone = phone
    person.address = address
    person.save()


# Choosing the way


@pytest.mark.parametrize(
    ("methods", "email", "phone", "address", "channel"),
    [
        ([], "bob@example.org", "", "", "email"),
        ([], "", "", "1 High Street", "letter"),
        ([], "", "07700 900123", "", "call"),
        (["text", "email"], "bob@example.org", "07700 900123", "", "text"),
        (["text", "email"], "bob@example.org", "", "", "email"),  # no number: the next way
        (["post"], "bob@example.org", "", "1 High Street", "letter"),
        (["phone"], "bob@example.org", "07700 900123", "", "call"),
        (["supporter"], "bob@example.org", "", "", "call"),
    ],
)
def test_the_first_way_they_chose_that_we_can_use(
    bob_person, methods, email, phone, address, channel
):
    bob_person.contact_methods, bob_person.email = methods, email
    bob_person.phone, bob_person.address = phone, address
    assert messages.choose_channel(bob_person) == channel


# Email over SMTP, after commit


def test_claim_query_is_emailed_over_smtp_only_after_commit(
    bob, dana, bob_person, smtp_server, django_capture_on_commit_callbacks
):
    claim = sent_claim(bob, bob_person)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        statuses.query_claim(claim, actor=dana, message=MARKERS["query"])
    assert smtp_server.messages == []  # nothing before the commit
    assert Message.objects.get().status == Message.Status.WAITING
    for callback in callbacks:
        callback()
    assert len(smtp_server.messages) == 1
    email = smtp_server.messages[0]
    assert email["To"] == "bob@example.org"
    assert email["Subject"] == "We have a question about your claim"
    body = plain_text(email)
    assert body.startswith("Hello Bob Hughes. We have a question about your claim for meeting on 5")
    assert f"/o/riverside/payments/claims/{claim.pk}/" in body
    message = Message.objects.get()
    assert (message.status, message.sent_via, message.attempts) == ("sent", "smtp", 1)


def test_a_change_rolled_back_sends_nothing(
    bob, dana, bob_person, smtp_server, django_capture_on_commit_callbacks
):
    claim = sent_claim(bob, bob_person)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                statuses.approve_claim(claim, actor=dana)
                raise RuntimeError("the rest of the change failed")
        except RuntimeError:
            pass
    assert smtp_server.messages == []
    assert not Message.objects.exists()


def test_no_double_send_when_the_event_or_the_task_runs_twice(
    bob, dana, bob_person, smtp_server, django_capture_on_commit_callbacks
):
    claim = sent_claim(bob, bob_person)
    with django_capture_on_commit_callbacks(execute=True):
        statuses.approve_claim(claim, actor=dana)
        statuses.approve_claim(claim, actor=dana)  # a double click: no change, no message
    message = Message.objects.get()
    assert messages.deliver(message.pk) is False  # the task again: already sent
    with django_capture_on_commit_callbacks(execute=True):
        assert messages.send_message(bob_person, "claim.approved", message.key, title="x") is None
        messages.retry_waiting(timezone.now() + datetime.timedelta(hours=1))
    assert len(smtp_server.messages) == 1
    assert Message.objects.count() == 1


def test_a_failed_send_is_counted_retried_and_then_shown_to_staff(
    settings, bob, alice, dana, org, bob_person, smtp_server, django_capture_on_commit_callbacks
):
    working = settings.MAILERS["default"]["OPTIONS"]["port"]
    settings.MAILERS["default"]["OPTIONS"]["port"] = free_port()  # nothing listens there
    settings.MESSAGE_MAX_ATTEMPTS = 2
    claim = sent_claim(bob, bob_person)
    with django_capture_on_commit_callbacks(execute=True):
        statuses.approve_claim(claim, actor=dana)
    message = Message.objects.get()
    assert (message.status, message.attempts) == ("waiting", 1)
    assert message.last_error.startswith("ConnectionRefusedError")
    later = timezone.now() + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert messages.retry_waiting(later) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 2)
    membership = alice.memberships.get(organisation=org)
    [item] = [t for t in to_dos_for(membership, None, timezone.localdate()) if t.kind == "messages"]
    assert item.what == "1 message could not be sent"
    # once the server is back, a message still waiting goes on the next run
    settings.MAILERS["default"]["OPTIONS"]["port"] = working
    Message.objects.filter(pk=message.pk).update(status="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        messages.retry_waiting(later)
    assert len(smtp_server.messages) == 1


# GOV.UK Notify through its real client


def test_notify_sends_email_text_and_letter_by_each_persons_choice(
    org, bob, dana, bob_person, notify, django_capture_on_commit_callbacks
):
    claim = sent_claim(bob, bob_person)
    with django_capture_on_commit_callbacks(execute=True):
        statuses.query_claim(claim, actor=dana, message=MARKERS["query"])  # email
    prefer(bob_person, ContactMethod.TEXT)
    with django_capture_on_commit_callbacks(execute=True):
        statuses.submit_claim(claim, actor=bob)
        statuses.approve_claim(claim, actor=dana)  # text
    prefer(bob_person, ContactMethod.POST)
    with django_capture_on_commit_callbacks(execute=True):
        statuses.pay_claim(claim, actor=dana, reference="BACS-1", paid_on=timezone.localdate())
    kinds = [kind for kind, _payload in notify.received]
    assert kinds == ["email", "sms", "letter"]
    email, text, letter = (payload for _kind, payload in notify.received)
    assert email["email_address"] == "bob@example.org"
    assert email["template_id"] == "e0000000-0000-0000-0000-000000000001"
    assert email["personalisation"]["subject"] == "We have a question about your claim"
    assert text["phone_number"] == "07700 900123"
    assert text["personalisation"]["body"].startswith("Hello Bob Hughes. We have agreed your")
    assert letter["personalisation"]["address_line_1"] == "Bob Hughes"
    assert letter["personalisation"]["address_line_4"] == "RV1 2AB"
    assert letter["personalisation"]["subject"] == "Your claim is paid"
    sent = Message.objects.order_by("pk")
    assert [m.channel for m in sent] == ["email", "text", "letter"]
    assert all(m.sent_via == "notify" and m.provider_id for m in sent)
    assert {p["reference"] for p in (email, text, letter)} == {f"coproduce-{m.pk}" for m in sent}


def test_notify_down_is_retried_without_a_second_send(
    bob, dana, bob_person, notify, django_capture_on_commit_callbacks
):
    prefer(bob_person, ContactMethod.TEXT)
    notify.fail_next = 1
    claim = sent_claim(bob, bob_person)
    with django_capture_on_commit_callbacks(execute=True):
        statuses.approve_claim(claim, actor=dana)
    message = Message.objects.get()
    assert (message.status, message.attempts) == ("waiting", 1)
    assert "500" in message.last_error
    later = timezone.now() + datetime.timedelta(minutes=5)
    for _run in range(2):  # cron runs twice: the second finds nothing waiting
        with django_capture_on_commit_callbacks(execute=True):
            messages.retry_waiting(later)
    assert len(notify.received) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)


def test_a_letter_notify_refuses_is_shown_to_staff_at_once(
    bob, dana, bob_person, notify, django_capture_on_commit_callbacks
):
    prefer(bob_person, ContactMethod.POST, address="Riverton")  # no street, no postcode
    claim = sent_claim(bob, bob_person)
    with django_capture_on_commit_callbacks(execute=True):
        statuses.approve_claim(claim, actor=dana)
    message = Message.objects.get()
    assert (message.status, message.attempts) == ("failed", 1)
    assert "Address must be 3 lines" in message.last_error
    assert notify.received == []


# Without Notify: letters and texts are a to-do for staff


def test_without_notify_a_text_and_a_letter_are_a_staff_to_do(
    org, bob, alice, dana, bob_person, client, smtp_server, django_capture_on_commit_callbacks
):
    prefer(bob_person, ContactMethod.TEXT)
    claim = sent_claim(bob, bob_person)
    with django_capture_on_commit_callbacks(execute=True):
        statuses.approve_claim(claim, actor=dana)
    prefer(bob_person, ContactMethod.POST)
    bob_person.formats = [Format.LARGE_PRINT]
    bob_person.save()
    with django_capture_on_commit_callbacks(execute=True):
        statuses.pay_claim(claim, actor=dana, reference="BACS-1", paid_on=timezone.localdate())
    assert smtp_server.messages == []
    text, letter = Message.objects.order_by("pk")
    assert (text.channel, text.status) == ("text", "by_hand")
    assert (letter.channel, letter.status, letter.large_print) == ("letter", "by_hand", True)

    membership = alice.memberships.get(organisation=org)
    items = [t for t in to_dos_for(membership, None, timezone.localdate()) if t.kind == "messages"]
    assert sorted(t.what for t in items) == [
        "1 letter to print and post",
        "1 text message to send",
    ]
    assert all(t.url == "/o/riverside/people/messages/" for t in items)

    client.force_login(alice)
    page = client.get("/o/riverside/people/messages/").content.decode()
    assert 'href="sms:07700 900123"' in page
    assert "Hello Bob Hughes. We have agreed your claim" in page
    printed = client.get(f"/o/riverside/people/messages/{letter.pk}/letter/").content.decode()
    assert "Bob Hughes<br>1 High Street<br>Riverton<br>RV1 2AB" in flat(printed)
    assert "letter letter-large" in printed
    assert "Your claim is paid" in printed
    detail = client.get(f"/o/riverside/people/{bob_person.pk}/").content.decode()
    assert "Your claim is paid · Letter · For staff to send" in " ".join(detail.split())
    batch = client.get("/o/riverside/people/messages/letters/").content.decode()
    assert batch.count('<article class="letter') == 1

    response = client.post(f"/o/riverside/people/messages/{text.pk}/sent/")
    assert response.status_code == 302
    text.refresh_from_db()
    assert (text.status, text.sent_via, text.sent_by) == ("sent", "staff", alice)
    client.post(f"/o/riverside/people/messages/{text.pk}/sent/")  # twice: still once
    assert AuditEntry.objects.filter(action="people.message.sent_by_hand").count() == 1


def test_a_member_sees_what_was_sent_to_them_and_nobody_elses(
    org, bob, alice, dana, bob_person, client, smtp_server, django_capture_on_commit_callbacks
):
    claim = sent_claim(bob, bob_person)
    with django_capture_on_commit_callbacks(execute=True):
        statuses.approve_claim(claim, actor=dana)
    client.force_login(bob)
    page = client.get(reverse("my_messages", args=["riverside"])).content.decode()
    assert "Your claim is agreed" in page
    assert "sent on" in page
    client.force_login(alice)
    assert (
        "Your claim is agreed"
        not in client.get("/o/riverside/people/messages/mine/").content.decode()
    )


# Every event tells the right people, and no special category data reaches a message


EVERY_KIND = [
    "claim.queried",
    "claim.approved",
    "claim.paid",
    "poll.opened",  # once, though dates were added twice
    "poll.chosen",
    "papers.published",
    "notes.published",
    "agreement.published",
    "you_said.answered",
]


def every_event(org, alice, bob, dana, bob_person, panel, captured) -> None:
    """Drive each event that tells members, through its own domain function, with a marker
    where a careless message would copy private words."""
    claim = sent_claim(bob, bob_person)
    meeting = MeetingFactory(panel=panel, title="Planning the summer", starts_at=None)
    meeting.facilitators.set([alice.people.get(organisation=org)])
    option_time = timezone.now() + datetime.timedelta(days=20)
    with captured(execute=True):
        statuses.query_claim(claim, actor=dana, message=MARKERS["query"])
        statuses.submit_claim(claim, actor=bob)
        statuses.approve_claim(claim, actor=dana)
        statuses.pay_claim(claim, actor=dana, reference="BACS-1", paid_on=timezone.localdate())
        meetings.add_date_options(meeting, [option_time])
        meetings.add_date_options(meeting, [option_time + datetime.timedelta(days=1)])
        meetings.choose_meeting_date(meeting, meeting.date_options.first(), actor=alice)
        meetings.add_paper(
            meeting,
            actor=alice,
            title="Budget",
            standard=SimpleUploadedFile("budget.pdf", b"%PDF-1.4 budget"),
        )
        meetings.save_meeting_notes(
            meeting,
            actor=alice,
            summary="We met.",
            full_notes=MARKERS["notes"],
            easy_read="",
            publish=True,
        )
        point = agreement.raise_agreement_point(
            panel, person=bob_person, text=MARKERS["point"], actor=alice
        )
        agreement.set_point_state(point, AgreementPoint.State.IN, actor=alice)
        agreement.publish_agreement_version(panel, actor=alice)
        contribution = outcomes.add_contribution(
            org,
            actor=alice,
            source="other",
            text=MARKERS["said"],
            said_on=timezone.localdate(),
            panel=panel,
            credited=[bob_person],
            consent_given_on=timezone.localdate(),
        )
        outcomes.record_response(
            contribution,
            actor=alice,
            decision="not_adopted",
            reason=MARKERS["reason"],
            decided_by="The board",
            decided_on=timezone.localdate(),
        )


def test_each_event_tells_the_people_it_concerns_with_nothing_private(
    org,
    alice,
    bob,
    dana,
    bob_person,
    panel,
    smtp_server,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    every_event(org, alice, bob, dana, bob_person, panel, django_capture_on_commit_callbacks)
    to_bob = list(Message.objects.filter(person=bob_person).order_by("pk"))
    assert [m.kind for m in to_bob] == EVERY_KIND
    assert all(m.status == "sent" for m in to_bob)
    # the people running the meeting hear about the poll, the date, papers and notes too
    alice_kinds = set(Message.objects.filter(person__user=alice).values_list("kind", flat=True))
    assert alice_kinds == {"poll.opened", "poll.chosen", "papers.published", "notes.published"}
    everything = " ".join(
        [f"{m.subject} {m.body} {m.link}" for m in Message.objects.all()]
        + [plain_text(e) + e["Subject"] for e in smtp_server.messages]
    )
    assert len(smtp_server.messages) == Message.objects.count()
    for marker in MARKERS.values():
        assert marker not in everything


def test_each_event_reaches_someone_by_text_through_notify_with_nothing_private(
    org,
    alice,
    bob,
    dana,
    bob_person,
    panel,
    notify,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    prefer(bob_person, ContactMethod.TEXT)
    every_event(org, alice, bob, dana, bob_person, panel, django_capture_on_commit_callbacks)
    to_bob = list(Message.objects.filter(person=bob_person).order_by("pk"))
    assert [m.kind for m in to_bob] == EVERY_KIND
    assert all((m.channel, m.status, m.sent_via) == ("text", "sent", "notify") for m in to_bob)
    texts = [p for kind, p in notify.received if kind == "sms"]
    assert [p["reference"] for p in texts] == [f"coproduce-{m.pk}" for m in to_bob]
    assert {p["phone_number"] for p in texts} == {"07700 900123"}
    for message, payload in zip(to_bob, texts, strict=True):
        assert payload["personalisation"]["subject"] == message.subject
        assert message.link in payload["personalisation"]["body"]  # the link, whole
    everything = str(notify.received) + " ".join(m.body for m in Message.objects.all())
    for marker in MARKERS.values():
        assert marker not in everything


def test_the_cron_job_says_what_it_would_queue_and_then_queues_it(
    bob, dana, bob_person, settings, smtp_server, django_capture_on_commit_callbacks
):
    working = settings.MAILERS["default"]["OPTIONS"]["port"]
    settings.MAILERS["default"]["OPTIONS"]["port"] = free_port()  # nothing listens there
    claim = sent_claim(bob, bob_person)
    with django_capture_on_commit_callbacks(execute=True):
        statuses.approve_claim(claim, actor=dana)
    Message.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    settings.MAILERS["default"]["OPTIONS"]["port"] = working
    out = StringIO()
    call_command("send_waiting_messages", "--dry-run", stdout=out)
    assert out.getvalue() == "Would queue 1 message(s) again.\n"
    assert smtp_server.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_waiting_messages", stdout=out)
    assert len(smtp_server.messages) == 1
    assert Message.objects.get().status == "sent"


def test_the_link_is_added_unless_the_words_already_hold_it_whole():
    link = "https://example.org/invited/abc/"
    with_calendar = Message(
        body="Your calendar: https://example.org/invited/abc/workshop.ics", link=link
    )
    assert senders.full_text(with_calendar).endswith("\n\n" + link)  # a longer link is not it
    holding = Message(body=f"Use this link: {link}\nThank you.", link=link)
    assert senders.full_text(holding) == holding.body
    assert senders.full_text(Message(body="No link.", link="")) == "No link."
