"""Planning a workshop in real Chromium: choosing a kind by keyboard on a phone, the form for
that kind only, the workshop page with its time and checklist, plans and copies. Axe checks
every page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from coproduce.workshops.models import Activity, Workshop
from tests.browser.conftest import (
    focused,
    has_no_sideways_scroll,
    log_in,
    navigates,
    press_and_load,
    tab_to,
    visit,
)
from tests.factories import ActivityFactory, WorkshopFactory

PHONE = {"viewport": {"width": 320, "height": 568}, "has_touch": True}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}


def alice_on(new_page, **options) -> Page:
    """Alice, logged in. The first page of a run can take a while on a busy machine."""
    page: Page = new_page(**options)
    page.set_default_timeout(30_000)
    log_in(page, "alice@example.org")
    return page


def staff_path(workshop: Workshop, tail: str = "") -> str:
    return f"/o/riverside/initiatives/{workshop.initiative_id}/workshops/{workshop.pk}/{tail}"


@pytest.fixture
def workshop(initiative) -> Workshop:
    workshop = WorkshopFactory(
        initiative=initiative, title="Garden ideas morning", length_minutes=90
    )
    ActivityFactory(workshop=workshop, kind="plain", title="Welcome", planned_minutes=10)
    ActivityFactory(workshop=workshop, kind="warm_up", title="Check-in", planned_minutes=5)
    ActivityFactory(workshop=workshop, kind="dotmocracy", title="Vote", planned_minutes=57)
    return workshop


def test_choosing_a_kind_by_keyboard_on_a_phone(new_page, workshop):
    page = alice_on(new_page, **PHONE)
    visit(page, staff_path(workshop, "activities/new/"))
    assert has_no_sideways_scroll(page)
    tab_to(page, name="kind")
    for _ in range(len(Activity.Kind.choices)):
        if focused(page)["label"].startswith("Storyboard"):
            break
        page.keyboard.press("ArrowDown")
    assert focused(page)["label"].startswith("Storyboard")
    expect(page.get_by_role("radio", name=re.compile("Storyboard"))).to_be_checked()
    tab_to(page, tag="button", text="Continue")
    press_and_load(page)
    assert page.url.endswith("activities/new/?kind=storyboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an activity: Storyboarding")
    assert has_no_sideways_scroll(page)
    expect(page.get_by_label("People in each storyboard group")).to_be_visible()
    expect(page.get_by_label(re.compile("Dots for each person"))).to_have_count(0)
    expect(page.get_by_label(re.compile("The question"))).to_have_count(0)

    # Nothing typed: the error summary takes focus and keeps the page at this kind.
    tab_to(page, tag="button", text="Save")
    press_and_load(page)
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    tab_to(page, tag="input", name="title")
    page.keyboard.type("A visit to the garden")
    tab_to(page, tag="button", text="Save")
    press_and_load(page)
    assert page.url.endswith(staff_path(workshop))
    activity = Activity.objects.get(title="A visit to the garden")
    assert (activity.kind, activity.group_size) == ("storyboard", 4)


def test_the_workshop_page_shows_time_and_checklist(new_page, workshop):
    page = alice_on(new_page, **PROJECTOR)
    visit(page, staff_path(workshop))
    time = page.locator("#agenda-time")
    expect(time).to_contain_text("72 minutes planned for a 90-minute workshop.")
    expect(time).to_contain_text("Warning: 18 minutes have nothing planned.")
    checklist = page.locator(".wp-checklist")
    expect(checklist.locator("[data-check=warm_up]")).to_contain_text("Done")
    expect(checklist.locator("[data-check=creative]")).to_contain_text("Missing")
    with navigates(page):
        page.get_by_role("link", name="Copy this workshop").click()
    page.get_by_label("Title of the new workshop").fill("Garden ideas, part two")
    page.get_by_label("Date and time it starts").fill("2026-12-02T10:00")
    with navigates(page):
        page.get_by_role("button", name="Make the copy").click()
    copy = Workshop.objects.get(title="Garden ideas, part two")
    assert page.url.endswith(staff_path(copy))
    expect(page.locator(".ws-agenda > li")).to_have_count(3)


def test_planning_from_the_first_workshop_plan_on_a_phone(new_page, initiative):
    page = alice_on(new_page, **PHONE)
    visit(page, f"/o/riverside/initiatives/{initiative.pk}/workshops/new/")
    assert has_no_sideways_scroll(page)
    page.get_by_label("Title", exact=True).fill("Our first workshop")
    page.get_by_label("Co-creating ideas and solutions").check()
    page.get_by_label("Date and time it starts").fill("2026-11-04T10:00")
    page.get_by_label("A first co-production workshop").check()
    with navigates(page):
        page.get_by_role("button", name="Save").click()
    workshop = Workshop.objects.get()
    assert workshop.activities.count() == 7
    expect(page.locator("#agenda-time")).to_contain_text(
        "107 minutes planned for a 120-minute workshop."
    )
    assert has_no_sideways_scroll(page)
    with navigates(page):
        page.get_by_role("link", name="Ideas: 1-2-4-All", exact=True).click()
    expect(page.get_by_label("Minutes in pairs")).to_have_value("2")
    page.get_by_text("How to run it, and how to make it accessible").click()
    expect(page.get_by_text("2 minutes: people share in pairs")).to_be_visible()
