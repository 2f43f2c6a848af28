"""Each person's home in a real browser, with axe on every page: a member on a small phone by
keyboard only, the phone menu opening and closing by keyboard, and the staff to-do list on a
projector-sized screen.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.panels.models import DateOption
from coproduce.wellbeing import domain as wellbeing
from tests.browser.conftest import (
    focused,
    has_no_sideways_scroll,
    log_in,
    press_and_load,
    tab_to,
    visit,
)
from tests.factories import ClaimFactory, MeetingFactory, day_services_panel

PHONE = {"viewport": {"width": 320, "height": 568}, "has_touch": True}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}
HOME = "/o/riverside/"


@pytest.fixture
def panel(org, alice, bob, dana):
    """Day Services Panel: alice is the named contact, dana the deputy, bob a member, with a
    meeting to come and a date poll waiting for bob."""
    panel = day_services_panel(org, alice, dana, bob)
    MeetingFactory(panel=panel, title="Getting to day services")
    poll = MeetingFactory(panel=panel, title="Summer meeting", starts_at=None)
    DateOption.objects.create(
        organisation=org, meeting=poll, starts_at=timezone.now() + datetime.timedelta(days=40)
    )
    return panel


def test_phone_menu_opens_and_closes_by_keyboard(new_page, bob, panel):
    member = new_page(**PHONE)
    log_in(member, "bob@example.org")
    button = member.get_by_role("button", name="Menu")
    menu = member.locator("#site-menu")

    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    tab_to(member, tag="button", text="Menu")
    member.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    tab_to(member, tag="a", text="Home")  # the next stop after the button is the menu
    assert focused(member)["visible"]
    member.keyboard.press("Escape")  # closes, and focus goes back to the button
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    assert focused(member)["text"] == "Menu"
    member.keyboard.press("Space")  # a button opens with Space too
    expect(menu).to_be_visible()
    member.keyboard.press("Space")
    expect(menu).to_be_hidden()
    # Following a link from the open menu
    member.keyboard.press("Enter")
    tab_to(member, tag="a", text="My claims")
    press_and_load(member)
    assert member.url.endswith("/o/riverside/payments/")


def test_member_home_on_a_phone_by_keyboard_only(new_page, bob, panel):
    member = new_page(**PHONE)
    ClaimFactory(person=bob.people.get(), status="queried", query_message="Which bus was it?")
    log_in(member, "bob@example.org")

    assert member.url.endswith(HOME)
    assert has_no_sideways_scroll(member)
    expect(member.get_by_role("heading", level=1)).to_have_text("Hello, Bob Hughes")
    # The menu is folded away: the first screen shows what waits for him.
    expect(member.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(member.get_by_role("heading", name="Waiting for you")).to_be_in_viewport()
    expect(member.get_by_text("We have a question about your claim")).to_be_visible()
    expect(member.get_by_text("Getting to day services", exact=True)).to_be_visible()
    expect(member.get_by_role("link", name=re.compile("^Add to your calendar"))).to_have_attribute(
        "href", re.compile(r"/meeting\.ics$")
    )

    tab_to(member, tag="a", text="Tell us which dates you can come to Summer meeting")
    press_and_load(member)
    assert "/dates/" in member.url
    assert has_no_sideways_scroll(member)


def test_staff_to_do_list_on_a_big_screen(new_page, alice, bob, panel):
    concern, _token = wellbeing.raise_concern(
        panel, kind="concern", text="Someone was unkind to me", person=bob.people.get()
    )
    staff = new_page(**PROJECTOR)
    log_in(staff, "alice@example.org")

    expect(staff.get_by_role("button", name="Menu")).to_be_hidden()  # wide: no menu button
    expect(staff.get_by_role("navigation", name="Main")).to_be_visible()
    to_do = staff.locator(".todo-list > li")
    expect(to_do.first).to_contain_text("A concern needs a reply by")
    expect(to_do.first).to_contain_text("We aim to reply within 2 working days.")
    expect(staff.get_by_text("Someone was unkind to me")).to_have_count(0)
    expect(staff.get_by_text("Choose the date: Summer meeting")).to_be_visible()
    assert has_no_sideways_scroll(staff)

    tab_to(staff, tag="a", text=re.compile(r"A concern needs a reply by .*"))
    press_and_load(staff)
    assert staff.url.endswith(f"/wellbeing/concerns/{concern.pk}/")
    visit(staff, HOME)
    staff.get_by_role("link", name="Check-ins").first.focus()
    press_and_load(staff)
    assert staff.url.endswith(f"/panels/{panel.pk}/check-ins/")
