"""Joining a workshop by code and ticking easy read opens the easy read words first."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coproduce.initiatives.models import Capacity
from coproduce.pictures.builtin import builtin
from tests.markup import flat

pytestmark = pytest.mark.django_db


def _room(client, workshop, **data):
    client.post(
        reverse("workshop_join", kwargs={"code": workshop.join_code}),
        {"capacity": Capacity.LIVED_CARE, **data},
    )
    return client.get(
        reverse("workshop_room", kwargs={"code": workshop.join_code})
    ).content.decode()


@pytest.fixture
def easy_words(running):
    running.easy_read_instruction = "Put a dot on the idea you like."
    running.save()
    return running


def test_a_participant_who_chose_easy_read_sees_it_open(client, workshop, easy_words):
    html = _room(client, workshop, needs=["easy_read"], consent="on")
    assert '<details class="ws-easy-read" id="easy-read" open>' in flat(html)


def test_others_see_it_closed(client, workshop, easy_words):
    html = _room(client, workshop)
    assert '<details class="ws-easy-read" id="easy-read">' in flat(html)


def test_staff_choose_pictures_for_easy_read_instructions_and_phones_show_them(
    client, client_as, alice, charlie, bob, workshop, running
):
    running.easy_read_instruction = "Put a dot on the idea you like.\nYou have 3 dots."
    running.save()
    slug = workshop.organisation.slug
    picker = f"/o/{slug}/pictures/points/workshops.activity/{running.pk}/"
    plan = client_as(alice).get(
        reverse(
            "workshop_detail",
            kwargs={"org": slug, "pk": workshop.initiative_id, "workshop_pk": workshop.pk},
        )
    )
    assert f'href="{picker}"' in plan.content.decode()
    page = client_as(alice).get(picker).content.decode()
    assert "You have 3 dots." in page
    client_as(alice).post(f"{picker}?point=1", {"picture": "openmoji:sticky-dot"})
    assert client_as(bob).post(f"{picker}?point=0", {"picture": "openmoji:bus"}).status_code == 403
    assert client_as(charlie).get(picker).status_code == 404
    client.logout()
    html = _room(client, workshop, needs=["easy_read"], consent="on")
    alts = re.findall(r'<img class="easy-picture"\s+src="[^"]+"\s+alt="([^"]*)"', html)
    assert alts[-1] == builtin("sticky-dot").alt
