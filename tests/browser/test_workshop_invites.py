"""Inviting people to a workshop and signing up, in a real browser: the staff pages at
1280x720, the sign-up page on a 320x568 phone without a login, by keyboard; axe on each."""

from __future__ import annotations

import datetime

from playwright.sync_api import Page, expect

from coproduce.workshops.models import AccessNeed, Invitation
from tests.browser.conftest import (
    check,
    has_no_sideways_scroll,
    log_in,
    navigates,
    press_and_load,
    visit,
)
from tests.factories import WorkshopFactory


def test_staff_invite_the_initiative_and_a_phone_signs_up(new_page, initiative):
    workshop = WorkshopFactory(
        initiative=initiative,
        title="Garden ideas morning",
        starts_at=datetime.datetime(2027, 1, 14, 10, 0, tzinfo=datetime.UTC),
        purpose="Ideas for a garden everyone can use.",
    )
    base = f"/o/riverside/initiatives/{initiative.pk}/workshops/{workshop.pk}/"
    staff: Page = new_page(viewport={"width": 1280, "height": 720})
    log_in(staff, "alice@example.org")
    visit(staff, base + "invite/")
    staff.get_by_label("Everyone here (2 people)").check()
    with navigates(staff):
        staff.get_by_role("button", name="Send the invitations").click()
    expect(staff.get_by_text("Invited 2 people.")).to_be_visible()
    visit(staff, base)
    expect(staff.locator("[data-sign-up-counts]")).to_contain_text("2 not answered yet")

    bob_invitation = Invitation.objects.get(person__name="Bob Hughes")
    phone: Page = new_page(viewport={"width": 320, "height": 568})
    visit(phone, f"/invited/{bob_invitation.token}/")
    assert has_no_sideways_scroll(phone)
    phone.get_by_label("Yes, I can come").focus()
    phone.keyboard.press("Space")
    phone.get_by_label("Lived experience: I draw on care and support").focus()
    phone.keyboard.press("Space")
    phone.get_by_label("More time").focus()
    phone.keyboard.press("Space")
    phone.get_by_label("The people running this workshop may see what I need").focus()
    phone.keyboard.press("Space")
    phone.get_by_role("button", name="Send my answer").focus()
    press_and_load(phone)
    expect(phone.get_by_text("Thank you. We have your answer.")).to_be_visible()
    expect(phone.get_by_text("Your answer: yes, you are coming.")).to_be_visible()
    check(phone)  # axe on the page with its answer and message

    visit(staff, base)
    expect(staff.locator("[data-sign-up-counts]")).to_contain_text("1 coming")
    assert AccessNeed.objects.get().invitation == bob_invitation
