"""Lived experience panels in a real browser: set-up, the public page, applying, and after.

Staff set up a panel and publish its role description; a member of the public reads it (in
standard and easy read) and applies by keyboard alone on a 360 px screen; staff move the
application on. Axe checks every page.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coproduce.core.models import AuditEntry
from coproduce.panels.models import (
    Application,
    ApplicationStatusChange,
    EqualityRecord,
    Panel,
    PanelMember,
    PanelTarget,
)
from tests.browser.conftest import (
    focused,
    has_no_sideways_scroll,
    log_in,
    navigates,
    panel_path,
    press_and_load,
    summary_value,
    tab_to,
    totp_secret_of,
    type_into,
    visit,
)
from tests.factories import PanelFactory

PUBLIC = "/panels/riverside/day-services/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def published(org, alice, dana) -> Panel:
    """Day Services Panel, published: alice is the named contact, dana the deputy."""
    alice_person = alice.people.get(organisation=org)
    alice_person.phone = "01632 960111"
    alice_person.save()
    return PanelFactory(
        organisation=org,
        name="Day Services Panel",
        slug="day-services",
        named_contact=alice_person,
        deputy_contact=dana.people.get(organisation=org),
        backed_by=dana.people.get(organisation=org),
        published_at=timezone.now(),
        role_standard="## About the panel\nWe meet once a month, on a weekday afternoon.",
        role_easy_read="## What is this?\nA group of people.\nWe meet once a month.",
    )


def test_staff_set_up_publish_and_run_a_panel(page: Page, initiative, alice, bob, dana):
    log_in(page, "alice@example.org")
    with navigates(page):
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Panels").click()
    with navigates(page):
        page.get_by_role("link", name="Set up a panel").click()
    page.get_by_label("Name of the panel").fill("Day Services Panel")
    page.get_by_label("What is the panel for?").fill("Help us make day services better.")
    page.get_by_label("What will the panel influence?").fill("How day centres are run.")
    page.get_by_label("What is outside the panel's control?").fill("The council's budget.")
    page.get_by_label("Recommends: makes recommendations that get a written answer").check()
    page.get_by_label("Make the garden easy to use").check()
    page.get_by_label("How often does it meet?").fill("Once a month, on a weekday afternoon")
    page.get_by_label("How many hours a month").fill("4")
    page.get_by_label("How many months do members join for?").fill("12")
    page.get_by_label("How many members does it need?").fill("12")
    page.get_by_label("What do you pay members?").fill("£25 an hour. We pay travel.")
    page.get_by_label("What training do you offer?").fill("How the council decides.")
    page.get_by_label("What support do you offer?").fill("Papers in the format you need.")
    page.get_by_label("Named contact").select_option(label="Alice Okafor")
    page.get_by_label("Deputy contact").select_option(label="Dana Price")
    page.get_by_label("Which leader backs the panel?").select_option(label="Dana Price")
    page.get_by_label("What is the leader's job?").fill("Director of Adult Social Care")
    with navigates(page):
        page.get_by_role("button", name="Save").click()
    panel = Panel.objects.get()
    assert (panel.slug, panel.decision_power, list(panel.initiatives.all())) == (
        "day-services-panel",
        "recommends",
        [initiative],
    )
    assert page.url.endswith(panel_path(panel, "role/"))
    expect(page.get_by_role("status")).to_have_text(
        "The panel is set up. Check its role description next."
    )

    # Edit the role description by hand; making it again asks first.
    standard = page.get_by_label("Role description", exact=True)
    standard.fill(standard.input_value() + "\n\nTea and cake at every meeting.")
    with navigates(page):
        page.get_by_role("button", name="Save the role description").click()
    expect(page.get_by_role("status")).to_have_text("The role description is saved.")
    with navigates(page):
        page.get_by_role("button", name="Make it again from the panel's details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Replace your changes?")
    with navigates(page):
        page.get_by_role("link", name="No, keep the changes").click()
    panel.refresh_from_db()
    assert panel.role_standard.endswith("Tea and cake at every meeting.")

    visit(page, panel_path(panel))
    with navigates(page):
        page.get_by_role(
            "button", name="Publish the role description and open applications"
        ).click()
    expect(page.get_by_role("status")).to_have_text("The public page is live. Anyone can apply.")
    with navigates(page):
        page.get_by_role("link", name="Open the public page").click()
    assert page.url.endswith("/panels/riverside/day-services-panel/")
    expect(page.locator("main")).to_contain_text("Tea and cake at every meeting.")

    visit(page, panel_path(panel))
    with navigates(page):
        page.get_by_role("link", name="Change the set-up").click()
    page.get_by_label("How often does it meet?").fill("Every other month")
    with navigates(page):
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text(
        "You changed the panel. Check the role description still matches."
    )

    # Targets, then a member who joins and later leaves.
    with navigates(page):
        page.get_by_role("link", name="Diversity targets").click()
    sex = page.locator("fieldset.targets-category").filter(has_text="Sex").first
    female = sex.locator("fieldset.target-row").filter(has_text="Female").first
    female.get_by_label("At least (%)").fill("40")
    female.get_by_label("At most (%)").fill("60")
    with navigates(page):
        page.get_by_role("button", name="Save the targets").click()
    expect(page.get_by_role("status")).to_have_text("The targets are saved.")
    target = PanelTarget.objects.get()
    assert (target.value, target.min_percent, target.max_percent) == ("female", 40, 60)

    visit(page, panel_path(panel, "members/"))
    with navigates(page):
        page.get_by_role("link", name="Add a member").click()
    page.get_by_label("Who is joining?").select_option(label="Bob Hughes")
    page.get_by_label("Co-chair").check()
    page.get_by_label("Start date").fill("2026-04-01")
    with navigates(page):
        page.get_by_role("button", name="Add them").click()
    expect(page.get_by_role("status")).to_have_text("They are on the panel.")
    with navigates(page):
        page.get_by_role("link", name=re.compile(r"^End\s*Bob Hughes's membership")).click()
    page.get_by_label("End date").fill(timezone.localdate().isoformat())
    with navigates(page):
        page.get_by_role("button", name="End the membership").click()
    expect(page.get_by_role("status")).to_have_text("Their time on the panel has ended.")
    member = PanelMember.objects.get()
    assert (member.role, member.started_on, member.ended_on) == (
        "co_chair",
        datetime.date(2026, 4, 1),
        timezone.localdate(),
    )

    # An application taken on the phone, moved on a step.
    visit(page, panel_path(panel, "applications/"))
    with navigates(page):
        page.get_by_role("link", name="Enter an application").first.click()
    page.get_by_label("By phone").check()
    page.get_by_label("Their name").fill("Pat Jones")
    page.get_by_label("Letter by post").check()
    page.get_by_label("Postal address").fill("4 Mill Lane\nRiverside")
    page.get_by_label("Why do they want to join the panel?").fill("To be heard.")
    with navigates(page):
        page.get_by_role("button", name="Save the application").click()
    expect(page.get_by_role("status")).to_have_text("The application is saved.")
    page.get_by_label("Invited to a chat").check()
    page.get_by_label("Add a personal note to the message").fill("Tea is on us.")
    with navigates(page):
        page.get_by_role("button", name="Save the step").click()
    expect(page.get_by_role("status")).to_have_text("The application is now: Invited to a chat.")
    expect(page.locator(".timeline li")).to_have_count(2)  # received (when entered), invited
    expect(page.locator(".timeline li").last).to_contain_text("Invited to a chat")
    application = Application.objects.get()
    assert (application.name, application.route, application.status) == (
        "Pat Jones",
        "phone",
        "invited",
    )
    change = ApplicationStatusChange.objects.get(to_status="invited")
    assert (change.delivery, change.sent_message.channel) == ("message", "letter")
    assert change.message.endswith("You can bring someone with you.\n\nTea is on us.")
    visit(page, "/o/riverside/people/messages/")  # the letters, on the staff to-do list
    letters = page.locator(".card").filter(has_text="Pat Jones")
    expect(letters).to_have_count(2)  # received (when entered), invited
    with navigates(page):
        letters.first.get_by_role("button", name=re.compile("^Mark as posted")).click()
    expect(page.get_by_role("status")).to_have_text("Marked as sent to Pat Jones.")
    expect(letters).to_have_count(1)
    visit(page, panel_path(panel, "applications/?status=invited"))
    expect(page.locator("tbody tr")).to_have_count(1)


def enter_and_fit(page: Page) -> None:
    """Press Enter to load the next page; it must fit the phone's width without scrolling."""
    press_and_load(page)
    assert has_no_sideways_scroll(page), f"{page.url} scrolls sideways"


def test_public_reads_the_role_and_applies_by_keyboard_only(new_page, published, dana):
    page = new_page(viewport={"width": 360, "height": 740})
    visit(page, PUBLIC)
    assert has_no_sideways_scroll(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Day Services Panel")
    expect(page.get_by_role("heading", name="About the panel")).to_be_visible()
    tab_to(page, text="Show the easy read version")
    enter_and_fit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Day Services Panel")
    expect(page.get_by_role("heading", name="What is this?")).to_be_visible()
    expect(page.get_by_role("heading", name="Who can help you?")).to_be_visible()
    tab_to(page, text="Show the standard version")
    enter_and_fit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Day Services Panel")
    tab_to(page, text="Apply to join")
    enter_and_fit(page)
    tab_to(page, tag="button", text="Start now")
    enter_and_fit(page)
    application = Application.objects.get()
    assert page.url.endswith(f"/apply/{application.token}/")

    # The form, saved as you go; then "Save and finish later".
    type_into(page, "Your name", "Sam Lee")
    tab_to(page, type="radio")
    assert focused(page)["label"] == "Email"
    page.keyboard.press("Space")
    type_into(page, "Email address", "sam@example.org")
    page.keyboard.press("Tab")  # leaving a changed field saves the draft (htmx)
    expect(page.get_by_role("status")).to_have_text(
        re.compile(r"^Your answers are saved \(\d\d:\d\d\)\.$")
    )
    type_into(page, "Why do you want to join the panel?", "Day centres matter to me.")
    tab_to(page, tag="button", text="Save and finish later")
    enter_and_fit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers are saved")
    expect(page.locator(".private-link")).to_contain_text(f"/apply/{application.token}/")
    application.refresh_from_db()
    assert (application.status, application.name, application.why_join) == (
        "draft",
        "Sam Lee",
        "Day centres matter to me.",
    )

    # Later, on the same phone: carry on, add a little, send.
    visit(page, f"{PUBLIC}apply/")
    tab_to(page, text="Carry on with your application")
    enter_and_fit(page)
    expect(page.get_by_label("Your name")).to_have_value("Sam Lee")
    expect(page.get_by_label("Email", exact=True)).to_be_checked()
    type_into(page, "What experience would you bring? (optional)", "I use a day centre.")
    tab_to(page, tag="button", text="Send my application")
    enter_and_fit(page)
    assert page.url.endswith(f"/apply/{application.token}/equality/")

    # Equality monitoring: optional, and the consent boxes start unticked.
    consent = page.get_by_label(re.compile("^I agree to you keeping my answers"))
    selection = page.get_by_label(re.compile("^I also agree to you using my answers"))
    expect(consent).not_to_be_checked()
    expect(selection).not_to_be_checked()
    tab_to(page, label="Female")  # the first answer of "What is your sex?"
    page.keyboard.press("Space")
    tab_to(page, label=re.compile("I agree to you keeping my answers.*"))
    page.keyboard.press("Space")
    tab_to(page, tag="button", text="Send my answers")
    enter_and_fit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you. We have your application."
    )
    application.refresh_from_db()
    assert (application.status, application.experience) == ("received", "I use a day centre.")
    record = EqualityRecord.objects.get()
    assert (record.application_id, record.answers) == (application.pk, {"sex": "female"})
    assert (record.consent_given_at is not None, record.selection_consent_at) == (True, None)

    # Staff see the application and move it on; an admin may open the equality answers.
    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, panel_path(published, "applications/"))
    with navigates(staff):
        staff.get_by_role("link", name="Sam Lee").click()
    expect(summary_value(staff, "Equality questions")).to_contain_text(
        "Answered (only counts are shown to staff)"
    )
    staff.get_by_label("Contacted").check()
    with navigates(staff):
        staff.get_by_role("button", name="Save the step").click()
    expect(staff.get_by_role("status")).to_have_text("The application is now: Contacted.")
    application.refresh_from_db()
    assert application.status == "contacted"
    visit(staff, panel_path(published, "targets/"))
    expect(staff.get_by_text("Fewer than 10 people who applied answered")).to_be_visible()

    admin = new_page()
    log_in(admin, "dana@example.org", totp_secret=totp_secret_of(dana))
    visit(admin, panel_path(published, f"applications/{application.pk}/"))
    with navigates(admin):
        admin.get_by_role("link", name="Open their answers (this is logged)").click()
    answers = admin.locator(".summary-list > div")
    expect(answers).to_have_count(9)  # every question; "—" where there is no answer
    expect(summary_value(admin, "What is your sex?")).to_have_text("Female")
    assert AuditEntry.objects.filter(action="panels.equality.viewed").count() == 1

    # The applicant takes their equality answers back with their private link.
    tab_to(page, text="Delete my equality answers")
    enter_and_fit(page)
    tab_to(page, tag="button", text="Delete my equality answers")
    enter_and_fit(page)
    expect(page.get_by_role("status")).to_have_text(
        "Your equality answers are deleted. We no longer have them. "
        "Your application is not affected."
    )
    assert not EqualityRecord.objects.exists()
