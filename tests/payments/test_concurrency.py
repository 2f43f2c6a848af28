"""Agreeing or paying the same claim twice at once (two tabs, a double click) has one effect.

Real threads, each with its own database connection, against a database that commits
(transaction=True): SQLite always, PostgreSQL when DATABASE_URL points there.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from coproduce.core.models import AuditEntry, Role
from coproduce.payments import domain
from coproduce.payments.models import Claim, ClaimEvent
from coproduce.people.models import Message
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RateFactory,
    UserFactory,
)
from tests.workshops.test_concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent():
    org = OrganisationFactory(name="Riverside Council", slug="riverside")
    staff = [UserFactory(email=f"staff{n}@example.org") for n in range(2)]
    for user in staff:
        MembershipFactory(organisation=org, user=user, role=Role.ADMIN)
    RateFactory(organisation=org)
    person = PersonFactory(organisation=org, name="Bob Hughes")
    claim = domain.create_claim(
        person,
        actor=None,
        activity_type="meeting",
        activity_date=datetime.date(2026, 5, 5),
        quantity=2,
    )
    domain.submit_claim(claim, actor=None)
    return {"claim": claim, "staff": staff}


def changed(outcomes) -> list[bool]:
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    return sorted(o.changed for o in outcomes)


def test_approving_from_many_tabs_at_once_approves_once(sent):
    claim, (first, second) = sent["claim"], sent["staff"]
    outcomes = run_at_once(
        [lambda user=user: domain.approve_claim(claim, actor=user) for user in [first, second] * 3]
    )
    assert changed(outcomes) == [False] * 5 + [True]
    assert ClaimEvent.objects.filter(claim=claim, to_status="approved").count() == 1
    assert AuditEntry.objects.filter(action="payments.claim.approved").count() == 1
    assert Message.objects.filter(kind="claim.approved").count() == 1  # told once


def test_paying_from_two_tabs_at_once_pays_once_with_one_reference(sent):
    claim, (first, second) = sent["claim"], sent["staff"]
    domain.approve_claim(claim, actor=first)
    outcomes = run_at_once(
        [
            lambda n=n, user=user: domain.pay_claim(
                claim, actor=user, reference=f"REF-{n}", paid_on=datetime.date(2026, 5, 20)
            )
            for n, user in enumerate([first, second, first, second])
        ]
    )
    assert changed(outcomes) == [False, False, False, True]
    winner = next(o for o in outcomes if o.changed)
    paid = Claim.objects.get(pk=claim.pk)
    assert (paid.status, paid.payment_reference) == ("paid", winner.claim.payment_reference)
    assert [o.claim.payment_reference for o in outcomes] == [paid.payment_reference] * 4
    assert ClaimEvent.objects.filter(claim=claim, to_status="paid").count() == 1
    assert AuditEntry.objects.filter(action="payments.claim.paid").count() == 1
    assert Message.objects.filter(kind="claim.paid").count() == 1  # told once


def test_approve_and_query_at_once_leave_one_decision(sent):
    claim, (first, second) = sent["claim"], sent["staff"]
    outcomes = run_at_once(
        [
            lambda: domain.approve_claim(claim, actor=first),
            lambda: domain.query_claim(claim, actor=second, message="Which room?"),
        ]
    )
    errors = [o for o in outcomes if isinstance(o, Exception)]
    done = [o for o in outcomes if not isinstance(o, Exception)]
    assert (len(errors), len(done), done[0].changed) == (1, 1, True)
    final = Claim.objects.get(pk=claim.pk)
    assert final.status == done[0].claim.status
    assert ClaimEvent.objects.filter(claim=claim).count() == 3  # draft, submitted, one decision


def test_database_under_test_is_the_configured_one():
    assert connection.vendor in {"sqlite", "postgresql"}


def test_two_payment_runs_started_at_once_share_no_claim(sent):
    claim, (first, second) = sent["claim"], sent["staff"]
    domain.approve_claim(claim, actor=first)
    org = claim.organisation
    outcomes = run_at_once(
        [
            lambda user=user: domain.start_payment_run(org, actor=user)
            for user in [first, second] * 2
        ]
    )
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    runs = [o for o in outcomes if o is not None]
    assert len(runs) == 1
    assert list(Claim.objects.values_list("payment_run_id", flat=True)) == [runs[0].pk]


def test_one_payment_run_marked_paid_twice_at_once_pays_each_claim_once(sent):
    claim, (first, second) = sent["claim"], sent["staff"]
    domain.approve_claim(claim, actor=first)
    run = domain.start_payment_run(claim.organisation, actor=first)
    outcomes = run_at_once(
        [
            lambda n=n, user=user: domain.pay_payment_run(
                run, actor=user, reference=f"RUN-REF-{n}", paid_on=datetime.date(2026, 5, 20)
            )
            for n, user in enumerate([first, second, first, second])
        ]
    )
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert sorted((o.paid, o.already) for o in outcomes) == [(0, 1), (0, 1), (0, 1), (1, 0)]
    assert ClaimEvent.objects.filter(claim=claim, to_status="paid").count() == 1
    assert AuditEntry.objects.filter(action="payments.claim.paid").count() == 1
    assert Message.objects.filter(kind="claim.paid").count() == 1  # told once
