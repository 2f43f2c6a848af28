"""Decisions in a real browser: staff record a vote on a laptop, are told plainly when the
count does not fit how it was decided, and keep what they typed; a member on a 320 px phone
records a decision taken together, by keyboard, and reads the list. Axe checks every page.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from coproduce.decisions.models import Decision
from tests.browser.conftest import (
    focused,
    has_no_sideways_scroll,
    log_in,
    navigates,
    press_and_load,
    tab_to,
    type_into,
    visit,
)
from tests.factories import day_services_panel


def test_staff_record_a_vote_and_the_count_must_fit(new_page, alice, bob, dana, initiative):
    staff = new_page(viewport={"width": 1280, "height": 720})
    log_in(staff, "alice@example.org")
    visit(staff, f"/o/riverside/initiatives/{initiative.pk}/")
    expect(staff.locator("#decisions-heading")).to_have_text("Decisions")
    with navigates(staff):
        staff.get_by_role("link", name="Record a decision").click()
    staff.get_by_label("What was decided?").fill("Plant a herb bed by the kitchen door.")
    staff.get_by_label("When was it decided?").fill("2026-03-10")
    staff.get_by_label("Staff decided on their own").check()
    staff.get_by_label("For: people with lived experience").fill("4")
    with navigates(staff):
        staff.get_by_role("button", name="Save the decision").click()
    expect(staff.locator(".error-summary")).to_contain_text(
        "Only give a count of votes for a decision taken by a vote."
    )
    expect(staff.get_by_label("What was decided?")).to_have_value(
        "Plant a herb bed by the kitchen door."
    )
    expect(staff.get_by_label("For: people with lived experience")).to_have_value("4")
    assert not Decision.objects.exists()

    staff.get_by_label("Decided by a vote").check()
    staff.get_by_label("For: people with learnt experience").fill("1")
    staff.get_by_label("Against: people with lived experience").fill("2")
    staff.get_by_label("Against: people with learnt experience").fill("0")
    staff.get_by_label("Bob Hughes").check()
    with navigates(staff):
        staff.get_by_role("button", name="Save the decision").click()
    expect(staff.get_by_role("status")).to_have_text("The decision is recorded.")
    expect(staff.locator("main")).to_contain_text("5 for (4 lived experience, 1 learnt experience)")
    decision = Decision.objects.get()
    assert (decision.how, decision.votes_for, decision.votes_against) == ("by_vote", 5, 2)

    with navigates(staff):
        staff.get_by_role("link", name=re.compile(r"^Change")).click()
    expect(staff.get_by_label("Against: people with lived experience")).to_have_value("2")


def test_a_member_on_a_phone_records_a_decision_by_keyboard(new_page, alice, bob, dana, org):
    panel = day_services_panel(org, alice, dana, bob)
    phone = new_page(viewport={"width": 320, "height": 568})
    log_in(phone, "bob@example.org")
    visit(phone, f"/o/riverside/panels/{panel.pk}/decisions/")
    expect(phone.locator("main")).to_contain_text("No decisions are recorded yet.")
    assert has_no_sideways_scroll(phone)

    tab_to(phone, tag="a", text="Record a decision")
    press_and_load(phone)
    assert has_no_sideways_scroll(phone)
    type_into(phone, "What was decided?", "Meet at 2pm, not 10am.")
    tab_to(phone, label="Staff decided on their own")
    for _ in range(3):  # down the choices to "The panel decided"
        phone.keyboard.press("ArrowDown")
    assert focused(phone)["value"] == "by_panel"
    tab_to(phone, label="Bob Hughes")
    phone.keyboard.press("Space")
    tab_to(phone, tag="button", text="Save the decision")
    press_and_load(phone)
    expect(phone.get_by_role("status")).to_have_text("The decision is recorded.")
    assert has_no_sideways_scroll(phone)
    expect(phone.locator("main")).to_contain_text("The panel decided")
    expect(phone.locator("main")).to_contain_text("Recorded by")
    decision = Decision.objects.get()
    assert (decision.panel, decision.how, decision.recorded_by.name) == (
        panel,
        "by_panel",
        "Bob Hughes",
    )
