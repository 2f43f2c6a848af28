"""Demo support for `seed_demo`: a signposting list, a training and a named credit. Kept here
so seed_demo needs one line for it."""

from __future__ import annotations

import datetime

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.models import Organisation
from coproduce.people.demo import person_with_login
from coproduce.wellbeing import domain as wellbeing
from coproduce.wellbeing.models import SignpostService


@transaction.atomic
def load_demo_support(council: Organisation) -> bool:
    """A signposting list, a training Bob finished and a credit he agreed to. Skipped if
    the list exists. No concerns or check-ins: the demo does not invent health data.

    Side effects: everything the domain functions it calls save and log.
    """
    if SignpostService.objects.filter(organisation=council).exists():
        return False
    alice = User.objects.get(email="alice@example.org")
    for name, helps_with, phone, hours in [
        ("Samaritans", "Someone to talk to, day or night, about anything.", "116 123",
         "Every day, all day and night"),
        ("Riverside Carers Centre", "Advice and a break for people who care for someone.",
         "01632 960321", "Monday to Friday, 9am to 5pm"),
        ("Riverside Advocacy", "Help to speak up, and someone to come to meetings with you.",
         "01632 960654", "Monday to Thursday, 10am to 4pm"),
    ]:  # fmt: skip
        wellbeing.save_signpost(
            council,
            actor=alice,
            name=name,
            helps_with=helps_with,
            phone=phone,
            opening_hours=hours,
        )
    bob = person_with_login(council, "bob@example.org")
    training = wellbeing.add_training(
        council,
        actor=alice,
        title="Chairing a meeting",
        about="How to keep a meeting friendly, fair and on time.",
        provider="Riverside Learning",
    )
    wellbeing.record_training(
        training, bob, status="done", completed_on=datetime.date(2026, 10, 6), actor=alice
    )
    wellbeing.add_credit(
        bob,
        actor=alice,
        output="Day services leaflet, winter 2026",
        credited_as="Bob Hughes, panel co-chair",
        consent_given_on=datetime.date(2026, 10, 20),
    )
    return True
