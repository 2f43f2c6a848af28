"""Demo data for `seed_demo`: a piece of work that calls itself co-production with little to
show for it, so "What the records show" has something to question.

The issue's case exactly: self-rated co-production, still at the idea stage, with no workshop
and no "you said, we did" response; the lead's own Ladder answers say co-production too.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.models import Organisation
from coproduce.initiatives.domain import add_person_to_initiative, create_initiative
from coproduce.initiatives.models import Capacity, Initiative
from coproduce.ladder.domain import open_round, record_answer, submit_response
from coproduce.outcomes.domain import add_contribution
from coproduce.outcomes.models import Source
from coproduce.people.demo import person_with_login

TITLE = "Open a carers’ drop-in"
# The lead's own answers: every rung question at its top, so they place it at co-production.
LEAD_ANSWERS = {
    "have_say": "own_ideas",
    "designed": "yes",
    "equal_say": "equal",
    "start": "very_start",
    "stages": "every_part",
    "forum": "yes",
    "vc_pay": "paid",
    "vc_feedback": "each_point",
}


@transaction.atomic
def load_demo_evidence(council: Organisation) -> bool:
    """The carers' drop-in: called co-production, at the idea stage, with one carer involved
    weeks after it was set up, one thing said and no response. Skipped if it exists.

    Side effects: one initiative, one more person, a Ladder round with the lead's own answers
    sent, and a contribution; everything the domain functions it calls save and log.
    """
    # The factories live in tests (a development dependency): import them only when loading.
    from tests.factories import PersonFactory

    if Initiative.objects.filter(organisation=council, title=TITLE).exists():
        return False
    alice = User.objects.get(email="alice@example.org")
    lead = person_with_login(council, "alice@example.org")
    drop_in = create_initiative(
        council,
        actor=alice,
        title=TITLE,
        aim="Carers have a place to meet, get advice and have a break, once a week.",
        stage=Initiative.Stage.IDEA,
        lead=lead,
        claimed_approach="co_production",
    )
    today = timezone.localdate()
    add_person_to_initiative(drop_in, lead, capacity=Capacity.LEARNT, joined_on=today, actor=alice)
    carer = PersonFactory.create(organisation=council, name="Rosa Lindqvist")
    # Backdated so the demo shows a carer who joined weeks after the work was set up.
    Initiative.objects.filter(pk=drop_in.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=60)
    )
    add_person_to_initiative(
        drop_in,
        carer,
        capacity=Capacity.LIVED_CARER,
        joined_on=today - datetime.timedelta(days=20),
        actor=alice,
    )
    round_ = open_round(drop_in, actor=alice)
    own = round_.responses.get(person=lead)
    for key, option in LEAD_ANSWERS.items():
        record_answer(own, key, option)
    submit_response(own)
    add_contribution(
        council,
        actor=alice,
        initiative=drop_in,
        source=Source.OTHER,
        text="Please hold it in the evening, when carers can get cover.",
        said_on=today - datetime.timedelta(days=18),
    )
    return True
