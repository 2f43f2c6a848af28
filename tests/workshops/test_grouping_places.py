"""Hybrid workshops: pairs, fours and groups stay within one place where they can."""

from __future__ import annotations

import random

import pytest

from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain, grouping
from coproduce.workshops.domain import methods
from coproduce.workshops.domain.groups import groups_of
from coproduce.workshops.models import Activity, Group, Participant, Workshop
from coproduce.workshops.queries import balance_for
from tests.factories import ActivityFactory, WorkshopFactory
from tests.workshops.test_views import join_as


def one_place(groups, places) -> bool:
    return all(len({places[pk] for pk in group}) == 1 for group in groups)


def test_pairs_and_fours_stay_in_one_place_in_random_rooms():
    rng = random.Random(7)  # noqa: S311 -- repeatable rooms, not secrets
    for _room in range(300):
        count = rng.randint(2, 30)
        people = [(pk, rng.random() < 0.5) for pk in range(1, count + 1)]
        places = {pk: rng.choice(("room", "online")) for pk, _lived in people}
        lived = dict(people)
        pairs = grouping.form_pairs(people, seed=3, places=places)
        assert sorted(pk for pair in pairs for pk in pair) == list(range(1, count + 1))
        assert all(len(pair) >= 2 for pair in pairs)
        fours = grouping.fours_from_pairs(pairs, lived, seed=3, places=places)
        assert sorted(pk for four in fours for pk in four) == list(range(1, count + 1))
        assert all(len(four) >= 2 for four in fours)
        counts = {where: sum(p == where for p in places.values()) for where in ("room", "online")}
        if min(counts.values()) >= 2:  # each place can make its own pairs
            assert one_place(pairs, places)
        if min(counts.values()) >= 4:
            assert one_place(fours, places)
            boards = grouping.form_groups(people, seed=3, size=4, places=places)
            assert one_place(boards, places)


def test_a_lone_online_person_joins_the_room_rather_than_being_alone():
    people = [(1, True), (2, False), (3, True), (4, False), (5, True)]
    places = {1: "room", 2: "room", 3: "room", 4: "room", 5: "online"}
    pairs = grouping.form_pairs(people, seed=1, places=places)
    assert sorted(len(pair) for pair in pairs) == [2, 3]


def test_a_late_arrival_joins_a_group_of_their_place():
    groups = [[1, 2], [3, 4, 5]]
    places = {1: "room", 2: "room", 3: "online", 4: "online", 5: "online", 6: "online"}
    lived = dict.fromkeys(places, False)
    assert grouping.place_late(groups, (6, True), lived, places) == [[1, 2], [3, 4, 5, 6]]
    assert grouping.place_late(groups, (6, True), lived) == [[1, 2, 6], [3, 4, 5]]


@pytest.mark.django_db
def test_a_hybrid_one_two_four_pairs_people_in_their_own_place(alice, initiative):
    workshop = WorkshopFactory(initiative=initiative, place=Workshop.Place.HYBRID)
    activity = ActivityFactory(workshop=workshop, kind=Activity.Kind.ONE_TWO_FOUR, question="Q?")
    where = {}
    for n, (capacity, joins_from) in enumerate(
        [
            (Capacity.LIVED_CARE, "room"),
            (Capacity.LEARNT, "online"),
            (Capacity.LIVED_CARER, "room"),
            (Capacity.LEARNT, "room"),
            (Capacity.LIVED_CARE, "online"),
            (Capacity.LEARNT, "online"),
            (Capacity.LIVED_CARE, "room"),
            (Capacity.LIVED_CARE, "online"),
        ]
    ):
        person, _token = domain.join_workshop(
            workshop, capacity=capacity, display_name=f"P{n}", joins_from=joins_from
        )
        where[person.pk] = joins_from
    domain.start_activity(activity, actor=alice)
    methods.next_phase(workshop, actor=alice)
    pairs = [members for _group, members in groups_of(activity, Group.Phase.PAIRS)]
    assert len(pairs) == 4
    assert one_place(pairs, where)
    methods.next_phase(workshop, actor=alice)
    fours = [members for _group, members in groups_of(activity, Group.Phase.FOURS)]
    assert sorted(len(four) for four in fours) == [4, 4]
    assert one_place(fours, where)
    assert (balance_for(workshop).online, balance_for(workshop).in_room) == (4, 4)


@pytest.mark.django_db
def test_joining_a_hybrid_workshop_asks_where_and_shows_the_online_link(client, initiative):
    workshop = WorkshopFactory(
        initiative=initiative,
        place=Workshop.Place.HYBRID,
        online_link="https://meet.example.org/garden",
    )
    form = client.get(f"/w/{workshop.join_code}/").content.decode()
    assert "Where are you taking part?" in form
    join_as(client, workshop, joins_from="online")
    assert Participant.objects.get().joins_from == "online"
    room = client.get(f"/w/{workshop.join_code}/room/").content.decode()
    assert 'href="https://meet.example.org/garden"' in room


@pytest.mark.django_db
def test_an_in_person_workshop_does_not_ask_and_hides_the_link(client, initiative):
    workshop = WorkshopFactory(initiative=initiative, online_link="https://meet.example.org/garden")
    assert (
        "Where are you taking part?" not in client.get(f"/w/{workshop.join_code}/").content.decode()
    )
    join_as(client, workshop, joins_from="online")  # ignored: everyone is in the room
    assert Participant.objects.get().joins_from == "room"
    room = client.get(f"/w/{workshop.join_code}/room/").content.decode()
    assert "meet.example.org" not in room
