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
from coproduce.ladder.bank import NOT_SURE, latest_bank_version, load_bank
from coproduce.ladder.domain import adopt_action, open_round, record_answer, submit_response
from coproduce.ladder.queries import ladder_results_for
from coproduce.people.demo import person_with_login
from coproduce.people.models import Person


@transaction.atomic
def load_demo_ladder(council: Organisation) -> bool:
    """A Ladder round on the garden: 8 residents and carers see consultation, 4 staff see
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
    bank = load_bank(latest_bank_version())
    for i, response in enumerate(round_.responses.select_related("person").order_by("id")):
        # Lived experience answers around the third option, staff around the next-to-top.
        for j, question in enumerate(bank.questions):
            count = len(question.options)
            start = 2 if response.is_lived else count - 2
            index = max(0, min(count - 1, start + (i + j) % 3 - 1))
            option = question.options[index].key
            if i % 4 == 3 and j == (i * 5) % len(bank.questions):
                option = NOT_SURE
            proxy = alice if response.person and response.person.name == "Thomas Bell" else None
            record_answer(response, question.key, option, entered_by=proxy)
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
