"""A Riverside panel: alice is the named contact, dana the deputy, bob a member; erin is
staff and the safeguarding lead (test_concerns.py has its own erin, who is no lead)."""

from __future__ import annotations

import pytest

from coproduce.core.models import Role
from coproduce.wellbeing import domain
from tests.factories import (
    MembershipFactory,
    PersonFactory,
    UserFactory,
    day_services_panel,
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def panel(org, alice, bob, dana):
    panel = day_services_panel(org, alice, dana, bob)
    return panel


@pytest.fixture
def erin(org, dana):
    """Staff in Riverside, neither contact nor deputy, and the safeguarding lead."""
    user = UserFactory(email="erin@example.org", name="Erin Shaw")
    MembershipFactory(organisation=org, user=user, role=Role.STAFF)
    PersonFactory(organisation=org, user=user, name="Erin Shaw", email=user.email)
    domain.appoint_safeguarding_lead(org, user, actor=dana)
    return user
