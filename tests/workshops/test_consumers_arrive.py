"""Arriving in the live room: who you are and your own state in one trip to the database."""

from __future__ import annotations

import pytest

from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain
from coproduce.workshops.consumers import RoomConsumer
from coproduce.workshops.rules import cookie_name
from tests.factories import ActivityFactory, IdeaFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(initiative, alice):
    workshop = WorkshopFactory(initiative=initiative)
    activity = ActivityFactory(workshop=workshop, dots_per_person=3, max_dots_per_idea=3)
    idea = IdeaFactory(activity=activity, text="Ramp")
    domain.start_activity(activity, actor=alice)
    return workshop, activity, idea


def consumer_for(workshop, token: str | None = None, user=None, query: bytes = b"") -> RoomConsumer:
    consumer = RoomConsumer()
    consumer.scope = {
        "url_route": {"kwargs": {"code": workshop.display_code.lower()}},
        "cookies": {cookie_name(workshop): token} if token else {},
        "query_string": query,
        "user": user,
    }
    return consumer


def test_a_participant_arrives_with_their_own_state_in_four_queries(
    voting, django_assert_max_num_queries
):
    workshop, activity, idea = voting
    person, token = domain.join_workshop(workshop, capacity=Capacity.LEARNT, display_name="Sam")
    domain.place_dot(activity, idea, person)
    consumer = consumer_for(workshop, token)
    with django_assert_max_num_queries(4):
        state = consumer.arrive()
    assert (consumer.workshop_id, consumer.participant_id) == (workshop.pk, person.pk)
    assert state is not None
    assert (state["t"], state["name"], state["dots"], state["dots_left"]) == (
        "me",
        "Sam",
        {str(idea.pk): 1},
        2,
    )
    assert consumer.who == {"name": "Sam", "capacity": Capacity.LEARNT}


def test_a_facilitator_arrives_with_the_balance_and_no_participant(voting, alice):
    workshop, _activity, _idea = voting
    consumer = consumer_for(workshop, user=alice, query=b"role=facilitator")
    state = consumer.arrive()
    assert state is not None
    assert state["facilitator"] is True
    assert (consumer.workshop_id, consumer.participant_id) == (workshop.pk, None)


def test_nobody_arrives_with_a_wrong_secret_or_someone_else_s_console(voting, charlie):
    workshop, _activity, _idea = voting
    assert consumer_for(workshop, "not-the-secret").arrive() is None
    assert consumer_for(workshop, user=charlie, query=b"role=facilitator").arrive() is None
    assert consumer_for(workshop).arrive() is None
