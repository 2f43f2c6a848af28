import datetime

import pytest
from django.core.exceptions import ValidationError

from coproduce.core.audit import entries_for
from coproduce.initiatives import domain
from coproduce.initiatives.models import Capacity, Initiative
from coproduce.initiatives.queries import people_by_capacity
from tests.factories import InitiativeFactory, PersonFactory


def test_create_initiative_logs_it(org, alice):
    initiative = domain.create_initiative(org, actor=alice, title="Garden", aim="Use the garden")
    assert [e.action for e in entries_for(initiative)] == ["initiatives.initiative.created"]


def test_update_initiative_logs_stage_change(org, alice):
    initiative = InitiativeFactory(organisation=org, stage=Initiative.Stage.IDEA)
    domain.update_initiative(
        initiative, actor=alice, stage=Initiative.Stage.DESIGN, title=initiative.title
    )
    actions = {e.action: e.data for e in entries_for(initiative)}
    assert actions["initiatives.initiative.stage_changed"] == {"from": "idea", "to": "design"}
    assert actions["initiatives.initiative.updated"] == {"fields": ["stage"]}


def test_add_person_to_initiative_records_capacity_and_date(org, alice):
    initiative = InitiativeFactory(organisation=org)
    june = PersonFactory(organisation=org, name="June")
    involvement = domain.add_person_to_initiative(
        initiative,
        june,
        capacity=Capacity.LIVED_CARER,
        joined_on=datetime.date(2026, 3, 27),
        actor=alice,
    )
    assert (involvement.capacity, involvement.joined_on) == (
        "lived_carer",
        datetime.date(2026, 3, 27),
    )
    assert involvement.is_lived


def test_add_person_to_initiative_twice_is_refused(org, alice):
    initiative = InitiativeFactory(organisation=org)
    june = PersonFactory(organisation=org, name="June Adeyemi")
    kwargs = {"capacity": Capacity.LEARNT, "joined_on": datetime.date(2026, 1, 1), "actor": alice}
    domain.add_person_to_initiative(initiative, june, **kwargs)
    with pytest.raises(ValidationError, match="June Adeyemi is already part of this work"):
        domain.add_person_to_initiative(initiative, june, **kwargs)
    assert initiative.involvements.count() == 1


def test_add_person_to_initiative_refuses_other_organisations_person(org, other_org, alice):
    initiative = InitiativeFactory(organisation=org)
    stranger = PersonFactory(organisation=other_org)
    with pytest.raises(ValidationError):
        domain.add_person_to_initiative(
            initiative,
            stranger,
            capacity=Capacity.LEARNT,
            joined_on=datetime.date(2026, 1, 1),
            actor=alice,
        )


def test_one_person_can_hold_both_capacities_in_different_initiatives(org, alice):
    june = PersonFactory(organisation=org)
    first, second = InitiativeFactory.create_batch(2, organisation=org)
    day = datetime.date(2026, 1, 1)
    domain.add_person_to_initiative(
        first, june, capacity=Capacity.LIVED_CARER, joined_on=day, actor=alice
    )
    domain.add_person_to_initiative(
        second, june, capacity=Capacity.LEARNT, joined_on=day, actor=alice
    )
    assert sorted(june.involvements.values_list("capacity", flat=True)) == ["learnt", "lived_carer"]


def test_people_by_capacity_splits_lived_and_learnt(initiative):
    people = people_by_capacity(initiative)
    assert [i.person.name for i in people.lived] == ["Bob Hughes"]
    assert [i.person.name for i in people.learnt] == ["Alice Okafor"]


def test_remove_person_from_initiative_logs_name(initiative, alice):
    involvement = initiative.involvements.get(person__name="Bob Hughes")
    domain.remove_person_from_initiative(involvement, actor=alice)
    assert entries_for(initiative).first().data["name"] == "Bob Hughes"
