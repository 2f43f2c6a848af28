"""Demo payments for `seed_demo`: rates with their sources, settings, a budget, and Bob's
claims in every step. Kept here so seed_demo needs one line for it."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.models import Organisation
from coproduce.panels.models import Panel
from coproduce.payments import domain
from coproduce.payments.models import Claim, Rate
from coproduce.payments.queries import settings_for
from coproduce.people.models import Person

NIHR_UPLIFT = (
    "NIHR: the often quoted 2009 figure of {} plus NIHR's 10% uplift from 16 December 2025. "
    "Check against the current NIHR payment guidance."
)
SKILLS_FOR_CARE = "Skills for Care: £15 an hour (2024)"
# (activity, unit, pence, from, to, source). Rates are configuration: domain.md 3.2.
RATES = [
    ("meeting", "hour", 1200, datetime.date(2024, 4, 1), "Riverside Council policy, April 2024"),
    ("meeting", "hour", 1500, datetime.date(2025, 4, 1), SKILLS_FOR_CARE),
    ("preparation", "hour", 1500, datetime.date(2025, 4, 1), SKILLS_FOR_CARE),
    (
        "document_review",
        "task",
        750,
        datetime.date(2025, 4, 1),
        "Nottingham Pain Centre: a readability review counts as about 30 minutes; "
        "paid at £15 an hour",
    ),
    ("workshop", "half_day", 8250, datetime.date(2026, 1, 1), NIHR_UPLIFT.format("£75 a half day")),
    (
        "co_facilitation",
        "day",
        16500,
        datetime.date(2026, 1, 1),
        NIHR_UPLIFT.format("£150 a day"),
    ),
    (
        "interview_panel",
        "half_day",
        8250,
        datetime.date(2026, 1, 1),
        NIHR_UPLIFT.format("£75 a half day"),
    ),
    (
        "chairing",
        "task",
        2000,
        datetime.date(2025, 4, 1),
        "Riverside Council policy: £20 for chairing, on top of the meeting",
    ),
]


@transaction.atomic
def load_demo_payments(council: Organisation) -> bool:
    """Rates, settings, the Day Services Panel's budget and five claims for Bob (draft, sent,
    queried, agreed, paid). Skipped when the council already has rates.

    Side effects: everything the domain functions it calls save and log.
    """
    if Rate.objects.filter(organisation=council).exists():
        return False
    alice = User.objects.get(email="alice@example.org")
    dana = User.objects.get(email="dana@example.org")
    bob_user = User.objects.get(email="bob@example.org")
    bob = Person.objects.get(organisation=council, user=bob_user)
    for activity, unit, pence, valid_from, source in RATES:
        domain.add_rate(
            council,
            actor=dana,
            activity_type=activity,
            unit=unit,
            amount_pence=pence,
            valid_from=valid_from,
            source=source,
        )
    domain.update_payment_settings(
        settings_for(council),
        actor=dana,
        payments_contact="Alice Okafor, 01632 960000, alice@example.org",
    )
    panel = Panel.objects.filter(organisation=council, slug="day-services").first()
    if panel is not None:
        domain.set_panel_budget(
            panel, actor=dana, year_starts_on=datetime.date(2026, 4, 1), amount_pence=300000
        )
    domain.set_payment_preference(
        bob, actor=bob_user, choice="bank_transfer", limit_pence=15000, limit_period="week"
    )

    def claim(activity: str, day: datetime.date, quantity: str, note: str) -> Claim:
        return domain.create_claim(
            bob,
            actor=bob_user,
            activity_type=activity,
            activity_date=day,
            quantity=Decimal(quantity),
            panel=panel,
            description=note,
        )

    paid = claim("meeting", datetime.date(2026, 9, 8), "2", "September panel meeting")
    domain.add_expense(paid, actor=bob_user, category="mileage", miles=Decimal("12"))
    agreed = claim("preparation", datetime.date(2026, 10, 6), "1.5", "Read the day centre report")
    queried = claim("meeting", datetime.date(2026, 10, 13), "2", "October panel meeting")
    domain.add_expense(queried, actor=bob_user, category="parking", amount_pence=400)
    sent = claim("document_review", datetime.date(2026, 11, 3), "1", "Checked the new leaflet")
    claim("meeting", datetime.date(2026, 11, 17), "2", "November panel meeting")
    for each in (paid, agreed, queried, sent):
        domain.submit_claim(each, actor=bob_user)
    for each in (paid, agreed):
        domain.approve_claim(each, actor=alice)
    domain.pay_claim(
        paid, actor=dana, reference="BACS-2026-0931", paid_on=datetime.date(2026, 9, 30)
    )
    domain.query_claim(
        queried, actor=alice, message="Please add a photo of your parking ticket if you have one."
    )
    return True
