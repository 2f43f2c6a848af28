"""The live room drawn in place, in real Chromium: the console's buttons never load a page and
keep the facilitator's focus; a phone shows a storyboard one step at a time; phones hear what
changed; the room screen counts who is in the room and who is online.

Served by uvicorn (`live_asgi_server`), as the live parts run over a WebSocket.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from coproduce.workshops import domain
from coproduce.workshops.domain import methods
from coproduce.workshops.models import Activity, Group, Participant, StoryStep, Workshop
from tests.browser.conftest import (
    check,
    focused,
    has_no_sideways_scroll,
    in_a_thread,
    in_place,
    log_in,
    navigates,
    tab_to,
    visit,
)
from tests.browser.test_workshops import document, join_by_code, staff_path, wait_until_live
from tests.factories import ActivityFactory, IdeaFactory, WorkshopFactory

pytestmark = pytest.mark.live_room  # served by uvicorn, for the WebSocket

SMALL_PHONE = {"viewport": {"width": 320, "height": 568}, "has_touch": True}
LIVED = "Lived experience: I draw on care and support"


def join(page: Page, workshop: Workshop, name: str, *, where: str | None = None) -> None:
    join_by_code(page, workshop)
    page.get_by_label("Your name").fill(name)
    page.get_by_label(LIVED).check()
    if where:
        page.get_by_label(where).check()
    with navigates(page):
        page.get_by_role("button", name="Join").click()
    wait_until_live(page)


def open_console(new_page, workshop: Workshop) -> Page:
    console = new_page()
    log_in(console, "alice@example.org")
    visit(console, staff_path(workshop, "console/"))
    wait_until_live(console)
    return console


def announced(page: Page) -> str:
    return page.locator("[data-announce]").text_content() or ""


def test_the_console_acts_in_place_and_keeps_focus(new_page, initiative, alice):
    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas morning")
    ActivityFactory(workshop=workshop, order=0, title="Welcome", planned_minutes=10)
    ActivityFactory(workshop=workshop, order=1, title="Tea break", planned_minutes=5)
    console = open_console(new_page, workshop)
    loads: list[object] = []

    def note_load(loaded: object) -> None:
        loads.append(loaded)

    console.on("load", note_load)
    start = document(console)

    # Start by keyboard: focus lands on the "Now:" heading, as the Start button is gone.
    tab_to(console, tag="button", text=re.compile(r"^Start\s*: Welcome"))
    with in_place(console):
        console.keyboard.press("Enter")
    expect(console.get_by_role("heading", name="Now: Welcome")).to_be_focused()

    # Pause: focus stays on the timer button, which now starts it again.
    tab_to(console, tag="button", text="Pause timer")
    with in_place(console):
        console.keyboard.press("Enter")
    expect(console.get_by_role("button", name="Start timer again")).to_be_focused()
    expect(console.locator("[data-timer-value]")).to_contain_text("paused")

    # Someone joins: the count changes by itself, and focus stays put.
    tab_to(console, tag="button", text="Add 1 minute")
    phone = new_page(**SMALL_PHONE)
    join(phone, workshop, "Sam")
    expect(console.locator("[data-people]")).to_have_text("1")
    expect(console.locator("[data-balance]")).to_contain_text("Lived experience: 1.")
    assert focused(console)["text"] == "Add 1 minute"

    # End the workshop: the undo is there in place, with focus on the notice that says so.
    console.get_by_text("End the workshop", exact=True).click()
    with in_place(console):
        console.get_by_role("button", name="Yes, end the workshop").click()
    undo = console.get_by_role("button", name="Undo: open the workshop again")
    expect(undo).to_be_visible()
    expect(console.locator(".ws-ended-notice")).to_be_focused()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you for taking part")
    check(phone)

    # Undo: open again, the phone comes back, and the console is still the same page.
    with in_place(console):
        undo.click()
    expect(console.get_by_role("heading", name="Now: Welcome")).to_be_focused()
    expect(console.locator("#console-messages")).to_have_text("Undone. The workshop is open again.")
    expect(phone.get_by_role("heading", name="Welcome")).to_be_visible()
    check(phone)
    assert Workshop.objects.get(pk=workshop.pk).state != Workshop.State.ENDED
    with in_place(console):
        console.get_by_role("button", name="Next: Tea break").click()
    expect(console.get_by_role("heading", name="Now: Tea break")).to_be_visible()
    console.remove_listener("load", note_load)
    assert loads == []
    assert document(console) == start
    check(console)


def page_height(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def saved_beside(page: Page, step: int):
    return page.locator(".ws-step").nth(step - 1).locator("[data-saved]")


def test_a_storyboard_step_saved_at_once_on_a_small_phone_by_keyboard(new_page, initiative, alice):
    workshop = WorkshopFactory(initiative=initiative, title="Day services journey")
    board = ActivityFactory(
        workshop=workshop, kind=Activity.Kind.STORYBOARD, title="Getting to day services"
    )
    in_a_thread(domain.join_workshop, workshop, capacity="learnt", display_name="Cal")
    phone = new_page(**SMALL_PHONE)
    join(phone, workshop, "June")
    in_a_thread(domain.start_activity, board, actor=alice)
    expect(phone.get_by_role("heading", name="Group 1's journey")).to_be_visible()
    start = document(phone)

    # Two steps added by keyboard: each new step shows on its own, with focus on its heading.
    for n in (1, 2):
        tab_to(phone, tag="button", text="Add a step")
        phone.keyboard.press("Enter")
        expect(phone.get_by_role("heading", name=f"Step {n}", exact=True)).to_be_focused()
    expect(phone.locator(".ws-step:visible")).to_have_count(1)
    where = phone.locator("[data-step-where]")
    expect(where).to_have_text("Step 2 of 2")
    expect(phone.get_by_role("button", name=re.compile("Save"))).to_have_count(2)  # name, step
    card = phone.locator(".ws-step:visible").bounding_box()
    print(f"\nTwo steps at 320x568: the page {page_height(phone)} px, a step {card['height']} px")
    assert page_height(phone) < 2300  # 2,582 px with a Save button for each box
    check(phone)

    # "Back a step" sits under the step's Save button; the step before shows, from its top.
    tab_to(phone, tag="button", text="Back a step")
    assert focused(phone)["visible"]
    phone.keyboard.press("Enter")
    expect(where).to_have_text("Step 1 of 2")
    expect(phone.get_by_role("heading", name="Step 1", exact=True)).to_be_focused()
    expect(phone.get_by_role("button", name="Back a step")).to_be_disabled()

    # June types in two boxes. Cal saves a barrier meanwhile: June's page fetches his words
    # once she leaves a box, and keeps what she typed and has not saved yet.
    steps = list(StoryStep.objects.order_by("position"))
    tab_to(phone, label="What is happening")
    phone.keyboard.type("Waiting for the bus")
    tab_to(phone, label="Who is involved")
    phone.keyboard.type("The driver")
    cal = Participant.objects.get(display_name="Cal")
    in_a_thread(
        methods.save_step, steps[0], texts={"barriers": ("No shelter", "")}, participant=cal
    )
    tab_to(phone, type="radio")
    phone.keyboard.press("ArrowDown")  # "Bad"
    expect(phone.locator(".ws-step:visible").get_by_label("Barriers")).to_have_value("No shelter")
    expect(phone.locator(".ws-step:visible").get_by_label("What is happening")).to_have_value(
        "Waiting for the bus"
    )
    expect(phone.locator(".ws-step:visible").get_by_label("Who is involved")).to_have_value(
        "The driver"
    )
    tab_to(phone, tag="button", text=re.compile(r"Save this step\s*: step 1"))
    phone.keyboard.press("Enter")
    expect(saved_beside(phone, 1)).to_have_text("Saved.")
    expect(phone.locator("[data-announce]")).to_have_text("Saved.")
    expect(phone.get_by_role("button", name=re.compile("Save this step"))).to_be_focused()
    # To look at. caret="initial": hiding the caret leaves style="" on every box, which htmx
    # copies when it swaps, and the page's rules refuse.
    shot = Path(tempfile.gettempdir()) / "storyboard-320-saved.png"
    phone.screenshot(path=str(shot), caret="initial")
    step = StoryStep.objects.get(pk=steps[0].pk)
    assert (step.happening, step.who, step.barriers, step.feeling) == (
        "Waiting for the bus",
        "The driver",
        "No shelter",
        StoryStep.Feeling.BAD,
    )
    check(phone)

    # "Next step" is the next thing after "Saved.": the next step shows, focus on its heading.
    phone.keyboard.press("Tab")
    assert focused(phone)["text"] == "Next step"
    phone.keyboard.press("Enter")
    expect(where).to_have_text("Step 2 of 2")
    expect(phone.get_by_role("heading", name="Step 2", exact=True)).to_be_focused()
    expect(phone.get_by_role("button", name="Next step")).to_be_disabled()
    # Typing on step 2 leaves the "Saved." of step 1 as it is: step 1 has not changed.
    tab_to(phone, label="What is happening")
    phone.keyboard.type("Booking a place")
    expect(saved_beside(phone, 1)).to_have_text("Saved.")
    shot = Path(tempfile.gettempdir()) / "storyboard-320.png"
    phone.screenshot(path=str(shot), full_page=True, caret="initial")
    assert document(phone) == start  # no page loads
    assert has_no_sideways_scroll(phone)
    check(phone)


def test_a_phone_hears_its_pair_and_keeps_focus_when_pairs_are_made(new_page, initiative, alice):
    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas morning")
    one = ActivityFactory(
        workshop=workshop,
        kind=Activity.Kind.ONE_TWO_FOUR,
        title="A safer garden",
        question="What would make the garden feel safer?",
    )
    phones = [new_page(**SMALL_PHONE) for _ in range(2)]
    for phone, name in zip(phones, ("June", "Cal"), strict=True):
        join(phone, workshop, name)
    in_a_thread(domain.start_activity, one, actor=alice)
    june = phones[0]
    expect(june.get_by_label("Your note")).to_be_visible()
    tab_to(june, tag="button", text="Pass on this one")

    in_a_thread(methods.next_phase, workshop, actor=alice)
    expect(june.get_by_role("heading", name=re.compile("Your group: Pair 1"))).to_be_visible()
    expect(june.locator("[data-announce]")).to_contain_text("Your group: Pair 1")
    expect(june.locator("[data-announce]")).to_contain_text("Cal")
    assert focused(june)["text"] == "Pass on this one"


def test_a_phone_keeps_its_typed_best_idea_when_its_four_changes(new_page, initiative, alice):
    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas morning")
    one = ActivityFactory(
        workshop=workshop,
        kind=Activity.Kind.ONE_TWO_FOUR,
        title="A safer garden",
        question="What would make the garden feel safer?",
    )
    phones = [new_page(**SMALL_PHONE) for _ in range(2)]
    for phone, name in zip(phones, ("June", "Cal"), strict=True):
        join(phone, workshop, name)
    in_a_thread(domain.start_activity, one, actor=alice)
    in_a_thread(methods.next_phase, workshop, actor=alice)  # pairs
    in_a_thread(methods.next_phase, workshop, actor=alice)  # fours
    june = phones[0]
    box = june.get_by_label("Your four's best idea")
    expect(box).to_be_visible()
    tab_to(june, label="Your four's best idea")
    june.keyboard.type("Shade")
    tab_to(june, tag="button", text="Offer our idea")

    # Cal offers his idea while June is on her button: her page fetches the four's news
    # and keeps what she typed and has not sent.
    four = in_a_thread(Group.objects.get, activity=one, phase=Group.Phase.FOURS)
    cal = in_a_thread(Participant.objects.get, display_name="Cal")
    in_a_thread(methods.offer_best_idea, four, text="Benches", participant=cal)
    expect(june.get_by_text("Your four offered: Benches")).to_be_visible()
    expect(box).to_have_value("Shade")
    assert focused(june)["text"] == "Offer our idea"

    june.keyboard.press("Enter")
    expect(june.get_by_text("Your four offered: Shade")).to_be_visible()
    expect(june.get_by_text("“Benches”, offered by Cal, was replaced.")).to_be_visible()
    expect(box).to_have_value("")
    check(june)


def test_an_own_note_not_saved_never_moves_into_the_pair_note(new_page, initiative, alice):
    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas morning")
    one = ActivityFactory(
        workshop=workshop,
        kind=Activity.Kind.ONE_TWO_FOUR,
        title="A safer garden",
        question="What would make the garden feel safer?",
    )
    phones = [new_page(**SMALL_PHONE) for _ in range(2)]
    for phone, name in zip(phones, ("June", "Cal"), strict=True):
        join(phone, workshop, name)
    in_a_thread(domain.start_activity, one, actor=alice)
    june = phones[0]
    expect(june.get_by_label("Your note")).to_be_visible()
    tab_to(june, label="Your note")
    june.keyboard.type("Only mine")
    tab_to(june, tag="button", text="Save my note")  # on the button, not pressed

    # Pairs: her own note was private, so what she typed and did not save stays out of the
    # note her pair sees.
    in_a_thread(methods.next_phase, workshop, actor=alice)
    expect(june.get_by_role("heading", name=re.compile("Your group: Pair 1"))).to_be_visible()
    expect(june.get_by_label("Your part of the group's note")).to_have_value("")
    check(june)


def test_the_room_screen_counts_people_in_the_room_and_online(new_page, initiative, alice):
    workshop = WorkshopFactory(
        initiative=initiative, title="Garden ideas morning", place=Workshop.Place.HYBRID
    )
    ActivityFactory(workshop=workshop, title="Welcome")
    screen = new_page(viewport={"width": 1280, "height": 720})
    log_in(screen, "alice@example.org")
    visit(screen, staff_path(workshop, "screen/"))
    wait_until_live(screen)
    expect(screen.locator("[data-in-room]")).to_have_text("0")
    expect(screen.locator("[data-online]")).to_have_text("0")
    start = document(screen)

    join(new_page(**SMALL_PHONE), workshop, "June", where="In the room")
    join(new_page(**SMALL_PHONE), workshop, "Cal", where="Online")
    expect(screen.locator("[data-people]")).to_have_text("2")
    expect(screen.locator("[data-in-room]")).to_have_text("1")
    expect(screen.locator("[data-online]")).to_have_text("1")
    assert Participant.objects.filter(workshop=workshop, joins_from="online").count() == 1
    assert document(screen) == start
    check(screen)


def test_a_phone_hears_the_timer_paused_and_running_again(new_page, initiative, alice):
    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas morning")
    welcome = ActivityFactory(workshop=workshop, title="Welcome", planned_minutes=10)
    phone = new_page(**SMALL_PHONE)
    join(phone, workshop, "June")
    in_a_thread(domain.start_activity, welcome, actor=alice)
    expect(phone.get_by_role("heading", name="Welcome")).to_be_visible()
    tab_to(phone, tag="button", text="Leave quietly")

    in_a_thread(domain.pause_activity, workshop, actor=alice)
    expect(phone.locator("[data-announce]")).to_have_text("The timer is paused.")
    assert focused(phone)["text"] == "Leave quietly"
    in_a_thread(domain.resume_activity, workshop, actor=alice)
    expect(phone.locator("[data-announce]")).to_have_text("The timer is running.")
    assert focused(phone)["text"] == "Leave quietly"
    check(phone)


def test_the_console_hides_an_idea_and_keeps_the_open_form_when_the_room_changes(
    new_page, initiative, alice
):
    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas morning")
    vote = ActivityFactory(
        workshop=workshop, order=0, title="Which garden ideas matter most?", dots_per_person=2
    )
    for text in ("A ramp by the back door", "Raised flower beds"):
        IdeaFactory(activity=vote, text=text)
    in_a_thread(domain.start_activity, vote, actor=alice)
    console = open_console(new_page, workshop)
    phone = new_page(**SMALL_PHONE)
    join(phone, workshop, "Sam")
    expect(phone.get_by_text("Raised flower beds")).to_be_visible()

    # The facilitator opens "Hide", chooses a reason and starts typing one...
    console.get_by_text("Hide: Raised flower beds").click()
    console.get_by_label("Why hide it?").nth(1).select_option(
        label="Another reason (write it below)"
    )
    console.locator(".ws-hide-idea").nth(1).get_by_role("textbox").fill("Asked to take it off")
    # ...when someone joins and the console's live part is drawn again:
    late = new_page(**SMALL_PHONE)
    join(late, workshop, "Kim")
    expect(console.locator("[data-people]")).to_have_text("2")
    hide_form = console.locator(".ws-hide-idea").nth(1)
    expect(hide_form).to_have_attribute("open", "")
    expect(hide_form.get_by_role("textbox")).to_have_value("Asked to take it off")
    expect(hide_form.get_by_role("combobox")).to_have_value("other")

    with in_place(console):
        hide_form.get_by_role(
            "button", name=re.compile(r"^Hide this idea\s*: Raised flower beds$")
        ).click()
    expect(console.get_by_text("Hidden: Asked to take it off")).to_be_visible()
    expect(phone.get_by_text("Raised flower beds")).to_have_count(0)
    expect(phone.get_by_text("A ramp by the back door")).to_be_visible()
    check(console)


def test_a_phone_hears_one_minute_left_and_time_is_up_and_keeps_focus(new_page, initiative, alice):
    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas morning")
    welcome = ActivityFactory(workshop=workshop, title="Welcome", planned_minutes=2)
    phone = new_page(**SMALL_PHONE)
    phone.clock.install()  # the phone's own clock, moved on below; the server's is real
    join(phone, workshop, "June")
    in_a_thread(domain.start_activity, welcome, actor=alice)
    expect(phone.get_by_role("heading", name="Welcome")).to_be_visible()
    tab_to(phone, tag="button", text="Leave quietly")

    phone.clock.fast_forward("01:05")
    expect(phone.locator("[data-announce]")).to_have_text("One minute left.")
    phone.clock.fast_forward("01:05")
    expect(phone.locator("[data-announce]")).to_have_text("Time is up.")
    expect(phone.locator("[data-timer-value]")).to_have_text("0:00")
    assert focused(phone)["text"] == "Leave quietly"
    check(phone)


def test_a_phone_stops_saying_dots_came_back_once_they_are_placed(new_page, initiative, alice):
    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas morning")
    vote = ActivityFactory(workshop=workshop, dots_per_person=2, max_dots_per_idea=1)
    ideas = [IdeaFactory(activity=vote, text=t) for t in ("A ramp", "Raised beds", "Benches")]
    phone = new_page(**SMALL_PHONE)
    join(phone, workshop, "June")
    in_a_thread(domain.start_activity, vote, actor=alice)
    june = in_a_thread(Participant.objects.get, display_name="June")
    for idea in ideas[:2]:
        in_a_thread(domain.place_dot, vote, idea, june)
    in_a_thread(domain.merge_ideas, ideas[0], ideas[1], actor=alice)
    with navigates(phone):
        phone.reload()
    wait_until_live(phone)
    back = phone.locator(".ws-given-back")
    expect(back).to_contain_text("1 of your dots came back to you")

    before = phone.evaluate("window.__coproduceDocument")
    benches = phone.locator(f'[data-idea="{ideas[2].pk}"]')
    benches.get_by_role("button", name="Add a dot").click()
    expect(phone.locator("[data-dots-left]")).to_have_text("0")
    expect(back).to_have_count(0)
    assert phone.evaluate("window.__coproduceDocument") == before  # no page load
    check(phone)
