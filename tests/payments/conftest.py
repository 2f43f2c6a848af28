"""Payment fixtures on top of the cast: rates, Bob's record, a panel meeting Bob came to."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coproduce.panels.models import Attendance
from coproduce.payments import domain
from tests.factories import MeetingFactory, PanelFactory, PanelMemberFactory, RateFactory


@pytest.fixture
def rates(org):
    """Meetings £25 an hour and reading £20 an hour from 1 January 2026; chairing £60 a task."""
    return {
        "meeting": RateFactory(organisation=org, activity_type="meeting", amount_pence=2500),
        "preparation": RateFactory(
            organisation=org, activity_type="preparation", amount_pence=2000
        ),
        "chairing": RateFactory(
            organisation=org, activity_type="chairing", unit="task", amount_pence=6000
        ),
    }


@pytest.fixture
def bob_person(bob, org):
    return bob.people.get(organisation=org)


@pytest.fixture
def alice_person(alice, org):
    return alice.people.get(organisation=org)


@pytest.fixture
def panel(org, alice_person, bob_person):
    panel = PanelFactory(
        organisation=org,
        name="Day Services Panel",
        slug="day-services",
        named_contact=alice_person,
        deputy_contact=alice_person,
        backed_by=alice_person,
    )
    PanelMemberFactory(panel=panel, person=bob_person)
    return panel


def past(days: int, hour: int = 14) -> datetime.datetime:
    return (timezone.now() - datetime.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def attend(meeting, person, status="attended", capacity="lived") -> Attendance:
    return Attendance.objects.create(
        organisation=meeting.organisation,
        meeting=meeting,
        person=person,
        status=status,
        capacity=capacity,
    )


@pytest.fixture
def meeting(panel):
    """A 90-minute meeting of Bob's panel ten days ago."""
    return MeetingFactory(
        panel=panel, title="Planning the summer", starts_at=past(10), duration_minutes=90
    )


@pytest.fixture
def bob_came(meeting, bob_person):
    return attend(meeting, bob_person)


@pytest.fixture
def draft(bob_person, rates, bob):
    """Bob's draft claim: 2 hours of reading on 5 May 2026, made by hand by Bob himself."""
    return domain.create_claim(
        bob_person,
        actor=bob,
        activity_type="preparation",
        activity_date=datetime.date(2026, 5, 5),
        quantity=2,
        description="Read the day services report",
    )
