"""A Riverside panel: alice is the named contact, dana the deputy, bob a member."""

from __future__ import annotations

import datetime

import pytest

from tests.factories import PanelFactory, PanelMemberFactory


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
