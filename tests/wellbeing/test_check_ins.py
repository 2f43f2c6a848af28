from __future__ import annotations

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.wellbeing.models import CheckIn
from tests.factories import AgendaItemFactory, MeetingFactory, SignpostServiceFactory


def check_in_url(panel):
    return reverse("check_in", kwargs={"org": "riverside", "panel_pk": panel.pk})


def list_url(panel):
    return reverse("check_in_list", kwargs={"org": "riverside", "panel_pk": panel.pk})


def test_member_checks_in_after_a_meeting(client_as, bob, panel):
    meeting = MeetingFactory(panel=panel, starts_at=timezone.now() - datetime.timedelta(days=1))
    response = client_as(bob).post(
        check_in_url(panel),
        {"moment": "after", "meeting": meeting.pk, "feeling": "2", "note": "Tired today."},
    )
    assert response.status_code == 302
    check_in = CheckIn.objects.get()
    assert (check_in.person, check_in.meeting, check_in.moment, check_in.feeling) == (
        bob.people.get(),
        meeting,
        "after",
        2,
    )
    assert check_in.note == "Tired today."
    assert check_in.wants_contact is False
    assert mail.outbox == []
    entry = AuditEntry.objects.get(action="wellbeing.checkin.recorded")
    assert (entry.actor, entry.data, entry.target_repr) == (bob, {}, f"Check-in {check_in.pk}")


def test_check_in_asking_for_contact_emails_without_content(
    client_as, bob, panel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_as(bob).post(
            check_in_url(panel),
            {"moment": "before", "feeling": "1", "note": "Bad week.", "wants_contact": "on"},
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "dana@example.org"]
    for message in mail.outbox:
        assert message.subject == "Someone would like you to get in touch"
        assert "Bad week" not in message.body
        assert "Bob" not in message.body


def test_check_in_needs_only_the_moment_and_a_feeling(client_as, bob, panel):
    page = client_as(bob).post(check_in_url(panel), {"note": "Hello"})
    text = page.content.decode()
    assert "Choose before or after the meeting." in text
    assert "Choose how you are feeling." in text
    assert "Hello" in text  # kept what was typed
    assert CheckIn.objects.count() == 0


def test_meeting_of_another_panel_is_refused(client_as, org, bob, panel):
    other = MeetingFactory(organisation=org)
    page = client_as(bob).post(
        check_in_url(panel), {"moment": "after", "meeting": other.pk, "feeling": "3"}
    )
    assert page.status_code == 200
    assert CheckIn.objects.count() == 0


def test_contacts_read_check_ins_and_each_look_is_logged(client_as, alice, bob, dana, panel):
    client_as(bob).post(check_in_url(panel), {"moment": "before", "feeling": "4", "note": "Fine"})
    for user in (alice, dana):
        page = client_as(user).get(list_url(panel))
        assert page.status_code == 200
        assert "4: Good" in page.content.decode()
    assert list(
        AuditEntry.objects.filter(action="wellbeing.checkin.viewed")
        .order_by("id")
        .values_list("actor__email", flat=True)
    ) == ["alice@example.org", "dana@example.org"]


def test_members_cannot_read_check_ins(client_as, bob, panel):
    assert client_as(bob).get(list_url(panel)).status_code == 404


def test_debrief_prompt_after_a_meeting_with_a_content_note(client_as, bob, panel):
    meeting = MeetingFactory(
        panel=panel, title="March meeting", starts_at=timezone.now() - datetime.timedelta(days=2)
    )
    AgendaItemFactory(meeting=meeting, content_note="Talks about losing a home")
    AgendaItemFactory(meeting=meeting)  # no note
    MeetingFactory(panel=panel, starts_at=timezone.now() - datetime.timedelta(days=1))  # no notes
    client = client_as(bob)
    mine = reverse("support_mine", kwargs={"org": "riverside"})
    text = client.get(mine).content.decode()
    assert "March meeting talked about some hard things:" in text
    assert "<li>Talks about losing a home</li>" in text
    assert f"?moment=after&amp;meeting={meeting.pk}" in text
    client.post(check_in_url(panel), {"moment": "after", "meeting": meeting.pk, "feeling": "3"})
    assert "talked about some hard things" not in client.get(mine).content.decode()


def test_signposting_list_is_kept_by_staff_and_read_by_members(client_as, org, alice, bob):
    client = client_as(alice)
    response = client.post(
        reverse("signpost_create", kwargs={"org": "riverside"}),
        {
            "name": "Riverside Mind",
            "helps_with": "Talking therapies and drop-in groups.",
            "phone": "01632 960999",
            "website": "https://mind.example.org",
            "opening_hours": "Monday to Friday, 9am to 5pm",
        },
    )
    assert response.status_code == 302
    page = client_as(bob).get(reverse("signpost_list", kwargs={"org": "riverside"}))
    text = page.content.decode()
    assert "Riverside Mind" in text
    assert 'href="tel:01632960999"' in text
    assert "Add a service" not in text
    assert AuditEntry.objects.filter(action="wellbeing.signpost.added").count() == 1


def test_signposting_list_of_another_organisation_is_not_shown(client_as, other_org, bob):
    SignpostServiceFactory(organisation=other_org, name="Hillside helpline")
    page = client_as(bob).get(reverse("signpost_list", kwargs={"org": "riverside"}))
    assert "Hillside helpline" not in page.content.decode()


def test_staff_remove_a_service(client_as, org, alice):
    service = SignpostServiceFactory(organisation=org)
    client_as(alice).post(
        reverse("signpost_remove", kwargs={"org": "riverside", "service_pk": service.pk})
    )
    assert not type(service).objects.exists()
