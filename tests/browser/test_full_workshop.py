"""A whole workshop in real Chromium: four phones (one at 320x568, by keyboard only) take part
in a warm-up, a 1-2-4-All and a Dotmocracy; then the record page and its CSV of every
contribution hold each one made, counted exactly; the facilitator ends it from the console and
every phone moves to the thank-you page.

The facilitator moves the agenda on through the domain (as the console does), so this test
is about what people said reaching the record, whatever the console looks like.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from coproduce.workshops import domain
from coproduce.workshops.domain import methods
from coproduce.workshops.models import Activity, Dot, Note, NoteRevision, WarmUpAnswer
from tests.browser.conftest import (
    check,
    in_a_thread,
    in_place,
    log_in,
    navigates,
    press_and_load,
    tab_to,
    visit,
)
from tests.browser.test_workshop_methods import until
from tests.browser.test_workshop_room import PHONE, join, wait_until_live
from tests.factories import ActivityFactory, IdeaFactory, WorkshopFactory

pytestmark = pytest.mark.live_room  # served by uvicorn, for the WebSocket

SMALL = {"viewport": {"width": 320, "height": 568}, "has_touch": True}


def join_by_keyboard(page: Page, workshop) -> None:
    visit(page, "/join/")
    tab_to(page, label="Join code")
    page.keyboard.type(workshop.display_code.lower())
    press_and_load(page)
    tab_to(page, label="Lived experience: I draw on care and support")
    page.keyboard.press("Space")
    tab_to(page, tag="button", text="Join")
    press_and_load(page)
    assert page.url.endswith(f"/w/{workshop.join_code}/room/")


def press(page: Page, text: str) -> None:
    tab_to(page, tag="button", text=text)
    page.keyboard.press("Enter")


def test_the_record_and_csv_hold_every_contribution_of_a_whole_workshop(
    new_page, initiative, alice
):
    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas morning")
    warm = ActivityFactory(
        workshop=workshop,
        order=0,
        kind=Activity.Kind.WARM_UP,
        title="Weather",
        warm_up="emoji_weather",
    )
    one = ActivityFactory(
        workshop=workshop,
        order=1,
        kind=Activity.Kind.ONE_TWO_FOUR,
        title="What next?",
        question="What should the garden have?",
    )
    vote = ActivityFactory(
        workshop=workshop, order=2, title="Vote", dots_per_person=2, max_dots_per_idea=1
    )
    for text in ("A ramp", "Raised beds", "Benches"):
        IdeaFactory(activity=vote, text=text)
    in_a_thread(domain.start_activity, warm, actor=alice)

    def patient(**options: object) -> Page:
        """A page that allows for a machine busy with five browsers and the server."""
        page = new_page(**options)
        page.context.set_default_timeout(30_000)
        return page

    phones = [patient(**PHONE) for _n in range(3)]
    for phone in phones:
        join(phone, workshop)
    keys = patient(**SMALL)  # the small phone, by keyboard only
    join_by_keyboard(keys, workshop)
    everyone = [*phones, keys]
    for phone in everyone:
        wait_until_live(phone)

    # Warm-up: a word from each phone.
    for n, phone in enumerate(phones):
        phone.get_by_label("Your word or emoji").fill(f"Word {n}")
        phone.get_by_role("button", name="Send").click()
    tab_to(keys, label="Your word or emoji")
    keys.keyboard.type("Sunny")
    press(keys, "Send")
    until(lambda: WarmUpAnswer.objects.count() == 4, "four warm-up words")
    check(keys)

    # 1-2-4-All: own notes (one shared), then pair notes (the small phone saves twice),
    # then two members of the four offer a best idea, one after the other.
    in_a_thread(domain.start_activity, one, actor=alice)
    for n, phone in enumerate(phones):
        expect(phone.get_by_label("Your note")).to_be_visible()
        phone.get_by_label("Your note").fill(f"Own thought {n}")
        phone.get_by_role("button", name="Save my note").click()
    until(lambda: Note.objects.count() == 3, "three own notes")
    phones[0].get_by_role("button", name="Share my own note with my group").click()
    until(lambda: Note.objects.filter(shared=True).count() == 1, "a shared note")

    in_a_thread(methods.next_phase, workshop, actor=alice)  # pairs
    for n, phone in enumerate(phones):
        box = phone.get_by_label("Your part of the group's note")
        expect(box).to_be_visible()
        box.fill(f"Pair words {n}")
        phone.get_by_role("button", name="Save my note").click()
    expect(keys.get_by_label("Your part of the group's note")).to_be_visible()  # swapped in
    tab_to(keys, label="Your part of the group's note")
    keys.keyboard.type("Shade")
    press(keys, "Save my note")
    until(lambda: NoteRevision.objects.filter(note__phase="pairs").count() == 4, "pair notes")
    expect(keys.locator("input[name=rev]")).to_have_value("1")
    tab_to(keys, label="Your part of the group's note", backwards=True)
    keys.keyboard.press("Control+End")
    keys.keyboard.type(" and seats")
    press(keys, "Save my note")
    until(lambda: NoteRevision.objects.filter(note__phase="pairs").count() == 5, "a revision")

    in_a_thread(methods.next_phase, workshop, actor=alice)  # fours
    phones[0].get_by_label("Your four's best idea").fill("Trees")
    phones[0].get_by_role("button", name="Offer our idea").click()
    expect(phones[0].get_by_text("Your four offered: Trees")).to_be_visible()
    expect(keys.get_by_label("Your four's best idea")).to_be_visible()
    tab_to(keys, label="Your four's best idea")
    keys.keyboard.type("Trees and a tap")
    press(keys, "Offer our idea")
    # The first phone sees what changed, and that the earlier idea is kept.
    expect(phones[0].get_by_text("Your four offered: Trees and a tap")).to_be_visible()
    expect(phones[0].get_by_text("“Trees”, offered by You, was replaced.")).to_be_visible()

    # Dotmocracy: the four's idea comes in; dots from three phones, a pass from one.
    in_a_thread(methods.take_in_ideas, vote, actor=alice)
    in_a_thread(domain.start_activity, vote, actor=alice)
    for phone in phones[:2]:
        expect(phone.locator("[data-idea]")).to_have_count(4)
        for idea in range(2):  # one dot each on two ideas (at most one per idea)
            ideas = phone.locator("[data-idea]")
            ideas.nth(idea).get_by_role("button", name="Add a dot").click()
            expect(ideas.nth(idea).locator("[data-mine]")).to_have_text("1")
    expect(keys.locator("[data-idea]")).to_have_count(4)
    press(keys, "Add a dot")
    until(lambda: Dot.objects.count() == 5, "five dots")
    phones[2].get_by_role("button", name="Pass on this one").click()
    expect(phones[2].get_by_text("You passed on this one. That is fine.")).to_be_visible()
    check(phones[0])

    # 4 words, 1 shared own note, 5 pair-note versions, 2 best ideas, 4 ideas, 5 dots, 1 pass
    expected = 4 + 1 + 5 + 2 + 4 + 5 + 1
    staff = patient()
    log_in(staff, "alice@example.org")
    record = (
        f"/o/{workshop.organisation.slug}/initiatives/{initiative.pk}/workshops/{workshop.pk}"
        "/record/"
    )
    visit(staff, record)
    expect(staff.locator(".ws-said-list > li")).to_have_count(expected)
    expect(staff.get_by_text(f"{expected} contributions, activity by activity")).to_be_visible()
    expect(staff.get_by_text("This replaced: “Trees”")).to_be_visible()
    check(staff)
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Download every contribution (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == expected
    assert Counter(row["kind"] for row in rows) == Counter(
        {
            "Warm-up answer": 4,
            "Own note, shared": 1,
            "Pair note": 5,
            "Best idea of a four": 2,
            "Idea": 4,
            "Dot": 5,
            "Pass": 1,
        }
    )
    assert {"Shade", "Shade and seats"} <= {r["text"] for r in rows if r["kind"] == "Pair note"}
    with navigates(staff):
        staff.get_by_role("link", name="Send to “You said, we did”").first.click()
    expect(staff.get_by_label("What did they say?")).to_have_value(re.compile(r"Word \d|Sunny"))

    # The facilitator ends it from the console, after a confirmation: every phone, the small
    # one too, moves to the thank-you page by itself, and the record still holds every word.
    visit(staff, record.replace("/record/", "/console/"))
    wait_until_live(staff)
    staff.get_by_text("End the workshop", exact=True).click()
    with in_place(staff):
        staff.get_by_role("button", name="Yes, end the workshop").click()
    for phone in everyone:
        expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you for taking part")
        check(phone)
    assert keys.evaluate("document.documentElement.scrollWidth") <= 320
    visit(staff, record)
    expect(staff.locator(".ws-said-list > li")).to_have_count(expected)
