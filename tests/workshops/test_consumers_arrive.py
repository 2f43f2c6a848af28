"""Arriving in the live room: who you are and your own state in one trip to the database."""

from __future__ import annotations

import pytest

from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain
from coproduce.workshops.consumers import RoomConsumer, arrive_together
from coproduce.workshops.models import Activity
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


def test_phones_joining_at_once_arrive_together_in_a_few_queries(
    voting, django_assert_max_num_queries
):
    """Twelve phones, one of them passed and one holding two dots, in one trip: the same
    answers as looking each up alone, in four queries rather than four each."""
    workshop, activity, idea = voting
    people = [
        domain.join_workshop(workshop, capacity=Capacity.LEARNT, display_name=f"P{i}")
        for i in range(12)
    ]
    domain.place_dot(activity, idea, people[3][0])
    domain.place_dot(activity, idea, people[3][0])
    domain.pass_activity(activity, people[5][0])
    code = workshop.display_code.lower()
    phones = [(code, {cookie_name(workshop): token}) for _person, token in people]
    alone = []
    for _person, token in people:
        consumer = consumer_for(workshop, token)
        alone.append((consumer.arrive(), consumer.participant_id, consumer.who))
    with django_assert_max_num_queries(4):
        arrived = arrive_together(phones)
    assert [(a.state, a.participant_id, a.who) for a in arrived if a] == alone
    assert arrived[3]
    assert arrived[3].state["dots"] == {str(idea.pk): 2}
    assert arrived[3].state["dots_left"] == 1
    assert arrived[5]
    assert arrived[5].state["passed"] is True
    assert {a.workshop_id for a in arrived if a} == {workshop.pk}


def test_arriving_together_turns_away_the_wrong_secret_the_wrong_room_and_who_left(
    voting, initiative
):
    workshop, _activity, _idea = voting
    other = WorkshopFactory(initiative=initiative)
    stays, stays_token = domain.join_workshop(workshop, capacity=Capacity.LEARNT)
    goes, goes_token = domain.join_workshop(workshop, capacity=Capacity.LEARNT)
    domain.leave_workshop(goes)
    code = workshop.display_code.lower()
    arrived = arrive_together(
        [
            (code, {cookie_name(workshop): stays_token}),
            (code, {cookie_name(workshop): "not-the-secret"}),
            (code, {}),
            (code, {cookie_name(workshop): goes_token}),
            (code, {cookie_name(other): stays_token}),  # the secret under another room's name
            ("nocode", {cookie_name(workshop): stays_token}),
        ]
    )
    assert arrived[0] is not None
    assert arrived[0].participant_id == stays.pk
    assert arrived[1:] == [None] * 5


def test_arriving_together_outside_a_dotmocracy_gives_each_their_own_state(
    initiative, alice, django_assert_max_num_queries
):
    """A warm-up has no dots: each phone still gets what looking it up alone gives."""
    workshop = WorkshopFactory(initiative=initiative)
    activity = ActivityFactory(workshop=workshop, kind=Activity.Kind.WARM_UP)
    domain.start_activity(activity, actor=alice)
    people = [domain.join_workshop(workshop, capacity=Capacity.LEARNT) for _ in range(3)]
    code = workshop.display_code.lower()
    arrived = arrive_together([(code, {cookie_name(workshop): t}) for _p, t in people])
    alone = [consumer_for(workshop, token).arrive() for _p, token in people]
    assert [a.state for a in arrived if a] == alone
    assert all(state and "answer" in state for state in alone)
