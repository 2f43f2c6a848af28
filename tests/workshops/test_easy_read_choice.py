"""Joining a workshop by code and ticking easy read opens the easy read words first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.initiatives.models import Capacity
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
