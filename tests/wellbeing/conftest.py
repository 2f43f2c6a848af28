"""A Riverside panel: alice is the named contact, dana the deputy, bob a member; erin is
staff and the safeguarding lead (test_concerns.py has its own erin, who is no lead)."""

from __future__ import annotations

import datetime

import pytest

from coproduce.core.models import Role
from coproduce.wellbeing import domain
from tests.factories import (
    MembershipFactory,
    PanelFactory,
    PanelMemberFactory,
    PersonFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def panel(org, alice, bob, dana):
    panel = PanelFactory(
        organisation=org,
        name="Day Services Panel",
        slug="day-services",
        named_contact=alice.people.get(organisation=org),
        deputy_contact=dana.people.get(organisation=org),
        backed_by=dana.people.get(organisation=org),
    )
    PanelMemberFactory(
        panel=panel, person=bob.people.get(organisation=org), started_on=datetime.date(2026, 4, 1)
    )
    return panel


@pytest.fixture
def erin(org, dana):
    """Staff in Riverside, neither contact nor deputy, and the safeguarding lead."""
    user = UserFactory(email="erin@example.org", name="Erin Shaw")
    MembershipFactory(organisation=org, user=user, role=Role.STAFF)
    PersonFactory(organisation=org, user=user, name="Erin Shaw", email=user.email)
    domain.appoint_safeguarding_lead(org, user, actor=dana)
    return user
