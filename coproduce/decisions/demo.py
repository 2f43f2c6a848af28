"""Demo decisions for `seed_demo`: the garden's people deciding together (recorded by Bob, a
member), a staff-alone decision on day services, and the day services panel's vote on its
own recommendation, which answers it in "you said, we did". Also says what each demo
initiative is about (its level)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.models import Organisation
from coproduce.decisions import domain
from coproduce.decisions.models import CameFrom, Decision, How
from coproduce.decisions.queries import people_who_can_take_part
from coproduce.initiatives.models import Initiative, Level
from coproduce.outcomes.models import Contribution, Response, Source
from coproduce.panels.models import Panel
from coproduce.people.demo import person_with_login

LEVELS = {
    "Make the garden easy to use": Level.SERVICE,
    "Change how day services work": Level.STRATEGIC,
}


@transaction.atomic
def load_demo_decisions(council: Organisation) -> bool:
    """The demo initiatives' levels, where not said yet, and three decisions. Skipped if the
    council has any decision.

    Side effects: saves the levels; everything the domain functions it calls save and log.
    """
    for title, level in LEVELS.items():
        Initiative.objects.filter(organisation=council, title=title, level="").update(level=level)
    if Decision.objects.filter(organisation=council).exists():
        return False
    today = timezone.localdate()
    alice = User.objects.get(email="alice@example.org")
    bob = User.objects.get(email="bob@example.org")
    garden = Initiative.objects.get(organisation=council, title="Make the garden easy to use")
    # Something said at the garden's workshop that has no answer yet: deciding it together
    # answers it in "you said, we did".
    said = (
        Contribution.objects.filter(initiative=garden, latest_response__isnull=True)
        .order_by("said_on", "id")
        .first()
    )
    domain.record_decision(
        council,
        actor=bob,
        recorded_by=person_with_login(council, "bob@example.org"),
        initiative=garden,
        what="Build a ramp from the lounge door to the garden path first, then move the "
        "benches into the shade.",
        decided_on=today - datetime.timedelta(days=18),
        how=How.JOINTLY,
        people=people_who_can_take_part(initiative=garden),
        came_from=CameFrom.CONTRIBUTION if said else CameFrom.OTHER,
        contribution=said,
        means=Response.Decision.ADAPTED if said else "",
    )
    day_services = Initiative.objects.filter(
        organisation=council, title="Change how day services work"
    ).first()
    if day_services is not None:
        domain.record_decision(
            council,
            actor=alice,
            recorded_by=person_with_login(council, "alice@example.org"),
            initiative=day_services,
            what="Keep the day centre open until 4pm on weekdays while we ask people what "
            "they want.",
            decided_on=today - datetime.timedelta(days=40),
            how=How.STAFF_ALONE,
            people=[person_with_login(council, "alice@example.org")],
        )
    panel = Panel.objects.filter(organisation=council, slug="day-services").first()
    if panel is not None:
        said = Contribution.objects.filter(panel=panel, source=Source.PANEL_RECOMMENDATION).first()
        domain.record_decision(
            council,
            actor=alice,
            recorded_by=person_with_login(council, "alice@example.org"),
            panel=panel,
            what="Open the day centre on the first Saturday of each month, from March.",
            decided_on=today - datetime.timedelta(days=7),
            how=How.BY_VOTE,
            people=people_who_can_take_part(panel=panel),
            came_from=CameFrom.CONTRIBUTION if said else CameFrom.OTHER,
            contribution=said,
            means=Response.Decision.ADOPTED if said else "",
            for_lived=2,
            for_learnt=0,
            against_lived=1,
            against_learnt=0,
        )
    return True
