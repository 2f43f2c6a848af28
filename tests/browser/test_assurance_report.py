"""The assurance report in a real browser: staff open it from the home page, choose a period,
meet a plain message for a date that does not exist, and print it. Axe checks every page.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from coproduce.decisions.models import Decision, How
from coproduce.initiatives.models import Capacity, Level
from tests.browser.conftest import (
    check,
    has_no_sideways_scroll,
    log_in,
    navigates,
    visit,
    watch_of,
)
from tests.factories import InitiativeFactory, ParticipantFactory, WorkshopFactory

REPORT = "/o/riverside/assurance/"


def warm(page) -> None:
    """The first page of a cold live server can take more than the 10 s a step may on a busy
    machine (templates compiled, files read): load one with more patience first."""
    page.goto(watch_of(page).base_url + "/accounts/login/", timeout=60_000)
    check(page)


def records(org) -> None:
    recently = timezone.now() - datetime.timedelta(days=30)
    garden = InitiativeFactory(
        organisation=org, title="Garden", claimed_approach="co_production", level=Level.SERVICE
    )
    workshop = WorkshopFactory(initiative=garden, starts_at=recently)
    for index in range(12):
        ParticipantFactory(
            workshop=workshop, capacity=Capacity.LIVED_CARE if index < 7 else Capacity.LEARNT
        )
    Decision.objects.create(
        organisation=org,
        initiative=garden,
        what="Open on Saturdays",
        decided_on=recently.date(),
        how=How.JOINTLY,
    )


def test_staff_open_the_report_choose_a_period_and_print_it(new_page, org, alice):
    records(org)
    page = new_page()
    warm(page)
    log_in(page, "alice@example.org")
    visit(page, "/o/riverside/")
    with navigates(page):
        page.get_by_role("link", name="Assurance report for leaders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Assurance report: how we work with people"
    )
    expect(page.get_by_role("heading", name="Decisions taken with people")).to_be_visible()
    expect(page.get_by_role("cell", name="58%")).to_have_count(2)  # workshops, and both
    assert has_no_sideways_scroll(page)

    # A date that does not exist: said plainly, and what was typed is kept.
    visit(page, f"{REPORT}?start=2026-02-30&end=2026-03-31")
    expect(page.get_by_role("alert")).to_contain_text("Enter a real date")
    expect(page.get_by_role("heading", name="Decisions taken with people")).to_have_count(0)

    # A good period, chosen with the form.
    visit(page, REPORT)
    page.get_by_label("From").fill("2020-01-01")
    with navigates(page):
        page.get_by_role("button", name="Show the report").click()
    assert "start=2020-01-01" in page.url
    expect(page.locator(".lead")).to_contain_text("from 1 January 2020")

    # Printed: figures only, no form or buttons.
    page.emulate_media(media="print")
    expect(page.locator(".period-form")).to_be_hidden()
    expect(page.get_by_role("link", name="Download the figures (CSV)")).to_be_hidden()
    expect(page.get_by_role("heading", name="Evidence gaps")).to_be_visible()


def test_report_fits_a_phone(new_page, org, alice):
    records(org)
    page = new_page(viewport={"width": 320, "height": 568})
    warm(page)
    log_in(page, "alice@example.org")
    visit(page, REPORT)
    assert has_no_sideways_scroll(page)
