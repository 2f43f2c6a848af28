"""The pay in a role description comes from the rate table, with a warning for staff where
the set-up names another sum (panels.roles, read through payments' registered reader)."""

from __future__ import annotations

import pytest

from coproduce.panels import roles
from tests.factories import PanelFactory, RateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(org):
    return PanelFactory(
        organisation=org,
        payment_offer="£25 an hour, including time to read papers. We pay travel.",
    )


def test_the_role_description_pays_what_the_rate_table_pays(panel, org):
    RateFactory(organisation=org, activity_type="meeting", amount_pence=1500)
    standard, easy_read = roles.build_role_description(panel)
    expected = "£15 an hour for meetings. £25 an hour, including time to read papers."
    assert f"- Payment: {expected}" in standard
    assert "£15 an hour for meetings." in easy_read
    assert roles.rate_mismatch(panel) == (
        "The set-up says what we pay is £25, but the rate table pays £15 an hour for "
        "meetings. Claims use the rate table. Change one of them so they match, then make "
        "the role description again."
    )


def test_when_the_two_agree_the_words_are_left_as_staff_wrote_them(panel, org):
    RateFactory(organisation=org, activity_type="meeting", amount_pence=2500)
    standard, _easy = roles.build_role_description(panel)
    assert f"- Payment: {panel.payment_offer}" in standard
    assert roles.rate_mismatch(panel) is None


def test_set_up_words_without_a_sum_take_the_rate_from_the_table(org):
    panel = PanelFactory(organisation=org, payment_offer="We pay for your time and travel.")
    RateFactory(organisation=org, activity_type="meeting", amount_pence=2750, unit="day")
    standard, _easy = roles.build_role_description(panel)
    assert "- Payment: £27.50 a day for meetings. We pay for your time and travel." in standard
    assert roles.rate_mismatch(panel) is None


def test_without_a_rate_the_words_stay_and_nothing_warns(panel):
    standard, _easy = roles.build_role_description(panel)
    assert f"- Payment: {panel.payment_offer}" in standard
    assert roles.rate_mismatch(panel) is None


def test_a_changed_rate_marks_the_role_description_out_of_date(panel, org):
    before = roles.role_source(panel)
    RateFactory(organisation=org, activity_type="meeting", amount_pence=1500)
    assert roles.role_source(panel) != before


def test_staff_see_the_warning_on_the_panel_page(client, alice, panel, org):
    RateFactory(organisation=org, activity_type="meeting", amount_pence=1500)
    client.force_login(alice)
    page = client.get(f"/o/{org.slug}/panels/{panel.pk}/").content.decode()
    assert "but the rate table pays £15 an hour for meetings" in page
