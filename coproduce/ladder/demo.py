"""Demo Ladder round for `seed_demo`: the garden's residents, carers and staff answer, and
two next steps are adopted. Kept here so seed_demo needs one line for it."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.models import Organisation
from coproduce.initiatives.domain import add_person_to_initiative
from coproduce.initiatives.models import Capacity, Initiative
from coproduce.ladder.domain import adopt_action, open_round, record_answer, submit_response
from coproduce.ladder.queries import ladder_results_for
from coproduce.people.demo import person_with_login
from coproduce.people.models import Person

# Residents and carers say they picked between two garden plans staff drew up; staff say
# people gave ideas and helped design it. Neither is co-production, which the work claims.
LIVED_ANSWERS = {
    "have_say": "chose_options",
    "designed": "no",
    "equal_say": "none",
    "start": "after_plan",
    "stages": "views_only",
    "forum": "no",
    "ep_money": "no",
    "ia_needs": "asked",
    "ia_ways": "one",
    "ia_missing": "no",
    "vc_pay": "costs",
    "vc_feedback": "thanks",
    "vc_changed": "no",
    "fo_success": "staff",
    "fo_check": "asked",
}
LIVED_VARIANT = {"have_say": "own_ideas", "vc_pay": "not_sure", "vc_changed": "little"}
STAFF_ANSWERS = {
    "have_say": "own_ideas",
    "designed": "yes",
    "equal_say": "some",
    "start": "after_topic",
    "stages": "design_only",
    "forum": "no",
    "ep_money": "told",
    "ia_needs": "given",
    "ia_ways": "two",
    "ia_missing": "checked",
    "vc_pay": "paid",
    "vc_feedback": "each_point",
    "vc_changed": "yes",
    "fo_success": "after_asking",
    "fo_check": "too_early",
}
STAFF_VARIANT = {"ia_missing": "not_sure"}


@transaction.atomic
def load_demo_ladder(council: Organisation) -> bool:
    """A Ladder round on the garden: residents and carers see consultation, staff see
    co-design, and the work calls itself co-production. Skipped if a round exists.

    Side effects: six more people, everything the domain functions it calls save and log.
    """
    # The factories live in tests (a development dependency): import them only when loading.
    from tests.factories import PersonFactory

    garden = Initiative.objects.get(organisation=council, title="Make the garden easy to use")
    if garden.ladder_rounds.exists():
        return False
    alice = User.objects.get(email="alice@example.org")
    joined = datetime.date(2026, 10, 5)
    for name, capacity in [
        ("Grace Mensah", Capacity.LIVED_CARE),
        ("Arthur Jones", Capacity.LIVED_CARE),
        ("Nia Roberts", Capacity.LIVED_CARER),
        ("Stan Kowalski", Capacity.LIVED_CARE),
        ("Hannah Reid", Capacity.LEARNT),
        ("Femi Adebayo", Capacity.LEARNT),
    ]:
        person = PersonFactory.create(organisation=council, name=name)
        add_person_to_initiative(garden, person, capacity=capacity, joined_on=joined, actor=alice)
    garden.claimed_approach = "co_production"
    garden.save(update_fields=["claimed_approach"])
    round_ = open_round(garden, actor=alice)
    for i, response in enumerate(round_.responses.select_related("person").order_by("id")):
        answers = dict(LIVED_ANSWERS if response.is_lived else STAFF_ANSWERS)
        if i % 3 == 1:  # some people see it a little differently, and some do not know
            answers.update(LIVED_VARIANT if response.is_lived else STAFF_VARIANT)
        proxy = alice if response.person and response.person.name == "Thomas Bell" else None
        for key, option in answers.items():
            record_answer(response, key, option, entered_by=proxy)
        submit_response(response, entered_by=proxy)
    june = Person.objects.get(organisation=council, name="June Adeyemi")
    today = timezone.localdate()
    steps = ladder_results_for(garden).steps
    for step, owner, due_on in [
        (steps[0], person_with_login(council, "alice@example.org"), today + datetime.timedelta(30)),
        (steps[1], june, today - datetime.timedelta(7)),  # late, for the overview
    ]:
        adopt_action(
            garden,
            round_=round_,
            question_key=step.question.key,
            text=step.step.action,
            owner=owner,
            due_on=due_on,
            actor=alice,
        )
    return True
