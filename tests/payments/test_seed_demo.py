"""The demo has rates with their sources and Bob's claims in every step, once."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from coproduce.payments.models import Claim, Rate


def test_seed_demo_loads_payments_once(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert Rate.objects.count() == 8
    assert Rate.objects.filter(valid_to__isnull=False).count() == 1  # the 2024 meeting rate
    statuses = list(
        Claim.objects.filter(person__user__email="bob@example.org")
        .order_by("activity_date")
        .values_list("status", "fee_pence")
    )
    assert statuses == [
        ("paid", 3000),
        ("approved", 2250),
        ("queried", 3000),
        ("submitted", 750),
        ("draft", 3000),
    ]
    paid = Claim.objects.get(status="paid")
    assert (paid.expenses_pence, paid.payment_reference) == (540, "BACS-2026-0931")
