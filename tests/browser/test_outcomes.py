"""You said, we did in a real browser: staff add what a panel said by keyboard alone, then
record the decision, the change, the difference and who they told; they put the page on the
web; the public and the member who said it read the story. Axe checks every page.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coproduce.outcomes.models import Change, Contribution, FeedbackSent, Outcome, Response
from coproduce.panels.domain import meetings
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

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
IDEA = "Put the bus times on the wall by the door."


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def panel(org, alice, bob, dana):
    """Day Services Panel: alice is the named contact, bob a member; a meeting on 5 May."""
    panel = day_services_panel(org, alice, dana, bob)
    meetings.create_meeting(
        panel, actor=alice, title="Transport meeting", format="in_person",
        starts_at=datetime.datetime(2026, 5, 5, 13, 0, tzinfo=datetime.UTC),  # 2pm in London
    )  # fmt: skip
    return panel


def type_date(page: Page, label: str | re.Pattern, day: datetime.date) -> None:
    """Type a date into a date box, digit by digit, as a keyboard user does.

    Chromium lays out a date box by its own locale, not the page's (month first here, day
    first with LANG=en_GB), so the dates typed have the same day and month: the same keys in
    either order.
    """
    assert day.day == day.month, "use a date that types the same whichever comes first"
    tab_to(page, label=label)
    page.keyboard.type(day.strftime("%d%m%Y"))


def test_staff_follow_a_panel_idea_from_said_to_told_and_publish_it(new_page, alice, bob, panel):
    said_on = datetime.date(2026, 5, 5)
    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, f"/o/riverside/panels/{panel.pk}/you-said-we-did/")
    expect(staff.locator("main")).to_contain_text("Nothing here yet.")

    # What the panel said, by keyboard alone.
    tab_to(staff, tag="a", text="Add what people said")
    press_and_load(staff)
    tab_to(staff, label="Where did it come from?")
    assert focused(staff)["value"] == "panel_recommendation"
    type_into(staff, "What did they say?", IDEA)
    type_date(staff, "When did they say it?", said_on)
    tab_to(staff, label=re.compile(r"At which meeting\?.*"))
    staff.keyboard.press("ArrowDown")  # from "Not at a meeting" to the meeting
    assert focused(staff)["value"] != ""
    tab_to(staff, label="Bob Hughes")
    staff.keyboard.press("Space")
    tab_to(staff, tag="button", text="Save")
    press_and_load(staff)
    expect(staff.locator(".error-summary")).to_contain_text(
        "Enter when they agreed to be named, or untick them."
    )
    tab_to(staff, label="What did they say?")
    assert focused(staff)["value"] == IDEA  # nothing typed is lost
    type_date(staff, re.compile(r"When did they agree to be named\?.*"), said_on)
    tab_to(staff, tag="button", text="Save")
    press_and_load(staff)
    expect(staff.get_by_role("status")).to_have_text(
        "Saved. Now record what was decided, when it is decided."
    )
    contribution = Contribution.objects.get()
    assert (contribution.panel, contribution.text, contribution.said_on) == (panel, IDEA, said_on)
    assert contribution.meeting.title == "Transport meeting"
    assert [c.person.name for c in contribution.credits.all()] == ["Bob Hughes"]

    # The decision: a review date needs someone to remind.
    with navigates(staff):
        staff.get_by_role("link", name="Record what was decided").click()
    staff.get_by_label("Adapted").check()
    staff.get_by_label(re.compile(r"^Why\? In plain words")).fill(
        "We will put them on a screen, not on paper."
    )
    staff.get_by_label("Who decided?").fill("The day centre manager")
    staff.get_by_label("When was it decided?").fill(timezone.localdate().isoformat())
    staff.get_by_label(re.compile(r"^When should someone look at it again\?")).fill(
        (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    )
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".error-summary")).to_contain_text(
        "Choose who gets the reminder on the review date."
    )
    expect(staff.get_by_label("Who decided?")).to_have_value("The day centre manager")
    staff.get_by_label(re.compile(r"^Who looks after it\?")).select_option(label="Alice Okafor")
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_have_text("Saved.")
    response = Response.objects.get()
    assert (response.decision, response.owner.name) == ("adapted", "Alice Okafor")

    with navigates(staff):
        staff.get_by_role("link", name="Record a change").click()
    staff.get_by_label("What changed?").fill("A screen by the door shows the next buses.")
    staff.get_by_label("When did it change?").fill(timezone.localdate().isoformat())
    staff.get_by_label(re.compile(r"^Or add a file")).set_input_files(
        files=[{"name": "screen.png", "mimeType": "image/png", "buffer": PNG}]
    )
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_have_text("Saved.")
    assert Change.objects.get().evidence_file

    with navigates(staff):
        staff.get_by_role("link", name="Record the difference it made").click()
    staff.get_by_label("A benefit to people").check()
    staff.get_by_label("What difference did it make?").fill("Fewer people miss their bus.")
    staff.get_by_label("Date", exact=True).fill(timezone.localdate().isoformat())
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    assert Outcome.objects.get().kind == "benefit"

    with navigates(staff):
        staff.get_by_role("link", name="Record who you told").click()
    staff.get_by_label("Who did you tell?").fill("The Day Services Panel")
    staff.get_by_label("When?").fill(timezone.localdate().isoformat())
    staff.get_by_label("Easy read").check()
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    assert FeedbackSent.objects.get().format == "easy_read"
    expect(staff.get_by_role("main")).to_contain_text("The Day Services Panel")

    # On the web: the public read the story without who was told or the evidence file.
    visit(staff, f"/o/riverside/panels/{panel.pk}/you-said-we-did/")
    with navigates(staff):
        staff.get_by_role("button", name="Put it on the web").click()
    expect(staff.get_by_role("status")).to_have_text(
        "The page is on the web. Anyone with the address can read it."
    )
    public_path = staff.locator(".public-link a").get_attribute("href")
    assert public_path is not None
    assert re.fullmatch(r"/you-said-we-did/[\w-]+/", public_path)
    public = new_page(viewport={"width": 320, "height": 640})
    visit(public, public_path)
    assert has_no_sideways_scroll(public)
    expect(public.locator("main")).to_contain_text(IDEA)
    expect(public.locator("main")).to_contain_text("A screen by the door shows the next buses.")
    expect(public.locator("main")).not_to_contain_text("We told:")
    expect(public.get_by_role("link", name=re.compile("evidence file"))).to_have_count(0)
    # The shared print module (static/js/print.js) shows its button.
    expect(public.get_by_role("button", name="Print this page")).to_be_visible()
    with navigates(public):
        public.get_by_role("link", name="Show the easy read version").click()
    expect(public.get_by_role("heading", level=1)).to_contain_text("What you said and what we did")

    member = new_page()
    log_in(member, "bob@example.org")
    visit(member, "/o/riverside/you-said-we-did/mine/")
    expect(member.locator("main")).to_contain_text(IDEA)
    expect(member.locator("main")).to_contain_text("We will put them on a screen, not on paper.")

    with navigates(staff):
        staff.get_by_role("button", name="Take it off the web").click()
    expect(staff.get_by_role("status")).to_have_text(
        "The page is off the web. Only people who log in can read it."
    )
