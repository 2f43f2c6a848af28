"""Payments in a real browser: a member claims by keyboard alone on a 320 px screen, staff
agree the claim, an admin marks it paid, and the payment letter passes axe.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from coproduce.payments.models import Claim, ExpenseLine
from tests.browser.conftest import (
    focused,
    has_no_sideways_scroll,
    log_in,
    navigates,
    press_and_load,
    tab_to,
    totp_secret_of,
    type_into,
    visit,
)
from tests.factories import PASSWORD, RateFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def fits(page: Page) -> None:
    assert has_no_sideways_scroll(page), f"{page.url} scrolls sideways at 320 px"


def test_member_claims_by_keyboard_then_staff_agree_and_admin_pays(new_page, org, alice, bob, dana):
    RateFactory(organisation=org, activity_type="meeting", amount_pence=2500)
    page = new_page(viewport={"width": 320, "height": 640})

    visit(page, "/accounts/login/")
    type_into(page, re.compile("Email( address)?( or sign-in name)?"), "bob@example.org")
    type_into(page, "Password", PASSWORD)
    tab_to(page, tag="button", text=re.compile("Log in|Sign In"))
    press_and_load(page)
    tab_to(page, tag="button", text="Menu")  # on a phone the menu is folded behind a button
    page.keyboard.press("Enter")
    tab_to(page, tag="a", text="My claims")
    press_and_load(page)
    fits(page)
    tab_to(page, tag="a", text="Make a claim")
    press_and_load(page)
    fits(page)

    tab_to(page, type="radio")
    assert focused(page)["label"] == "Meeting"
    page.keyboard.press("Space")
    tab_to(page, label="Date")
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", str(focused(page)["value"]))  # today, to change
    type_into(page, "How long, or how many", "2")
    tab_to(page, tag="button", text="Save and go on")
    press_and_load(page)
    fits(page)
    claim = Claim.objects.get()
    assert (claim.fee_pence, claim.status) == (5000, "draft")

    tab_to(page, tag="a", text="Add a cost")
    press_and_load(page)
    tab_to(page, type="radio")
    assert focused(page)["label"] == "Bus, train or taxi"
    page.keyboard.press("Space")
    type_into(page, re.compile(r"How much it cost, in pounds.*"), "-4.50")
    type_into(page, re.compile(r"Details.*"), "Bus to the town hall and back")
    tab_to(page, tag="button", text="Add this cost")
    press_and_load(page)
    fits(page)
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("The amount cannot be less than zero")
    tab_to(page, label=re.compile(r"How much it cost, in pounds.*"))
    assert focused(page)["value"] == "-4.50"  # what was typed is kept
    page.keyboard.press("Control+A")
    page.keyboard.type("4.50")
    tab_to(page, label=re.compile(r"Details.*"))
    assert focused(page)["value"] == "Bus to the town hall and back"
    tab_to(page, tag="button", text="Add this cost")
    press_and_load(page)
    assert ExpenseLine.objects.get().amount_pence == 450

    tab_to(page, tag="button", text="Send my claim")
    press_and_load(page)
    fits(page)
    expect(page.get_by_role("status")).to_contain_text(f"Claim {claim.reference} is sent.")
    claim.refresh_from_db()
    assert (claim.status, claim.total_pence) == ("submitted", 5450)

    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, f"/o/riverside/payments/claims/{claim.pk}/")
    with navigates(staff):
        staff.get_by_role("button", name="Agree this claim").click()
    expect(staff.get_by_role("status")).to_contain_text("is agreed")

    finance = new_page()
    log_in(finance, "dana@example.org", totp_secret=totp_secret_of(dana))
    visit(finance, "/o/riverside/payments/finance/")
    visit(finance, f"/o/riverside/payments/claims/{claim.pk}/")
    with navigates(finance):
        finance.get_by_role("link", name="Mark as paid").click()
    finance.get_by_label("Payment reference").fill("BACS-1234")
    with navigates(finance):
        finance.get_by_role("button", name="Mark as paid").click()
    claim.refresh_from_db()
    assert (claim.status, claim.payment_reference) == ("paid", "BACS-1234")

    visit(page, f"/o/riverside/payments/claims/{claim.pk}/remittance/")
    fits(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("We have paid you")
    expect(page.locator("tfoot")).to_contain_text("£54.50")


def test_preference_page_with_benefits_advice_fits_and_passes_axe(new_page, org, bob):
    page = new_page(viewport={"width": 320, "height": 640})
    log_in(page, "bob@example.org")
    visit(page, "/o/riverside/payments/preference/")
    fits(page)
    expect(page.get_by_role("heading", name="If you get benefits")).to_be_visible()
    page.get_by_label("Shopping vouchers").check()
    page.get_by_label("A limit you want to stay under").fill("100")
    page.get_by_label("a month").check()
    with navigates(page):
        page.get_by_role("button", name="Save my choice").click()
    fits(page)
    expect(page.get_by_role("status")).to_contain_text("The payment choice is saved.")
