"""Ending a workshop kindly: confirmation, a short undo, a thank-you page, no 404s."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.workshops import domain
from coproduce.workshops.domain import Refused
from coproduce.workshops.models import Workshop
from tests.factories import WorkshopFactory
from tests.workshops.test_views import join_as, staff_url

pytestmark = pytest.mark.django_db


def room_url(workshop):
    return reverse("workshop_room", kwargs={"code": workshop.join_code})


def test_phone_shows_thank_you_page_after_the_end(client, workshop, alice, running):
    join_as(client, workshop, display_name="June")
    domain.end_workshop(workshop, actor=alice)
    response = client.get(room_url(workshop))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Thank you for taking part" in page
    assert "What happens next" in page
    assert "You said, we did" in page
    assert "data-ended" in page  # listens for an undo for a few seconds
    # Its live refresh gets the same page (the script then reloads), never a 404.
    live = client.get(room_url(workshop), headers={"X-Fragment": "live"})
    assert live.status_code == 200
    assert "Thank you for taking part" in live.content.decode()


def test_thank_you_page_stops_listening_once_undo_is_over(client, workshop, alice):
    join_as(client, workshop)
    domain.end_workshop(workshop, actor=alice)
    Workshop.objects.filter(pk=workshop.pk).update(
        ended_at=timezone.now() - datetime.timedelta(seconds=Workshop.UNDO_SECONDS + 1)
    )
    page = client.get(room_url(workshop)).content.decode()
    assert "Thank you for taking part" in page
    assert "data-live-room" not in page
    assert "js/room/" not in page


def test_buttons_after_the_end_lead_to_the_thank_you_page(client, workshop, alice, running):
    join_as(client, workshop)
    domain.end_workshop(workshop, actor=alice)
    act = reverse("workshop_act", kwargs={"code": workshop.join_code})
    response = client.post(act, {"t": "pass"}, follow=True)
    assert response.status_code == 200
    assert "Thank you for taking part" in response.content.decode()


def test_console_asks_before_ending(client_as, alice, workshop):
    page = client_as(alice).get(staff_url("workshop_console", workshop)).content.decode()
    assert '<summary data-focus="end-open">End the workshop</summary>' in page
    assert "Yes, end the workshop" in page
    assert "You can undo this for 30 seconds." in page


def test_console_undoes_an_end_within_30_seconds(client_as, alice, workshop, running):
    client = client_as(alice)
    control = staff_url("workshop_control", workshop)
    response = client.post(control, {"action": "end"}, follow=True)
    page = response.content.decode()
    assert "Undo: open the workshop again" in page
    assert "data-ended" in page  # the console stops reconnecting
    response = client.post(control, {"action": "reopen"}, follow=True)
    assert "Undone. The workshop is open again." in response.content.decode()
    workshop.refresh_from_db()
    assert (workshop.state, workshop.ended_at) == (Workshop.State.LIVE, None)
    assert AuditEntry.objects.filter(action="workshops.workshop.reopened").count() == 1


def test_undo_is_refused_after_30_seconds(workshop, alice):
    domain.end_workshop(workshop, actor=alice)
    Workshop.objects.filter(pk=workshop.pk).update(
        ended_at=timezone.now() - datetime.timedelta(seconds=Workshop.UNDO_SECONDS)
    )
    with pytest.raises(Refused) as refused:
        domain.reopen_workshop(workshop, actor=alice)
    assert refused.value.code == "too_late"
    workshop.refresh_from_db()
    assert workshop.state == Workshop.State.ENDED


def test_undo_is_refused_when_the_code_is_taken(workshop, alice, initiative):
    domain.end_workshop(workshop, actor=alice)
    WorkshopFactory(initiative=initiative, join_code=workshop.join_code)
    with pytest.raises(Refused) as refused:
        domain.reopen_workshop(workshop, actor=alice)
    assert refused.value.code == "code_taken"


def test_a_stranger_with_an_ended_code_is_not_counted_as_guessing(workshop, alice):
    domain.end_workshop(workshop, actor=alice)
    client = Client()
    for _ in range(30):
        response = client.get(reverse("workshop_join", kwargs={"code": workshop.join_code}))
    assert response.status_code == 410
