"""Payments pages in a real browser, beyond the claim made by keyboard in test_payments.py:
a claim started from a meeting, changed and taken back; the year statement; staff claiming
for someone without a login and asking a question; the checking queue; finance's rates,
settings and budgets. Axe checks every page.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coproduce.panels.domain import meetings
from coproduce.payments import domain
from coproduce.payments.models import Claim, PanelBudget, PaymentPreference, PaymentSettings, Rate
from tests.browser.conftest import (
    has_no_sideways_scroll,
    log_in,
    navigates,
    press_and_load,
    tab_to,
    totp_secret_of,
    visit,
)
from tests.factories import (
    MembershipFactory,
    PanelMemberFactory,
    PersonFactory,
    RateFactory,
    UserFactory,
    day_services_panel,
)

PAYMENTS = "/o/riverside/payments/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def panel(org, alice, bob, dana):
    """Day Services Panel, with bob on it and a meeting he came to three days ago (2 hours)."""
    panel = day_services_panel(org, alice, dana)
    bob_person = bob.people.get(organisation=org)
    PanelMemberFactory(panel=panel, person=bob_person, started_on=datetime.date(2026, 1, 5))
    meeting = meetings.create_meeting(
        panel, actor=alice, title="Transport meeting", format="in_person",
        starts_at=timezone.now() - datetime.timedelta(days=3), duration_minutes=120,
    )  # fmt: skip
    meetings.record_attendance(meeting, {bob_person.pk: ("attended", "lived")}, actor=alice)
    return panel


def paid_claim(person, *, staff, admin, reference: str) -> Claim:
    """A meeting claim from a week ago, entered and sent by the admin, agreed by the staff
    member (someone else must agree it), and paid today."""
    claim = domain.create_claim(
        person, actor=admin, activity_type="meeting",
        activity_date=timezone.localdate() - datetime.timedelta(days=7), quantity=1,
    )  # fmt: skip
    domain.submit_claim(claim, actor=admin)
    domain.approve_claim(claim, actor=staff)
    domain.pay_claim(claim, actor=admin, reference=reference, paid_on=timezone.localdate())
    return claim


def replace_by_keyboard(page: Page, label: str | re.Pattern, text: str) -> None:
    tab_to(page, label=label)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_member_claims_for_a_meeting_changes_it_takes_it_back_and_reads_the_year(
    new_page, org, alice, bob, dana, panel
):
    RateFactory(organisation=org, activity_type="meeting", amount_pence=2500)
    earlier = paid_claim(bob.people.get(), staff=alice, admin=dana, reference="BACS-77")
    page = new_page(viewport={"width": 320, "height": 640})
    log_in(page, "bob@example.org")
    visit(page, PAYMENTS)
    with navigates(page):
        page.get_by_role("button", name="Start a claim for Transport meeting").click()
    claim = Claim.objects.exclude(pk=earlier.pk).get()
    expect(page.get_by_role("status")).to_have_text(
        f"Claim {claim.reference} is ready with the meeting's time and rate. Add any expenses, "
        "then send it."
    )
    assert (claim.quantity, claim.fee_pence, claim.status) == (2, 5000, "draft")
    assert has_no_sideways_scroll(page)

    # Change the time, by keyboard: too little first, which is refused and kept.
    tab_to(page, tag="a", text="Change the time or tasks")
    press_and_load(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the claim")
    assert has_no_sideways_scroll(page)
    replace_by_keyboard(page, "How long, or how many", "0")
    tab_to(page, tag="button", text="Save")
    press_and_load(page)
    expect(page.locator(".error-summary")).to_contain_text(
        "Enter at least 0.25, for example 1.5 for an hour and a half."
    )
    replace_by_keyboard(page, "How long, or how many", "1.5")
    tab_to(page, tag="button", text="Save")
    press_and_load(page)
    expect(page.get_by_role("status")).to_have_text("Your changes are saved.")
    claim.refresh_from_db()
    assert (claim.quantity, claim.fee_pence) == (Decimal("1.5"), 3750)

    with navigates(page):
        page.get_by_role("button", name="Take this claim back").click()
    expect(page.get_by_role("status")).to_have_text(
        f"Claim {claim.reference} is taken back. We will not pay it."
    )
    claim.refresh_from_db()
    assert claim.status == "withdrawn"

    visit(page, PAYMENTS)
    with navigates(page):
        page.get_by_role("link", name="See everything paid this tax year").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Payments from 6 April")
    expect(page.locator("tbody")).to_contain_text("BACS-77")
    expect(page.locator("tbody tr")).to_have_count(1)  # the claim taken back was never paid
    assert has_no_sideways_scroll(page)


def test_staff_claim_for_someone_without_a_login_and_send_it_back_with_a_question(
    new_page, org, alice, dana
):
    RateFactory(organisation=org, activity_type="meeting", amount_pence=2500)
    pat = PersonFactory(organisation=org, name="Pat Jones", email="")
    page = new_page()
    log_in(page, "alice@example.org")
    visit(page, f"{PAYMENTS}people/{pat.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Claims for Pat Jones")
    with navigates(page):
        page.get_by_role("link", name="Make a claim").click()
    page.get_by_label("Meeting", exact=True).check()
    page.get_by_label("Date").fill(
        (timezone.localdate() - datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    )
    page.get_by_label("How long, or how many").fill("3")
    with navigates(page):
        page.get_by_role("button", name="Save and go on").click()
    claim = Claim.objects.get()
    assert (claim.person, claim.fee_pence, claim.created_by) == (pat, 7500, alice)
    with navigates(page):
        page.get_by_role("button", name="Send my claim").click()
    expect(page.get_by_role("status")).to_contain_text(f"Claim {claim.reference} is sent.")

    visit(page, f"{PAYMENTS}check/")
    expect(page.locator("tbody")).to_contain_text("Pat Jones")
    visit(page, f"{PAYMENTS}claims/{claim.pk}/")
    with navigates(page):
        page.get_by_role("link", name="Send back with a question").click()
    with navigates(page):
        page.get_by_role("button", name="Send it back").click()
    expect(page.locator(".error-summary")).to_contain_text("Write your question.")
    page.get_by_label("Your question for them").fill("Was it 3 hours, or 2?")
    with navigates(page):
        page.get_by_role("button", name="Send it back").click()
    expect(page.get_by_role("status")).to_have_text(
        f"Claim {claim.reference} is sent back with your question."
    )
    expect(page.get_by_role("region", name="Our question")).to_contain_text("Was it 3 hours, or 2?")
    claim.refresh_from_db()
    assert claim.status == "queried"

    visit(page, f"{PAYMENTS}people/{pat.pk}/preference/")
    page.get_by_label("Pay a charity instead").check()
    page.get_by_label("If you chose a charity: which charity").fill("Riverside Food Bank")
    with navigates(page):
        page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_role("status")).to_contain_text("The payment choice is saved.")
    assert page.url.endswith(f"{PAYMENTS}people/{pat.pk}/")
    preference = PaymentPreference.objects.get(person=pat)
    assert (preference.choice, preference.charity_name) == ("charity", "Riverside Food Bank")
    with navigates(page):
        page.get_by_role("link", name="See everything paid this tax year").click()
    expect(page.locator("main")).to_contain_text("We did not pay anything in this tax year.")
    visit(page, f"{PAYMENTS}rates/")
    expect(page.get_by_role("link", name="Add a new rate")).to_have_count(0)  # finance only


def test_finance_add_a_rate_change_the_settings_and_set_a_budget(new_page, org, dana, panel):
    page = new_page()
    log_in(page, "dana@example.org", totp_secret=totp_secret_of(dana))
    visit(page, f"{PAYMENTS}rates/")
    with navigates(page):
        page.get_by_role("link", name="Add a new rate").click()
    page.get_by_label("Kind of activity").select_option(label="Workshop")
    page.get_by_label("Paid by").select_option(label="a half day")
    page.get_by_label("Amount, in pounds").fill("sixty")
    page.get_by_label("From", exact=True).fill("1/4/2026")
    page.get_by_label("Where this rate comes from").fill("Our policy, April 2026")
    with navigates(page):
        page.get_by_role("button", name="Save the rate").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("Where this rate comes from")).to_have_value("Our policy, April 2026")
    page.get_by_label("Amount, in pounds").fill("60")
    with navigates(page):
        page.get_by_role("button", name="Save the rate").click()
    expect(page.get_by_role("status")).to_have_text(
        "The new rate is saved. Claims already made keep their old rate."
    )
    rate = Rate.objects.get()
    assert (rate.activity_type, rate.unit, rate.amount_pence) == ("workshop", "half_day", 6000)

    visit(page, f"{PAYMENTS}settings/")
    page.get_by_label("Mileage: pence a mile").fill("45")
    page.get_by_label("Who people can ask about payments").fill("Sam in finance, 01632 960222")
    with navigates(page):
        page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_role("status")).to_have_text("The payment settings are saved.")
    assert PaymentSettings.objects.get().pence_per_mile == 45

    visit(page, f"{PAYMENTS}finance/budgets/")
    with navigates(page):
        page.get_by_role("link", name="Set budget Day Services Panel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Budget for Day Services Panel")
    page.get_by_label("Budget for the year, in pounds").fill("1200")
    with navigates(page):
        page.get_by_role("button", name="Save the budget").click()
    expect(page.get_by_role("status")).to_have_text("The budget is saved.")
    assert PanelBudget.objects.get().amount_pence == 120000
    expect(page.locator("tbody tr").filter(has_text="Day Services Panel")).to_contain_text(
        "£1,200.00"
    )


def test_someone_without_a_record_is_told_how_to_get_one(new_page, org):
    user = UserFactory(email="erin@example.org", name="Erin Walsh")
    MembershipFactory(organisation=org, user=user, role="member")
    page = new_page()
    log_in(page, "erin@example.org")
    visit(page, PAYMENTS)
    expect(page.locator("main")).to_contain_text("We cannot find your record here yet")
    expect(page.get_by_role("link", name="Make a claim")).to_have_count(0)
