"""A whole 1-2-4-All, and a storyboard two people build at once, in real Chromium.

As in test_workshops.py: one browser, several contexts (the facilitator's console, the room
screen and phones), pages served by uvicorn because the live parts run over WebSockets, and
axe on every page and again after the live parts change. One participant uses the keyboard
only. Phones never reload: the words of a group come to them as soon as someone saves.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from django.db import OperationalError
from playwright.sync_api import Page, expect

from coproduce.workshops.models import Activity, GroupMember, Idea, Note, StoryStep, Workshop
from tests.browser.conftest import (
    check,
    has_no_sideways_scroll,
    in_place,
    log_in,
    navigates,
    tab_to,
    visit,
)
from tests.browser.test_workshops import (
    PHONE,
    document,
    join_by_code,
    staff_path,
    wait_until_live,
)
from tests.factories import ActivityFactory, WorkshopFactory

LIVED, CARER = "Lived experience: I draw on care and support", "Lived experience: I am a carer"
pytestmark = pytest.mark.live_room  # served by uvicorn, for the WebSocket

LEARNT = "Learnt experience: I am here because of my job"


def until(condition: Callable[[], object], what: str) -> None:
    """Wait for the server to have saved something (a socket message is not a page load)."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OperationalError:  # the test database is in memory: a write holds the table
            pass
        time.sleep(0.1)
    pytest.fail(f"Never saw: {what}")


def join_as(page: Page, workshop: Workshop, name: str, capacity: str) -> None:
    join_by_code(page, workshop)
    page.get_by_label("Your name").fill(name)
    page.get_by_label(capacity).check()
    with navigates(page):
        page.get_by_role("button", name="Join").click()
    wait_until_live(page)


def open_console_and_screen(new_page, workshop: Workshop) -> tuple[Page, Page]:
    console = new_page()
    log_in(console, "alice@example.org")
    visit(console, staff_path(workshop, "console/"))
    screen = new_page(viewport={"width": 1280, "height": 720})
    log_in(screen, "alice@example.org")
    visit(screen, staff_path(workshop, "screen/"))
    for page in (console, screen):
        wait_until_live(page)
    return console, screen


def press(console: Page, button: str | re.Pattern) -> None:
    with in_place(console):
        console.get_by_role("button", name=button).click()
    wait_until_live(console)


def note_of(name: str, phase: str) -> str:
    note = Note.objects.filter(participant__display_name=name, phase=phase).first()
    return note.text if note else ""


def test_a_whole_1_2_4_all_on_four_phones_with_the_console_and_the_screen(
    new_page, initiative, alice
):
    workshop = WorkshopFactory(initiative=initiative, title="Garden safety")
    ActivityFactory(
        workshop=workshop,
        kind=Activity.Kind.ONE_TWO_FOUR,
        title="A safer garden",
        question="How could the garden feel safer?",
    )
    console, screen = open_console_and_screen(new_page, workshop)
    names = {"Amir": LIVED, "Bea": CARER, "Cal": LEARNT, "Dee": LEARNT}
    phones = {name: new_page(**PHONE) for name in names}
    for name, capacity in names.items():
        join_as(phones[name], workshop, name, capacity)
    documents = {name: document(phone) for name, phone in phones.items()}
    amir = phones["Amir"]

    # 1: on your own. The note is private; Amir writes and shares his by keyboard only.
    press(console, re.compile(r"^Start\s*: A safer garden"))
    for phone in phones.values():
        expect(phone.locator(".ws-question")).to_contain_text("How could the garden feel safer?")
        expect(phone.get_by_label("Your note")).to_be_visible()
    check(amir)
    tab_to(amir, label="Your note")
    amir.keyboard.type("Better lights on the path")
    tab_to(amir, tag="button", text="Save my note")
    amir.keyboard.press("Enter")
    until(lambda: note_of("Amir", "alone") == "Better lights on the path", "Amir's own note")
    tab_to(amir, tag="button", text="Share my own note with my group", backwards=True)
    amir.keyboard.press("Enter")
    expect(amir.get_by_text("Your own note is shared with your group.")).to_be_visible()
    for name, words in (("Bea", "A gate that locks"), ("Cal", "Cut back the hedge")):
        phones[name].get_by_label("Your note").fill(words)
        phones[name].get_by_role("button", name="Save my note").click()
        until(lambda n=name, w=words: note_of(n, "alone") == w, f"{name}'s own note")
    expect(screen.locator(".ws-main")).to_contain_text("Think on your own first.")

    # 2: in pairs, mixing lived and learnt experience. Amir's partner sees his shared note;
    # Bea did not share hers, so nobody sees it.
    press(console, "Next: make pairs")
    pairs = {
        member.participant.display_name: member.group_id
        for member in GroupMember.objects.filter(phase="pairs").select_related("participant")
    }
    assert len(set(pairs.values())) == 2
    for pair in set(pairs.values()):
        in_pair = [name for name, group in pairs.items() if group == pair]
        assert sorted(names[name] == LEARNT for name in in_pair) == [False, True]
    partner = next(n for n, g in pairs.items() if g == pairs["Amir"] and n != "Amir")
    others = [n for n in names if pairs[n] != pairs["Amir"]]
    for phone in phones.values():
        expect(
            phone.get_by_role("heading", name=re.compile(r"^Your group: Pair \d$"))
        ).to_be_visible()
        expect(phone.get_by_label("Your part of the group's note")).to_be_visible()
    expect(phones[partner].locator(".ws-paragraph")).to_contain_text(
        ["Amir (thought on their own)\nBetter lights on the path"], use_inner_text=True
    )
    for name in others:
        expect(phones[name].get_by_text("Better lights on the path")).to_have_count(0)
    expect(phones[partner].get_by_text("A gate that locks")).to_have_count(0)
    phones[partner].get_by_label("Your part of the group's note").fill("Lights that come on")
    phones[partner].get_by_role("button", name="Save my note").click()
    expect(amir.locator(".ws-paragraph").filter(has_text="Lights that come on")).to_have_count(1)
    check(amir)

    # 4: in fours. Cal offers the four's best idea; it reaches every phone and the screen.
    press(console, "Next: make fours")
    for name, phone in phones.items():
        expect(phone.get_by_role("heading", name="Your group: Four 1")).to_be_visible()
        pair_words = phone.locator(".ws-paragraph").filter(has_text="Lights that come on")
        expect(pair_words).to_have_count(0 if name == partner else 1)  # others' words only
    cal = phones["Cal"]
    cal.get_by_label("Your four's best idea").fill("Solar lights along the path")
    cal.get_by_role("button", name="Offer our idea").click()
    for page in phones.values():
        expect(page.locator("[data-best] li")).to_have_text(["Solar lights along the path"])
    expect(screen.locator(".ws-main")).to_contain_text("Best ideas in: 1 of 1.")
    expect(console.get_by_role("heading", name="Best ideas offered")).to_be_visible()
    expect(amir.get_by_text("Your four offered: Solar lights along the path")).to_be_visible()
    check(cal)
    check(screen)

    # All: the four's idea is on the screen for everyone; nobody writes notes now.
    press(console, "Next: all together")
    for phone in phones.values():
        expect(phone.get_by_label("Your part of the group's note")).to_have_count(0)
        expect(phone.locator("[data-best] li")).to_have_text(["Solar lights along the path"])
        assert has_no_sideways_scroll(phone)
    expect(screen.locator("[data-best] li")).to_have_text(["Solar lights along the path"])
    check(console)
    press(console, "Finish this activity")
    best = Idea.objects.get()
    assert (best.text, best.group.phase, best.added_by.display_name) == (
        "Solar lights along the path",
        "fours",
        "Cal",
    )
    assert {name: document(phone) for name, phone in phones.items()} == documents
    visit(console, staff_path(workshop, "record/"))
    expect(console.get_by_text("Solar lights along the path")).to_be_visible()
    expect(console.get_by_text("best idea of a four")).to_be_visible()


def board_box(page: Page, step: int, label: str):
    return page.locator(".ws-step").nth(step - 1).get_by_label(label)


def save_step(page: Page, step: int) -> None:
    page.get_by_role("button", name=re.compile(rf"^Save this step\s*: step {step}$")).click()
    expect(page.locator(".ws-step").nth(step - 1).locator("[data-saved]")).to_have_text("Saved.")


def test_two_people_build_one_storyboard_at_the_same_time(new_page, initiative, alice):
    workshop = WorkshopFactory(initiative=initiative, title="Day services journey")
    ActivityFactory(
        workshop=workshop,
        kind=Activity.Kind.STORYBOARD,
        title="Getting to day services",
        instruction="Build the journey step by step.",
    )
    console, _screen = open_console_and_screen(new_page, workshop)
    june, cal = new_page(**PHONE), new_page(**PHONE)
    join_as(june, workshop, "June", LIVED)
    join_as(cal, workshop, "Cal", LEARNT)
    press(console, re.compile(r"^Start\s*: Getting to day services"))
    for phone in (june, cal):
        expect(phone.get_by_role("heading", name="Group 1's journey")).to_be_visible()

    # June adds a step; it appears on Cal's phone too.
    june.get_by_role("button", name="Add a step").click()
    for phone in (june, cal):
        expect(phone.get_by_role("heading", name="Step 1")).to_be_visible()
    check(cal)

    # Different boxes at once: neither person's words are lost.
    board_box(june, 1, "What is happening").fill("Waiting for the bus")
    board_box(cal, 1, "Who is involved").fill("The driver")
    save_step(june, 1)
    save_step(cal, 1)
    until(
        lambda: StoryStep.objects.filter(
            happening="Waiting for the bus", who="The driver"
        ).exists(),
        "both boxes saved",
    )
    for phone in (june, cal):
        expect(board_box(phone, 1, "What is happening")).to_have_value("Waiting for the bus")
        expect(board_box(phone, 1, "Who is involved")).to_have_value("The driver")

    # The same box at once, both starting from empty: both people's words are kept.
    board_box(cal, 1, "Barriers").fill("Steps onto the bus")  # Cal is still typing...
    board_box(june, 1, "Barriers").fill("No shelter")
    save_step(june, 1)
    until(lambda: StoryStep.objects.filter(barriers="No shelter").exists(), "June's barrier")
    expect(board_box(cal, 1, "Barriers")).to_have_value("Steps onto the bus")  # not replaced
    save_step(cal, 1)
    for phone in (june, cal):
        expect(board_box(phone, 1, "Barriers")).to_have_value("No shelter\nSteps onto the bus")

    # A feeling, in words as well as a face, saved with the step; it reaches June without a
    # reload.
    cal.locator(".ws-step").first.get_by_role("radio", name="Bad", exact=True).check()
    save_step(cal, 1)
    expect(
        june.locator(".ws-step").first.get_by_role("radio", name="Bad", exact=True)
    ).to_be_checked()

    # A second step, moved up by keyboard only (never drag only). A phone shows one step at a
    # time: June sees the step she added, Cal stays on the step he was on.
    june.get_by_role("button", name="Add a step").click()
    expect(june.get_by_role("heading", name="Step 2")).to_be_visible()
    expect(june.locator("[data-step-where]")).to_have_text("Step 2 of 2")
    expect(cal.locator("[data-step-where]")).to_have_text("Step 1 of 2")
    board_box(june, 2, "What is happening").fill("Booking a place")
    save_step(june, 2)
    until(lambda: StoryStep.objects.filter(happening="Booking a place").exists(), "step 2")
    expect(board_box(cal, 2, "What is happening")).to_have_value("Booking a place")
    tab_to(cal, tag="button", text="Next step")
    cal.keyboard.press("Enter")
    expect(cal.get_by_role("heading", name="Step 2")).to_be_visible()
    tab_to(cal, tag="button", text=re.compile(r"Move up\s*: step 2"))
    cal.keyboard.press("Enter")
    for phone in (june, cal):
        expect(board_box(phone, 1, "What is happening")).to_have_value("Booking a place")
        expect(board_box(phone, 2, "What is happening")).to_have_value("Waiting for the bus")
        assert has_no_sideways_scroll(phone)
        check(phone)
    assert list(StoryStep.objects.order_by("position").values_list("happening", "feeling")) == [
        ("Booking a place", None),
        ("Waiting for the bus", StoryStep.Feeling.BAD),
    ]

    # Finished: the phones show the gallery; staff see it with the feelings in words.
    press(console, "Finish this activity")
    for phone in (june, cal):
        expect(
            phone.get_by_text("The storyboards are finished. Here they all are.")
        ).to_be_visible()
    visit(console, staff_path(workshop, "gallery/"))
    expect(console.get_by_text("No shelter")).to_be_visible()
    expect(console.get_by_text("Bad (2 of 5)")).to_be_visible()
