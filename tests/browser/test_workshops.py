"""A live workshop in real Chromium: the facilitator's console and room screen, and phones.

One browser, several contexts (each its own cookies): the facilitator on a laptop, the room
screen on the projector, and three participants on phone-sized screens. The pages are served
by uvicorn (`live_asgi_server`), because the live parts run over WebSockets. Axe checks every
page, and again after the live parts change.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from coproduce.workshops.models import AccessNeed, Activity, Dot, Participant, Workshop
from tests.browser.conftest import (
    check,
    focused,
    has_no_sideways_scroll,
    in_a_thread,
    in_place,
    log_in,
    navigates,
    press_and_load,
    tab_to,
    type_into,
    visit,
)
from tests.factories import ActivityFactory, IdeaFactory, WorkshopFactory

pytestmark = pytest.mark.live_room  # served by uvicorn, for the WebSocket

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True}
IDEAS = ("A ramp by the back door", "Raised flower beds", "More benches in the shade")


def staff_path(workshop: Workshop, tail: str = "") -> str:
    return f"/o/riverside/initiatives/{workshop.initiative_id}/workshops/{workshop.pk}/{tail}"


def document(page: Page) -> str:
    """The id the harness gives each loaded document: it changes only when the page reloads."""
    return page.evaluate("window.__coproduceDocument")


def wait_until_live(page: Page) -> None:
    expect(page.locator("[data-live-room]")).to_have_class(re.compile(r"\bws-live\b"))


def idea_item(page: Page, text: str):
    return page.locator("[data-idea]").filter(has_text=text)


def expect_results(page: Page, rows: list[str]) -> None:
    """The results table, row by row: place, idea, dots, from lived, from learnt experience."""
    expect(page.locator("table.ws-results tbody tr")).to_have_text(rows, use_inner_text=True)


def expect_screen_results(page: Page, rows: list[str]) -> None:
    """The room screen's chart, row by row, from the same rows as `expect_results`."""
    shown = []
    for row in rows:
        start, total, lived, learnt = row.rsplit(" ", 3)
        shown.append(f"{start} {total} (lived {lived}, learnt {learnt})")
    expect(page.locator("table.ws-chart tbody tr")).to_have_text(shown, use_inner_text=True)


def tab_to_dot_button(page: Page, idea: str, *, backwards: bool = False) -> None:
    """Keyboard only: Tab (or Shift+Tab) to the "Add a dot" button of one idea."""
    for _ in range(40):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate(
            """(idea) => {
              const el = document.activeElement, item = el.closest("[data-idea]");
              return el.textContent.trim() === "Add a dot" && item !== null
                && item.querySelector(".ws-idea-text").textContent.trim() === idea;
            }""",
            idea,
        ):
            assert focused(page)["visible"]
            return
    pytest.fail(f"Could not Tab to the dot button for {idea!r}")


def test_facilitator_plans_a_dotmocracy(page: Page, initiative):
    log_in(page, "alice@example.org")
    visit(page, f"/o/riverside/initiatives/{initiative.pk}/")
    with navigates(page):
        page.get_by_role("link", name="Plan a workshop").click()
    page.get_by_label("Title").fill("Garden ideas morning")
    page.get_by_label("Date and time it starts").fill("2026-11-04T10:00")
    page.get_by_label("In person and online").check()
    page.get_by_label("Address or room").fill("Willow Court lounge")
    with navigates(page):
        page.get_by_role("button", name="Save").click()
    workshop = Workshop.objects.get()
    assert page.url.endswith(staff_path(workshop))

    with navigates(page):
        page.get_by_role("link", name="Add an activity").click()
    page.get_by_label("Dotmocracy: choose the most important ideas").check()
    with navigates(page):
        page.get_by_role("button", name="Continue").click()
    page.get_by_label("Title").fill("Which garden ideas matter most?")
    page.get_by_label("What to do (optional)", exact=True).fill("Put dots on the ideas you like.")
    page.get_by_label("Dots for each person").fill("2")
    page.get_by_label("Most dots one person can put on one idea").fill("1")
    with navigates(page):
        page.get_by_role("button", name="Save").click()
    activity = Activity.objects.get()
    assert page.url.endswith(staff_path(workshop, f"activities/{activity.pk}/"))
    for text in IDEAS:
        page.get_by_label("Idea", exact=True).fill(text)
        with navigates(page):
            page.get_by_role("button", name="Add idea").click()
        expect(page.get_by_role("status")).to_have_text("Idea added.")
    expect(page.get_by_text("Each person gets 2 dots.")).to_be_visible()

    visit(page, staff_path(workshop))
    expect(page.locator(".ws-agenda")).to_contain_text("Which garden ideas matter most?")
    with navigates(page):
        page.get_by_role("link", name="Change details").click()
    expect(page.get_by_label("Title")).to_have_value("Garden ideas morning")
    assert list(activity.ideas.order_by("id").values_list("text", flat=True)) == list(IDEAS)
    assert (activity.kind, activity.dots_per_person, activity.max_dots_per_idea) == (
        "dotmocracy",
        2,
        1,
    )


@pytest.fixture
def garden_workshop(initiative) -> Workshop:
    """A welcome, then a Dotmocracy on three ideas: two dots each, at most one on an idea."""
    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas morning")
    ActivityFactory(workshop=workshop, order=0, kind="plain", title="Welcome", instruction="")
    dots = ActivityFactory(
        workshop=workshop,
        order=1,
        title="Which garden ideas matter most?",
        dots_per_person=2,
        max_dots_per_idea=1,
    )
    for text in IDEAS:
        IdeaFactory(activity=dots, text=text)
    return workshop


def join_by_code(page: Page, workshop: Workshop) -> None:
    visit(page, "/join/")
    page.get_by_label("Join code").fill(workshop.display_code.lower())
    with navigates(page):
        page.get_by_role("button", name="Next").click()
    assert page.url.endswith(f"/w/{workshop.join_code}/")


def join_by_keyboard_with_access_needs(page: Page, workshop: Workshop) -> None:
    """Keyboard only: Tab, typing, arrows, Space and Enter."""
    visit(page, "/join/")
    type_into(page, "Join code", workshop.display_code)
    press_and_load(page)  # Enter in the field sends the form
    type_into(page, "Your name (optional)", "Sam")
    tab_to(page, type="radio")
    assert focused(page)["label"] == "Lived experience: I draw on care and support"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert focused(page)["label"] == "Learnt experience: I am here because of my job"
    tab_to(page, label="Larger text")
    page.keyboard.press("Space")
    tab_to(page, label="Someone to help with reading")
    page.keyboard.press("Space")
    type_into(page, "Anything else we should know? (optional)", "I lip-read. Please face me.")
    tab_to(page, label=re.compile("The people running this workshop may see what I need.*"))
    page.keyboard.press("Space")
    tab_to(page, tag="button", text="Join")
    press_and_load(page)


def test_live_dotmocracy_with_phones_proxy_and_room_screen(
    new_page, garden_workshop: Workshop, alice
):
    workshop = garden_workshop
    console = new_page()
    log_in(console, "alice@example.org")
    visit(console, staff_path(workshop, "console/"))
    screen = new_page(viewport={"width": 1280, "height": 720})
    log_in(screen, "alice@example.org")
    visit(screen, staff_path(workshop, "screen/"))
    expect(screen.locator(".ws-code")).to_have_text(workshop.display_code)
    for page in (console, screen):
        wait_until_live(page)

    # Three phones join by code: one anonymous, one named, one with access needs (by keyboard).
    anonymous, june, sam = (new_page(**PHONE) for _ in range(3))
    join_by_code(anonymous, workshop)
    anonymous.get_by_label("Lived experience: I draw on care and support").check()
    with navigates(anonymous):
        anonymous.get_by_role("button", name="Join").click()
    join_by_code(june, workshop)
    june.get_by_label("Your name").fill("June")
    june.get_by_label("Lived experience: I am a carer").check()
    with navigates(june):
        june.get_by_role("button", name="Join").click()
    join_by_keyboard_with_access_needs(sam, workshop)
    phones = (anonymous, june, sam)
    for phone in phones:
        assert phone.url.endswith(f"/w/{workshop.join_code}/room/")
        assert has_no_sideways_scroll(phone)
        expect(phone.locator("[data-live] .lead")).to_contain_text("You are in.")
        wait_until_live(phone)
    assert sorted(Participant.objects.values_list("display_name", "capacity")) == [
        ("", "lived_care"),
        ("June", "lived_carer"),
        ("Sam", "learnt"),
    ]
    need = AccessNeed.objects.get()
    assert (need.participant.display_name, need.needs, need.other, need.consent) == (
        "Sam",
        ["larger_text", "reading_support"],
        "I lip-read. Please face me.",
        True,
    )
    # The console and the screen count people live, without reloading.
    screen_document, console_document = document(screen), document(console)
    expect(screen.locator(".ws-join [data-people]")).to_have_text("3")
    expect(console.locator("[data-balance]")).to_contain_text(
        "Lived experience: 2. Learnt experience: 1."
    )

    # The facilitator starts the Dotmocracy; every phone shows the ideas without reloading.
    phone_documents = [document(phone) for phone in phones]
    with in_place(console):
        console.get_by_role("button", name=re.compile(r"^Start\s*: Which garden")).click()
    wait_until_live(console)
    for phone in phones:
        expect(phone.get_by_role("heading", name="Which garden ideas matter most?")).to_be_visible()
        expect(phone.locator("[data-idea]")).to_have_count(3)
        expect(phone.locator("[data-dots-left]")).to_have_text("2")
        assert has_no_sideways_scroll(phone)
        check(phone)
    expect(screen.locator(".ws-main .ws-idea-list li")).to_have_text(list(IDEAS))
    check(screen)

    # Dots from the phones: each phone's own count changes as soon as the server has it.
    for phone, ideas in ((anonymous, IDEAS[:2]), (june, IDEAS[:1])):
        for number, text in enumerate(ideas, start=1):
            idea_item(phone, text).get_by_role("button", name="Add a dot").click()
            expect(phone.locator("[data-dots-left]")).to_have_text(str(2 - number))
            expect(idea_item(phone, text).locator("[data-mine]")).to_have_text("1")
    expect(screen.locator("[data-voters]")).to_have_text("2")

    # Sam votes by keyboard only: the buttons send over the socket, so no page loads.
    for text, left in ((IDEAS[0], "1"), (IDEAS[2], "0")):
        tab_to_dot_button(sam, text)
        sam.keyboard.press("Enter")
        expect(sam.locator("[data-dots-left]")).to_have_text(left)
    tab_to_dot_button(sam, IDEAS[1], backwards=True)
    sam.keyboard.press("Enter")
    expect(sam.locator("[data-error]")).to_have_text("You have used all your dots.")
    expect(screen.locator("[data-voters]")).to_have_text("3")

    # A dot by proxy, for someone taking part on paper.
    helper = new_page()
    log_in(helper, "alice@example.org")
    visit(helper, staff_path(workshop, "proxy/"))
    helper.get_by_label("Their name").fill("Ron")
    helper.get_by_label("Lived experience: I draw on care and support").check()
    with navigates(helper):
        helper.get_by_role("button", name="Add them").click()
    expect(helper.get_by_role("status")).to_have_text("Added. You can now enter things for them.")
    helper.get_by_label("Who is it for?").select_option(label="Ron (on paper)")
    helper.get_by_label("A dot on an idea").check()
    helper.get_by_label("Which idea?").select_option(label=IDEAS[1])
    with navigates(helper):
        helper.get_by_role("button", name="Save for them").click()
    expect(helper.get_by_role("status")).to_have_text(
        "Saved. It shows in the record as entered for them."
    )
    proxy_dot = Dot.objects.get(participant__display_name="Ron")
    assert (proxy_dot.idea.text, proxy_dot.entered_by) == (IDEAS[1], alice)
    expect(screen.locator("[data-voters]")).to_have_text("4")
    expect(screen.locator(".ws-join [data-people]")).to_have_text("4")  # Ron is in the room too
    # The console's private counts follow too (hidden from the room until voting closes).
    expected = [
        f"1st {IDEAS[0]} 3 2 1",
        f"2nd {IDEAS[1]} 2 2 0",
        f"3rd {IDEAS[2]} 1 0 1",
    ]
    expect_results(console, expected)
    check(console)

    # Voting closes: the tallies appear on every phone and on the screen, live.
    with in_place(console):
        console.get_by_role("button", name="Close voting and show results").click()
    for page in phones:
        expect_results(page, expected)
        check(page)
        assert has_no_sideways_scroll(page)
    expect_screen_results(screen, expected)
    check(screen)
    assert [document(phone) for phone in phones] == phone_documents
    assert document(screen) == screen_document
    assert document(console) == console_document  # its buttons answer in place

    # The access needs page is private to staff, and June leaves quietly.
    visit(helper, staff_path(workshop, "access-needs/"))
    expect(helper.locator("tbody tr")).to_have_text(
        "Sam Larger text, Someone to help with reading I lip-read. Please face me. "
        "Mark as arranged : Sam",
        use_inner_text=True,
    )
    with navigates(june):
        june.get_by_role("button", name="Leave quietly").click()
    expect(june.get_by_role("heading", level=1)).to_have_text("You have left the workshop")
    expect(screen.locator(".ws-join [data-people]")).to_have_text("3")


def test_visible_tallies_are_redrawn_in_place_on_the_screen_and_phones(
    new_page, garden_workshop: Workshop, alice
):
    """With tallies shown while voting, each dot reorders the results table live: no page
    loads and no fetches, so a room of hundreds does not ask the server again for every vote."""
    from coproduce.workshops import domain

    workshop = garden_workshop
    activity = Activity.objects.get(workshop=workshop, kind=Activity.Kind.DOTMOCRACY)
    activity.hide_tallies = False
    activity.save()
    in_a_thread(domain.start_activity, activity, actor=alice)
    screen = new_page(viewport={"width": 1280, "height": 720})
    log_in(screen, "alice@example.org")
    visit(screen, staff_path(workshop, "screen/"))
    wait_until_live(screen)
    phone = new_page(**PHONE)
    join_by_code(phone, workshop)
    phone.get_by_label("Lived experience: I draw on care and support").check()
    with navigates(phone):
        phone.get_by_role("button", name="Join").click()
    wait_until_live(phone)
    screen_document, phone_document = document(screen), document(phone)
    fetches = screen.evaluate("performance.getEntriesByType('resource').length")

    idea_item(phone, IDEAS[2]).get_by_role("button", name="Add a dot").click()
    expect(phone.locator("[data-dots-left]")).to_have_text("1")
    first = [f"1st {IDEAS[2]} 1 1 0", f"Joint 2nd {IDEAS[0]} 0 0 0", f"Joint 2nd {IDEAS[1]} 0 0 0"]
    expect_screen_results(screen, first)
    expect_results(phone, first)
    idea_item(phone, IDEAS[1]).get_by_role("button", name="Add a dot").click()
    expect_screen_results(
        screen,
        [f"Joint 1st {IDEAS[1]} 1 1 0", f"Joint 1st {IDEAS[2]} 1 1 0", f"3rd {IDEAS[0]} 0 0 0"],
    )
    check(screen)
    check(phone)
    assert (document(screen), document(phone)) == (screen_document, phone_document)
    assert screen.evaluate("performance.getEntriesByType('resource').length") == fetches
