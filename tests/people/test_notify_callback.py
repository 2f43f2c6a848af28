"""GOV.UK Notify's delivery receipts, through the real HTTP path (the test client): a bearer
token checked in constant time, the status kept on the message, a failure on the staff
to-do list; unknown ids taken quietly, bad bodies a 400, never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.initiatives.home import to_dos_for
from coproduce.payments.domain import statuses
from coproduce.people.models import ContactMethod, Message
from tests.payments.conftest import alice_person, bob_person, panel
from tests.people.test_messages import notify, prefer, sent_claim

__all__ = ["alice_person", "bob_person", "notify", "panel"]  # shared fixtures

pytestmark = pytest.mark.django_db
TOKEN = "a-long-callback-token-for-the-tests"
URL = "/notify/delivery/"


@pytest.fixture
def sent_by_notify(bob, dana, bob_person, notify, settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN
    prefer(bob_person, ContactMethod.TEXT)
    claim = sent_claim(bob, bob_person)
    with django_capture_on_commit_callbacks(execute=True):
        statuses.approve_claim(claim, actor=dana)
    message = Message.objects.get()
    assert (message.status, message.sent_via) == ("sent", "notify")
    return message


def receipt(message: Message, status: str, **extra: object) -> dict:
    return {
        "id": message.provider_id,
        "reference": f"coproduce-{message.pk}",
        "to": "07700 900123",
        "status": status,
        "created_at": "2026-12-07T09:00:00.000000Z",
        "completed_at": "2026-12-07T09:00:05.000000Z",
        "sent_at": "2026-12-07T09:00:01.000000Z",
        "notification_type": "sms",
        "template_id": "e0000000-0000-0000-0000-000000000002",
        "template_version": 1,
        **extra,
    }


def post(body: object, token: str = TOKEN, client: Client | None = None):
    client = client or Client(enforce_csrf_checks=True, raise_request_exception=False)
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.post(
        URL, data, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


def test_the_address_is_named():
    assert reverse("notify_callback") == URL


def test_delivered_is_kept_on_the_message(sent_by_notify):
    response = post(receipt(sent_by_notify, "delivered"))
    assert (response.status_code, response.content) == (200, b"")
    sent_by_notify.refresh_from_db()
    assert (sent_by_notify.status, sent_by_notify.delivery_status) == ("sent", "delivered")
    assert sent_by_notify.delivery_status_at is not None


def test_a_failed_delivery_is_on_the_staff_to_do_list(sent_by_notify, org, alice, client):
    assert post(receipt(sent_by_notify, "permanent-failure")).status_code == 200
    sent_by_notify.refresh_from_db()
    assert (sent_by_notify.status, sent_by_notify.delivery_status) == (
        "failed",
        "permanent-failure",
    )
    assert sent_by_notify.last_error == "GOV.UK Notify could not deliver it (permanent-failure)."
    [entry] = AuditEntry.objects.filter(action="people.message.not_delivered")
    assert entry.data == {"kind": "claim.approved", "status": "permanent-failure"}
    membership = alice.memberships.get(organisation=org)
    [item] = [t for t in to_dos_for(membership, None, timezone.localdate()) if t.kind == "messages"]
    assert item.what == "1 message could not be sent"
    client.force_login(alice)
    page = client.get(reverse("messages_to_send", args=[org.slug])).content.decode()
    assert "GOV.UK Notify could not deliver it (permanent-failure)." in page


def test_a_wrong_or_missing_token_is_refused_and_changes_nothing(sent_by_notify, settings):
    for token in ["", "wrong", TOKEN[:-1], TOKEN + "x", "ünïcödé"]:
        assert post(receipt(sent_by_notify, "permanent-failure"), token=token).status_code == 401
    client = Client(raise_request_exception=False)
    response = client.post(URL, receipt(sent_by_notify, "delivered"), "application/json")
    assert response.status_code == 401
    settings.NOTIFY_CALLBACK_TOKEN = ""  # not set up: nothing gets in, even an empty token
    assert post(receipt(sent_by_notify, "delivered"), token="").status_code == 401
    sent_by_notify.refresh_from_db()
    assert (sent_by_notify.status, sent_by_notify.delivery_status) == ("sent", "")


def test_unknown_ids_and_wrong_references_are_taken_quietly(sent_by_notify):
    for body in [
        receipt(sent_by_notify, "permanent-failure", id="00000000-0000-0000-0000-000000000000"),
        receipt(sent_by_notify, "permanent-failure", reference="coproduce-999999"),
        receipt(sent_by_notify, "permanent-failure", id=""),
    ]:
        response = post(body)
        assert response.status_code in (200, 400)
        assert response.content in (b"", b"Not a delivery receipt.")
    sent_by_notify.refresh_from_db()
    assert (sent_by_notify.status, sent_by_notify.delivery_status) == ("sent", "")


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        b"null",
        b"1",
        b'"delivered"',
        b"{",
        b"\xff\xfe",
        b'{"id": "x"}',
        b"[" * 100_000,  # deep nesting
        json.dumps({"id": ["a"], "status": "delivered"}).encode(),
        json.dumps({"id": "a\x00b", "status": "delivered"}).encode(),
        json.dumps({"id": "x" * 5_000, "status": "delivered"}).encode(),
        json.dumps({"id": "abc", "status": "exploded"}).encode(),
        json.dumps({"id": "abc", "status": {"a": 1}}).encode(),
        b'{"id": "\\ud800", "status": "delivered"}',
    ],
)
def test_hostile_bodies_are_a_400_never_a_500(sent_by_notify, body):
    response = post(body)
    assert (response.status_code, response.content) == (400, b"Not a delivery receipt.")
    assert response["Content-Type"].startswith("text/plain")
    sent_by_notify.refresh_from_db()
    assert sent_by_notify.delivery_status == ""


def test_only_post_is_taken(settings):
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN
    client = Client(raise_request_exception=False)
    assert client.get(URL, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 405
