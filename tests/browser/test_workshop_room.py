"""The phone's room page in real Chromium: keyboard focus when the live part is swapped, and
controls that need JavaScript never showing without it, and a change that comes while the
phone fetches its live part.

Served by uvicorn (`live_asgi_server`), as the live part runs over a WebSocket.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import APIResponse, Page, Route, expect

from coproduce.workshops import domain
from coproduce.workshops.models import Activity, Workshop
from tests.browser.conftest import check, focused, in_a_thread, navigates, tab_to, visit
from tests.factories import ActivityFactory, IdeaFactory, WorkshopFactory

pytestmark = pytest.mark.live_room  # served by uvicorn, for the WebSocket

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True}
IDEAS = ("A ramp by the back door", "Raised flower beds", "More benches in the shade")


def voting_workshop(initiative, alice, *, mode: str = "dots") -> tuple[Workshop, Activity]:
    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas morning")
    activity = ActivityFactory(
        workshop=workshop,
        order=0,
        title="Which garden ideas matter most?",
        instruction="Put dots on the ideas you like.",
        mode=mode,
        dots_per_person=2,
        max_dots_per_idea=1,
        planned_minutes=10,
    )
    for text in IDEAS:
        IdeaFactory(activity=activity, text=text)
    in_a_thread(domain.start_activity, activity, actor=alice)
    return workshop, activity


def join(page: Page, workshop: Workshop) -> None:
    visit(page, "/join/")
    page.get_by_label("Join code").fill(workshop.display_code.lower())
    with navigates(page):
        page.get_by_role("button", name="Next").click()
    page.get_by_label("Lived experience: I draw on care and support").check()
    with navigates(page):
        page.get_by_role("button", name="Join").click()
    assert page.url.endswith(f"/w/{workshop.join_code}/room/")


def wait_until_live(page: Page) -> None:
    expect(page.locator("[data-live-room]")).to_have_class(re.compile(r"\bws-live\b"))


def focus_in_idea(page: Page) -> str | None:
    """The text of the idea whose controls hold focus, if any."""
    return page.evaluate(
        """() => {
          const item = document.activeElement.closest("[data-idea]");
          return item ? item.querySelector(".ws-idea-text").textContent.trim() : null;
        }"""
    )


def test_focus_stays_on_the_same_control_when_the_live_part_is_swapped(new_page, initiative, alice):
    workshop, activity = voting_workshop(initiative, alice)
    phone = new_page(**PHONE)
    join(phone, workshop)
    wait_until_live(phone)
    document = phone.evaluate("window.__coproduceDocument")

    # Someone else adds an idea while this person is on the second idea's "Take a dot off".
    tab_to(phone, tag="button", text="Take a dot off")
    tab_to(phone, tag="button", text="Take a dot off")
    assert focus_in_idea(phone) == IDEAS[1]
    in_a_thread(domain.add_idea, activity, text="A pond with a rail")
    expect(phone.locator("[data-idea]")).to_have_count(4)
    assert (focused(phone)["text"], focus_in_idea(phone)) == ("Take a dot off", IDEAS[1])
    assert focused(phone)["visible"]

    # They add one of their own, by keyboard: focus stays on "Add idea".
    tab_to(phone, label="Add your own idea (optional)")
    phone.keyboard.type("Shade over the seats")
    tab_to(phone, tag="button", text="Add idea")
    phone.keyboard.press("Enter")
    expect(phone.locator("[data-idea]")).to_have_count(5)
    assert focused(phone)["text"] == "Add idea"

    # They pass: focus moves to the button that replaced "Pass on this one".
    tab_to(phone, tag="button", text="Pass on this one")
    phone.keyboard.press("Enter")
    expect(phone.get_by_text("You passed on this one. That is fine.")).to_be_visible()
    assert focused(phone)["text"] == "Take part after all"

    # And take part after all: back on "Pass on this one".
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("button", name="Pass on this one")).to_be_visible()
    assert focused(phone)["text"] == "Pass on this one"
    assert focused(phone)["visible"]
    assert phone.evaluate("window.__coproduceDocument") == document  # no page loads
    check(phone)


def test_focus_goes_to_the_new_activity_title_when_its_control_is_gone(new_page, initiative, alice):
    workshop, _activity = voting_workshop(initiative, alice)
    ActivityFactory(workshop=workshop, order=1, kind="plain", title="Tea break", instruction="")
    phone = new_page(**PHONE)
    join(phone, workshop)
    wait_until_live(phone)
    tab_to(phone, tag="button", text="Add a dot")
    in_a_thread(domain.skip_activity, workshop, actor=alice)
    expect(phone.get_by_role("heading", name="Tea break")).to_be_visible()
    expect(phone.locator(":focus")).to_have_text("Tea break")
    check(phone)


def test_a_change_that_comes_while_the_phone_fetches_is_fetched_again(new_page, initiative, alice):
    """The phone asks for its live part; before the (older) answer arrives, the facilitator
    moves on. The phone must ask again, not stay on the old activity until the next change."""
    workshop, activity = voting_workshop(initiative, alice)
    ActivityFactory(workshop=workshop, order=1, kind="plain", title="Tea break", instruction="")
    phone = new_page(**PHONE)
    join(phone, workshop)
    wait_until_live(phone)
    held: list[tuple[Route, APIResponse]] = []

    def hold_the_first_answer(route: Route) -> None:
        if route.request.headers.get("x-fragment") != "live" or held:
            route.continue_()
            return
        held.append((route, route.fetch()))  # the room as it was when asked

    phone.route(f"**/w/{workshop.join_code}/room/", hold_the_first_answer)
    in_a_thread(domain.add_idea, activity, text="A pond with a rail")
    while not held:
        phone.wait_for_timeout(50)
    in_a_thread(domain.skip_activity, workshop, actor=alice)
    expect(phone.locator("[data-announce]")).to_contain_text("Tea break", timeout=10_000)
    route, answer = held[0]
    route.fulfill(response=answer)
    expect(phone.get_by_role("heading", name="Tea break")).to_be_visible()


def test_rating_mode_hides_the_save_buttons_javascript_made_unnecessary(
    new_page, initiative, alice
):
    workshop, _activity = voting_workshop(initiative, alice, mode="rating")
    phone = new_page(**PHONE)
    join(phone, workshop)
    wait_until_live(phone)
    expect(phone.locator("[data-idea]")).to_have_count(3)
    for button in phone.get_by_role("button", name="Save my answer", include_hidden=True).all():
        expect(button).to_be_hidden()
    expect(phone.get_by_role("button", name="Read this out loud")).to_be_visible()
    expect(phone.get_by_role("button", name="Sound at the end")).to_be_visible()
    check(phone)


def test_without_javascript_the_room_shows_no_controls_that_need_it(new_page, initiative, alice):
    workshop, _activity = voting_workshop(initiative, alice, mode="rating")
    phone = new_page(**PHONE)
    # None of our scripts arrive (as on a phone with JavaScript off, or a failed download);
    # the test harness's own scripts still run, so axe checks the page.
    phone.route(
        re.compile(r".*/static/.*\.js$"),
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
    )
    join(phone, workshop)
    assert phone.evaluate("typeof window.htmx") == "undefined"
    expect(phone.locator("[data-idea]")).to_have_count(3)
    expect(phone.get_by_role("button", name="Save my answer")).to_have_count(3)
    for hidden in ("Read this out loud", "Sound at the end"):
        expect(phone.get_by_role("button", name=hidden, include_hidden=True)).to_be_hidden()
    # Every button left on show sends a plain form: none waits for a script.
    visible = phone.locator("button:visible")
    assert visible.count() == 6  # 3 x "Save my answer", "Add idea", "Pass", "Leave quietly"
    assert phone.evaluate(
        """() => [...document.querySelectorAll("button")]
              .filter((b) => b.checkVisibility())
              .every((b) => b.type === "submit" && b.form !== null)"""
    )
    # And the plain form works: a rating is saved by a page load.
    phone.get_by_role("radio", name="Agree", exact=True).first.check()
    with navigates(phone):
        phone.get_by_role("button", name="Save my answer").first.click()
    expect(phone.get_by_role("radio", name="Agree", exact=True).first).to_be_checked()
