"""Demo "you said, we did" for `seed_demo`: contributions from the demo workshop, the Ladder
and the panel, with responses, a change and feedback. Kept here so seed_demo needs one line
for it."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.models import Organisation
from coproduce.initiatives.models import Initiative
from coproduce.outcomes import domain as outcomes
from coproduce.outcomes.models import Contribution
from coproduce.panels.models import Panel
from coproduce.people.demo import person_with_login
from coproduce.workshops.models import Activity


@transaction.atomic
def load_demo_you_said_we_did(council: Organisation) -> bool:
    """Contributions from the demo workshop's ideas and the Ladder's next steps, and one
    panel recommendation from Bob (named, with his agreement), some with responses, a
    change and feedback. Skipped if the garden has any.

    Side effects: everything the domain functions it calls save and log.
    """
    garden = Initiative.objects.get(organisation=council, title="Make the garden easy to use")
    if Contribution.objects.filter(organisation=council).exists():
        return False
    alice = User.objects.get(email="alice@example.org")
    owner = person_with_login(council, "alice@example.org")
    today = timezone.localdate()
    vote = Activity.objects.filter(
        workshop__initiative=garden, kind=Activity.Kind.DOTMOCRACY
    ).first()
    added = outcomes.import_workshop_ideas(vote, actor=alice) if vote else []
    added += outcomes.import_ladder_actions(garden, actor=alice)
    for contribution in added:  # said a few weeks ago, so the measures have days to count
        contribution.said_on = today - datetime.timedelta(days=30)
        contribution.save(update_fields=["said_on"])
    answers = [
        ("adopted", "", 12),
        ("not_adopted", "The ground is too uneven for raised beds this year. We will "
         "look again when the path is rebuilt in the spring.", 20),
        ("considering", "", 9),
    ]  # fmt: skip
    for contribution, (decision, reason, days) in zip(added, answers, strict=False):
        considering = decision == "considering"
        outcomes.record_response(
            contribution,
            actor=alice,
            decision=decision,
            reason=reason,
            decided_by="Willow Court managers' meeting",
            decided_on=contribution.said_on + datetime.timedelta(days=days),
            review_on=today + datetime.timedelta(days=30) if considering else None,
            owner=owner if considering else None,
        )
    if added:
        outcomes.record_change(
            added[0],
            actor=alice,
            what="A ramp now runs from the lounge door to the garden path.",
            happened_on=today - datetime.timedelta(days=3),
        )
        outcomes.record_feedback(
            added[0], actor=alice, to_whom="Everyone at the workshop", sent_on=today,
            format="easy_read",
        )  # fmt: skip
    panel = Panel.objects.filter(organisation=council, slug="day-services").first()
    if panel is not None:
        outcomes.add_contribution(
            council,
            actor=alice,
            panel=panel,
            source="panel_recommendation",
            text="Open the day centre on one Saturday a month.",
            said_on=today - datetime.timedelta(days=14),
            credited=[person_with_login(council, "bob@example.org")],
            consent_given_on=today - datetime.timedelta(days=14),
        )
    return True
