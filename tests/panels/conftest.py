"""A published Riverside panel: alice is the named contact, dana the deputy, bob a member."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.accounts.test_smtp import smtp_server  # noqa: F401 -- shared fixture
from tests.factories import PanelFactory, PanelMemberFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded attachments go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def panel(org, alice, bob, dana):
    alice_person = alice.people.get(organisation=org)
    alice_person.phone = "01632 960111"
    alice_person.save()
    panel = PanelFactory(
        organisation=org,
        name="Day Services Panel",
        slug="day-services",
        named_contact=alice_person,
        deputy_contact=dana.people.get(organisation=org),
        backed_by=dana.people.get(organisation=org),
        published_at=timezone.now(),
    )
    PanelMemberFactory(
        panel=panel,
        person=bob.people.get(organisation=org),
        role="co_chair",
        started_on=datetime.date(2026, 4, 1),
    )
    return panel
