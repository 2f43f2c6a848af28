"""When a member adds or changes their own access need, the named contact and deputy are told
by email, over a real SMTP conversation, that something changed: never what or whose."""

from __future__ import annotations

import datetime

from django.core import mail

from coproduce.panels.domain import access
from coproduce.panels.models import AccessNeed
from tests.accounts.test_smtp import plain_text

SECRET = "Bright lights bring on my migraines"


def mine(rest=""):
    """The member's own "What helps you take part?" pages: one for all their panels."""
    return f"/o/riverside/people/me/{rest}"


def test_member_adding_a_need_tells_contact_and_deputy_over_smtp(
    client, alice, bob, panel, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(
            mine("access/new/?kind=sensory"),
            {"kind": "sensory", "options": ["lighting"], "detail": SECRET, "consent": "on"},
        )
    assert len(callbacks) == 1
    person = bob.people.get()
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "alice@example.org",
        "dana@example.org",
    ]
    for message in smtp_server.messages:
        assert message["Subject"] == "A member added or changed an access need"
        body = plain_text(message)
        assert body == (
            "Hello,\n\n"
            "A member of a panel you look after has added or changed an access need. Please "
            "log in to read it, and talk with them about what we can do.\n\n"
            "http://127.0.0.1:8000/access-needs/\n\n"
            "This email does not say who it is or what they need. That keeps it private.\n\n"
            "Coproduce\n"
        )
        for secret in (SECRET, "Bob", "Light", "lighting", panel.name):
            assert secret not in f"{message['Subject']} {body}"
    # The link needs a login and leads the contact to Bob's page.
    assert client.get("/access-needs/").status_code == 200  # bob: nothing he looks after
    assert "Bob Hughes" not in client.get("/access-needs/").content.decode()
    client.logout()
    assert client.get("/access-needs/")["Location"] == "/accounts/login/?next=/access-needs/"
    client.force_login(alice)
    page = client.get("/access-needs/").content.decode()
    person_link = f"/o/riverside/panels/{panel.pk}/access/people/{person.pk}/"
    assert f'<a href="{person_link}">Bob Hughes</a>' in page
    assert client.get(person_link).status_code == 200


def test_member_changing_or_ending_a_need_tells_them_too(
    client, bob, panel, django_capture_on_commit_callbacks
):
    need = access.record_access_need(
        panel,
        bob.people.get(),
        actor=bob,
        kind="energy",
        options=["breaks"],
        detail="",
        identified_on=datetime.date(2026, 5, 1),
        identified_how="told_us",
        share_with_facilitators=False,
        consent_via="online",
    )
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(mine(f"access/{need.pk}/"), {"options": ["shorter"], "detail": ""})
        client.post(mine(f"access/{need.pk}/"), {"ended": "on"})
    assert AccessNeed.objects.get().ended_on is not None
    assert len(mail.outbox) == 4  # two changes, to the contact and the deputy each
    assert {m.subject for m in mail.outbox} == {"A member added or changed an access need"}


def test_staff_recording_a_need_sends_nothing(
    client, alice, bob, panel, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/o/riverside/panels/{panel.pk}/access/people/{bob.people.get().pk}/?kind=dietary",
            {
                "kind": "dietary",
                "options": ["halal"],
                "identified_how": "told_us",
                "identified_on": "2026-05-01",
                "consent": "on",
                "consent_via": "conversation",
            },
        )
    assert AccessNeed.objects.count() == 1
    assert mail.outbox == []


def test_nothing_is_sent_before_the_change_is_committed(
    client, bob, panel, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            mine("access/new/?kind=sensory"),
            {"kind": "sensory", "options": ["quiet"], "consent": "on"},
        )
    assert len(callbacks) == 1
    assert mail.outbox == []  # a rolled-back change would never run the callback


def test_a_refused_form_sends_nothing(client, bob, panel, django_capture_on_commit_callbacks):
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(mine("access/new/?kind=sensory"), {"kind": "sensory", "detail": SECRET})
    assert callbacks == []
    assert mail.outbox == []


def test_a_member_on_two_panels_tells_each_contact_once_and_never_what(
    client, alice, bob, org, panel, django_capture_on_commit_callbacks
):
    from coproduce.core.models import AuditEntry
    from coproduce.people.models import Message
    from tests.factories import PanelFactory, PanelMemberFactory, PersonFactory

    marker = "MARKER-access-need-about-my-seizures"
    erin = PersonFactory(organisation=org, name="Erin Walsh", email="erin@example.org")
    second = PanelFactory(
        organisation=org, name="Carers Panel", named_contact=erin,
        deputy_contact=alice.people.get(organisation=org),
    )  # fmt: skip
    PanelMemberFactory(panel=second, person=bob.people.get(organisation=org))
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            mine("access/new/?kind=energy"),
            {"kind": "energy", "options": ["breaks"], "detail": marker, "consent": "on"},
        )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@example.org",
        "dana@example.org",
        "erin@example.org",
    ]
    for message in mail.outbox:
        assert marker not in f"{message.subject} {message.body}"
    assert not Message.objects.filter(body__contains="MARKER").exists()
    assert marker not in str(list(AuditEntry.objects.values_list("data", "target_repr")))
