"""Support pages in a real browser, beyond test_support.py: a member checks in by keyboard;
the contact updates a concern and the person sees the shared note on their private link;
staff keep the list of other services, training and credits; an admin sets the reply target
and the safeguarding leads. Axe checks every page.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from coproduce.wellbeing import domain as wellbeing
from coproduce.wellbeing.models import (
    CheckIn,
    Concern,
    Credit,
    SafeguardingLead,
    SignpostService,
    TrainingRecord,
)
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
from tests.factories import (
    SignpostServiceFactory,
    day_services_panel,
)

NARROW = {"viewport": {"width": 320, "height": 640}, "has_touch": True}
WELLBEING = "/o/riverside/wellbeing/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def panel(org, alice, bob, dana):
    """Day Services Panel: alice is the named contact, dana the deputy, bob a member."""
    panel = day_services_panel(org, alice, dana, bob)
    return panel


def test_member_checks_in_by_keyboard_and_the_contact_answers_a_concern(
    new_page, alice, bob, panel
):
    concern, token = wellbeing.raise_concern(
        panel, kind="support", text="I would like help with the long papers.",
        person=bob.people.get(), how_to_reply="Phone after 4pm",
    )  # fmt: skip
    member = new_page(**NARROW)
    log_in(member, "bob@example.org")
    visit(member, f"/o/riverside/panels/{panel.pk}/check-in/")
    assert has_no_sideways_scroll(member)
    tab_to(member, type="radio")
    assert focused(member)["label"] == "Before the meeting"
    member.keyboard.press("Space")
    tab_to(member, type="radio", label="1: Not good at all")  # the feeling scale
    for _ in range(3):
        member.keyboard.press("ArrowDown")  # arrows choose as they move: 2, 3, then 4
    assert focused(member)["label"] == "4: Good"
    type_into(member, "Anything you want to add? (optional)", "A bit nervous about the bus.")
    tab_to(member, label="I would like someone to get in touch with me")
    member.keyboard.press("Space")
    tab_to(member, tag="button", text="Save my check-in")
    press_and_load(member)
    expect(member.get_by_role("status")).to_have_text(
        "Thank you. Your check-in is saved. Your contact will get in touch."
    )
    check_in = CheckIn.objects.get()
    assert (check_in.moment, check_in.feeling, check_in.note, check_in.wants_contact) == (
        "before",
        4,
        "A bit nervous about the bus.",
        True,
    )

    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, f"/o/riverside/panels/{panel.pk}/check-ins/")
    expect(staff.locator("main")).to_contain_text("A bit nervous about the bus.")
    visit(staff, f"{WELLBEING}concerns/{concern.pk}/")
    staff.get_by_label("Being dealt with").check()
    staff.get_by_label("Show this note to the person who raised it").check()
    with navigates(staff):  # a note to show, but no note: a clear message, the choice kept
        staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".error-summary")).to_contain_text(
        "Write the note you want the person to see."
    )
    expect(staff.get_by_label("Being dealt with")).to_be_checked()
    staff.get_by_label(re.compile(r"^Add a note")).fill("I will bring large print papers.")
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_have_text("Saved.")
    concern.refresh_from_db()
    assert concern.status == Concern.Status.IN_PROGRESS

    visit(member, f"/support/{token}/")
    expect(member.locator("main")).to_contain_text("I will bring large print papers.")
    expect(member.locator("main")).not_to_contain_text("long papers")  # never the words sent
    visit(member, WELLBEING)
    expect(member.locator("main")).to_contain_text("Being dealt with")
    assert has_no_sideways_scroll(member)


def test_staff_keep_services_training_and_credits(new_page, org, alice, bob, panel):
    SignpostServiceFactory(organisation=org, name="Riverside Mind")
    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, f"{WELLBEING}services/")
    with navigates(staff):
        staff.get_by_role("link", name="Add a service").click()
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".error-summary")).to_be_visible()
    staff.get_by_label("Name of the service").fill("Carers Line")
    staff.get_by_label("What they help with").fill("Someone to talk to if you look after someone.")
    staff.get_by_label(re.compile(r"^Phone number")).fill("0800 123 4567")
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".card").filter(has_text="Carers Line")).to_contain_text("0800 123 4567")
    with navigates(staff):
        staff.get_by_role("link", name="Change Riverside Mind").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Change a service")
    staff.get_by_label(re.compile(r"^When they are open")).fill("Weekdays, 9am to 5pm")
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    assert SignpostService.objects.get(name="Riverside Mind").opening_hours == (
        "Weekdays, 9am to 5pm"
    )

    visit(staff, f"{WELLBEING}training/")
    with navigates(staff):
        staff.get_by_role("link", name="Add training").click()
    staff.get_by_label("Name of the training").fill("How the council decides")
    staff.get_by_label("For the members of").select_option(label="Day Services Panel")
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_have_text("The training is saved.")
    with navigates(staff):
        staff.get_by_role(
            "link", name=re.compile(r"^Record who is doing it\W+How the council decides$")
        ).click()
    staff.get_by_label("Who", exact=True).select_option(label="Bob Hughes")
    staff.get_by_label("Done").check()
    with navigates(staff):  # done, with no date: a clear message
        staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".error-summary")).to_contain_text("Enter the date they finished.")
    staff.get_by_label(re.compile(r"^Date they finished")).fill("2026-05-05")
    staff.get_by_label(re.compile(r"^Certificate")).set_input_files(
        files=[{"name": "certificate.png", "mimeType": "image/png", "buffer": PNG}]
    )
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_have_text("Saved.")
    record = TrainingRecord.objects.get()
    assert (record.status, record.completed_on, bool(record.certificate)) == (
        "done",
        datetime.date(2026, 5, 5),
        True,
    )

    with navigates(staff):
        staff.get_by_role("link", name="Name someone in an output").click()
    staff.get_by_label("Who", exact=True).select_option(label="Bob Hughes")
    staff.get_by_label(re.compile(r"^What are they credited in")).fill("The day services leaflet")
    staff.get_by_label(re.compile(r"^The name printed")).fill("Bob H.")
    staff.get_by_label(re.compile(r"^Date they agreed to be named")).fill("2026-05-01")
    with navigates(staff):  # no tick for their agreement: refused
        staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".error-summary")).to_contain_text("Only name people who agreed to it.")
    staff.get_by_label("They agreed to be named in it").check()
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_have_text("The credit is saved.")
    assert Credit.objects.get().credited_as == "Bob H."

    member = new_page(**NARROW)
    log_in(member, "bob@example.org")
    visit(member, WELLBEING)
    expect(member.get_by_role("region", name="Training")).to_contain_text("How the council decides")
    expect(member.locator("main")).to_contain_text("The day services leaflet")


def test_admin_sets_the_reply_target_and_the_safeguarding_leads(new_page, alice, dana, panel):
    admin = new_page()
    log_in(admin, "dana@example.org", totp_secret=totp_secret_of(dana))
    visit(admin, f"{WELLBEING}settings/")
    days = admin.get_by_label("Reply to a new concern within this many working days")
    days.fill("20")
    with navigates(admin):
        admin.get_by_role("region", name="How fast contacts reply").get_by_role(
            "button", name="Save"
        ).click()
    expect(admin.locator(".error-summary")).to_be_visible()
    expect(days).to_have_value("20")
    days.fill("3")
    with navigates(admin):
        admin.get_by_role("region", name="How fast contacts reply").get_by_role(
            "button", name="Save"
        ).click()
    expect(admin.get_by_role("status")).to_have_text("Saved.")
    expect(days).to_have_value("3")

    admin.get_by_label("Who should be a safeguarding lead?").select_option(
        label="Alice Okafor (alice@example.org)"
    )
    with navigates(admin):
        admin.get_by_role("button", name="Add them").click()
    expect(admin.get_by_role("status")).to_have_text("Saved. They can now read every concern.")
    lead = SafeguardingLead.objects.get()
    assert lead.user == alice
    with navigates(admin):
        admin.get_by_role("button", name="Remove alice@example.org").click()
    expect(admin.get_by_role("status")).to_have_text(
        "Removed. They can no longer read every concern."
    )
    assert not SafeguardingLead.objects.exists()
