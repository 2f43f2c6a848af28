"""Strengths and relationships in a real browser, with axe on every page: Bob tells us what
he brings by keyboard alone on a phone; Alice sees who is still getting started, ticks a step
and prints a login slip for a member who does not use email."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.accounts.models import Invitation
from coproduce.panels.models import InductionTick, PanelMember, Strengths
from tests.browser.conftest import (
    has_no_sideways_scroll,
    log_in,
    navigates,
    panel_path,
    press_and_load,
    tab_to,
    type_into,
    visit,
)
from tests.factories import PanelMemberFactory, PersonFactory, day_services_panel

NARROW = {"viewport": {"width": 320, "height": 640}}


@pytest.fixture
def panel(org, alice, bob, dana):
    return day_services_panel(org, alice, dana, bob, published_at=timezone.now())


def test_member_says_what_he_brings_by_keyboard(new_page, panel, bob):
    page = new_page(**NARROW)
    log_in(page, "bob@example.org")
    visit(page, panel_path(panel, "me/"))
    expect(page.locator("#start-heading")).to_have_text("Getting started")
    tab_to(page, text="Tell us what you bring")
    press_and_load(page)
    assert has_no_sideways_scroll(page)
    type_into(page, "What are you good at? (optional)", "Fixing bikes")
    tab_to(page, tag="button", text="Save")  # without agreeing that we keep it
    press_and_load(page)
    expect(page.locator(".error-summary")).to_contain_text("Tick the box to say we can keep this.")
    assert not Strengths.objects.exists()
    tab_to(page, label="You agree we keep this. You can take it back at any time.")
    page.keyboard.press("Space")
    tab_to(page, tag="button", text="Save")
    press_and_load(page)
    expect(page.locator("main")).to_contain_text("Fixing bikes")
    expect(page.locator("main")).to_contain_text(
        "Only you and the staff who run the panel can see this."
    )


def test_staff_tick_a_step_and_print_a_login_slip(new_page, org, panel, alice):
    june = PersonFactory(organisation=org, name="June Patel", email="")
    member = PanelMemberFactory(panel=panel, person=june, started_on=datetime.date(2026, 4, 1))
    page = new_page()
    log_in(page, "alice@example.org")
    visit(page, panel_path(panel))
    expect(page.locator("main")).to_contain_text("June Patel: still to do:")
    with navigates(page):
        page.get_by_role("link", name="Tick each member's first steps").click()
    card = page.locator(".card", has_text="June Patel")
    card.get_by_label("Date it was done").fill("2026-04-02")
    with navigates(page):
        card.get_by_role("button", name="Tick for June Patel").click()
    expect(page.locator("main")).to_contain_text("Ticked by Alice Okafor on 2 April 2026")
    assert InductionTick.objects.get(member=member).step == "welcome"

    visit(page, panel_path(panel, "members/"))
    with navigates(page):
        page.locator(f"form[action$='/members/{member.pk}/slip/'] button").click()
    invitation = Invitation.objects.get(person=june)
    expect(page.locator(".login-slip")).to_contain_text(invitation.token[:4])
    expect(page.locator(".login-slip svg")).to_be_visible()
    assert PanelMember.objects.get(pk=member.pk).person.user is None
