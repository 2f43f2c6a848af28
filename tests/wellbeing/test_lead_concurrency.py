"""Two admins removing the last two safeguarding leads at the same moment, while a concern for
the leads only is open: one removal wins, the other is refused, and one lead stays.

Real threads, each with its own connection, against a database that commits: SQLite always,
PostgreSQL when DATABASE_URL points there.
"""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from coproduce.core.models import Role
from coproduce.wellbeing import domain
from coproduce.wellbeing.models import SafeguardingLead
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PanelFactory,
    PersonFactory,
    UserFactory,
)
from tests.workshops.test_concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_leads():
    org = OrganisationFactory(name="Riverside Council", slug="riverside")
    users = [UserFactory(email=f"lead{n}@example.org", name=f"Lead {n}") for n in range(2)]
    for user in users:
        MembershipFactory(organisation=org, user=user, role=Role.ADMIN)
        domain.appoint_safeguarding_lead(org, user, actor=None)
    panel = PanelFactory(organisation=org)
    person = PersonFactory(organisation=org, name="Bob Hughes")
    domain.raise_concern(panel, kind="concern", text="x", person=person, leads_only=True)
    return {"leads": list(SafeguardingLead.objects.filter(organisation=org)), "users": users}


def waiting_for_the_lock(operation):
    """What a real database does for us: PostgreSQL waits on the row lock, and a SQLite file
    waits up to its busy timeout. The tests' in-memory SQLite, shared between threads, answers
    "table is locked" at once instead, so here we wait and try again."""
    for _attempt in range(200):
        try:
            return operation()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("still locked after 200 tries")


def test_removing_the_last_two_leads_at_once_keeps_one(two_leads):
    (first, second), (one, other) = two_leads["leads"], two_leads["users"]
    outcomes = run_at_once(
        [
            lambda: waiting_for_the_lock(
                lambda: domain.remove_safeguarding_lead(first, actor=other)
            ),
            lambda: waiting_for_the_lock(
                lambda: domain.remove_safeguarding_lead(second, actor=one)
            ),
        ]
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["ValidationError", "bool"]
    assert [o.code for o in outcomes if isinstance(o, ValidationError)] == ["last_lead"]
    assert SafeguardingLead.objects.count() == 1
