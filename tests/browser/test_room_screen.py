"""The room screen on a projector, in real Chromium, with a room's worth of content.

For every activity kind and phase (tests/browser/room_content.py makes each with the domain:
40 warm-up words, 12 ideas, 12 pairs and 6 fours, 4 storyboards of 6 steps), at 1280x720 and
1920x1080: nothing scrolls, there are no staff menus, the content is in view (not cut off by
the edge of its box), the join code and QR code are in view until the end, and axe passes.
Then a kind ending: every phone (one at 320x568) gets the thank-you page, the screen says it
has ended, and a late joiner is told so.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from coproduce.workshops.models import Workshop
from tests.browser.conftest import (
    allow_console_error,
    check,
    in_a_thread,
    in_place,
    log_in,
    navigates,
    visit,
)
from tests.browser.room_content import NAMES, SCENES, STEPS, WORDS, build_scene
from tests.browser.test_workshops import join_by_code, staff_path, wait_until_live

pytestmark = pytest.mark.live_room  # served by uvicorn, for the WebSocket

SIZES = [(1280, 720), (1920, 1080)]

# Each element matched must be wholly inside its nearest box that clips (and the window).
IN_VIEW = """(selector) => {
  const els = [...document.querySelectorAll(selector)];
  const out = els.filter((el) => {
    const r = el.getBoundingClientRect();
    const box = el.parentElement.closest(
      ".ws-board-steps, .ws-board-column, .ws-main, .ws-join, .ws-head");
    const b = box ? box.getBoundingClientRect() : {top: 0, bottom: innerHeight};
    return !(r.height > 0 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1
             && r.bottom <= innerHeight && r.right <= innerWidth + 1);
  });
  return {count: els.length, out: out.map((el) => el.textContent.trim().slice(0, 60))};
}"""

DISTINCT_WORDS = len({w.casefold() for w in WORDS})

# scene -> (selector, how many must be in view) for its main content
CONTENT: dict[str, list[tuple[str, int]]] = {
    "not_started": [(".ws-main .ws-big", 1), (".ws-today li", 2)],
    "plain_running": [(".ws-lead", 1)],
    "warm_up_empty": [(".ws-main .ws-big", 1)],
    "warm_up_running": [(".ws-cloud .ws-word", DISTINCT_WORDS)],
    "warm_up_done": [(".ws-cloud .ws-word", DISTINCT_WORDS)],
    "one_two_four_alone": [(".ws-question-big", 1), (".ws-phases li", 4), (".ws-main .ws-big", 1)],
    "one_two_four_pairs": [(".ws-group", 12), (".ws-phases li", 4)],
    "one_two_four_fours": [(".ws-group", 6), (".ws-main .ws-foot", 1)],
    "one_two_four_all": [("[data-best] li", 6)],
    "one_two_four_done": [("[data-best] li", 6)],
    "dots_empty": [(".ws-main .ws-big", 1), ("[data-voters]", 1)],
    "dots_running": [(".ws-idea-list li", 12), ("[data-voters]", 1)],
    "dots_paused": [(".ws-idea-list li", 12), ("[data-timer-value]", 1)],
    "dots_done": [(".ws-chart tbody tr", 12), (".ws-chart-number", 12), (".ws-legend", 1)],
    "rating_running": [(".ws-idea-list li", 12)],
    "rating_done": [(".ws-chart tbody tr", 12), (".ws-chart-number", 12)],
    "storyboard_empty": [(".ws-board-column", 4), (".ws-board-empty", 4)],
    "storyboard_running": [(".ws-board-column", 4), (".ws-board-step", 12)],
    "storyboard_done": [(".ws-board-column", 4), (".ws-board-step", 12)],
    "ended": [(".ws-main .ws-big", 1), (".ws-next li", 3)],
}


def warm_up(page: Page, server_url: str) -> None:
    """Ask the server once before the timed page loads: its first answer (loading Django)
    can take longer than a page load may on a busy machine."""
    page.request.get(f"{server_url}/accounts/login/", timeout=60_000)


def assert_fits(page: Page, workshop: Workshop, scene: str) -> None:
    facts = page.evaluate(
        """() => ({
          tall: document.documentElement.scrollHeight, high: innerHeight,
          wide: document.documentElement.scrollWidth, width: innerWidth,
          menus: document.querySelectorAll(
            ".site-header, .main-nav, .breadcrumbs, .site-footer").length,
        })"""
    )
    assert facts["tall"] <= facts["high"], f"{scene}: scrolls down ({facts})"
    assert facts["wide"] <= facts["width"], f"{scene}: scrolls sideways ({facts})"
    assert facts["menus"] == 0
    expect(page.locator("body")).not_to_contain_text("None yet")
    for selector, count in CONTENT[scene]:
        seen = page.evaluate(IN_VIEW, selector)
        assert seen["count"] == count, f"{scene}: {selector} {seen}"
        assert seen["out"] == [], f"{scene}: cut off or out of view: {selector} {seen['out']}"
    if scene == "ended":
        expect(page.locator(".ws-code")).to_have_count(0)
        return
    expect(page.locator(".ws-code")).to_have_text(workshop.display_code)
    for selector in (".ws-code", ".ws-join img", ".ws-join-address", "[data-people]"):
        assert page.evaluate(IN_VIEW, selector)["out"] == [], f"{scene}: {selector} not in view"
    assert page.evaluate("document.querySelector('.ws-join img').naturalWidth") > 0


@pytest.mark.parametrize("scene", SCENES)
def test_room_screen_fits_a_projector_in_every_phase(
    new_page, server_url, initiative, alice, scene
):
    page = new_page(viewport={"width": SIZES[0][0], "height": SIZES[0][1]})
    warm_up(page, server_url)
    log_in(page, "alice@example.org")
    workshop = in_a_thread(lambda: build_scene(initiative, alice, scene))
    visit(page, staff_path(workshop, "screen/"))
    if scene != "ended":
        wait_until_live(page)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        assert_fits(page, workshop, scene)
        check(page)
    if scene == "warm_up_running":  # the cloud's words are a list for screen readers too
        said = page.locator(".ws-main ul.visually-hidden li")
        expect(said).to_have_count(DISTINCT_WORDS)
        expect(said.first).to_have_text("hopeful, said 5 times")
        expect(page.locator(".ws-word-5")).to_have_text("hopeful")
    if scene == "one_two_four_pairs":  # people who gave no name stay without one
        names = page.locator(".ws-group-names").all_inner_texts()
        assert sum(text.count("Someone") for text in names) == NAMES.count("")
    if scene == "storyboard_running":  # the newest steps show
        first = page.locator(".ws-board-column").first
        expect(first.locator(".ws-board-step").last).to_contain_text(f"6. {STEPS[-1][0]}")


def test_ending_thanks_every_phone_and_tells_late_joiners(
    new_page, server_url, initiative, alice, monkeypatch
):
    # A busy machine can take more than 30 seconds over the steps before the undo; the
    # server runs in this process, so a longer window here keeps the test about its steps.
    monkeypatch.setattr(Workshop, "UNDO_SECONDS", 300)
    workshop = in_a_thread(lambda: build_scene(initiative, alice, "plain_running"))
    console = new_page()
    warm_up(console, server_url)
    log_in(console, "alice@example.org")
    visit(console, staff_path(workshop, "console/"))
    screen = new_page(viewport={"width": 1280, "height": 720})
    log_in(screen, "alice@example.org")
    visit(screen, staff_path(workshop, "screen/"))
    phone = new_page(viewport={"width": 320, "height": 568}, has_touch=True)
    join_by_code(phone, workshop)
    phone.get_by_label("Lived experience: I draw on care and support").check()
    with navigates(phone):
        phone.get_by_role("button", name="Join").click()
    for page in (console, screen, phone):
        wait_until_live(page)

    # The console asks first.
    console.get_by_text("End the workshop", exact=True).click()
    with in_place(console):
        console.get_by_role("button", name="Yes, end the workshop").click()
    expect(console.get_by_role("button", name="Undo: open the workshop again")).to_be_visible()

    # Every phone moves to the thank-you page by itself; the screen says it has ended.
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you for taking part")
    check(phone)
    expect(phone.get_by_role("heading", name="What happens next")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    expect(screen.locator(".ws-main")).to_contain_text("The workshop has ended.")
    check(screen)
    expect(screen.locator(".ws-code")).to_have_count(0)

    # A late joiner typing the code is told it has ended, not that the code is wrong.
    late = new_page(viewport={"width": 320, "height": 568})
    visit(late, "/join/")
    late.get_by_label("Join code").fill(workshop.display_code)
    with navigates(late):
        late.get_by_role("button", name="Next").click()
    expect(late.locator("body")).to_contain_text("That workshop has ended")
    allow_console_error(late, "410")
    visit(late, f"/w/{workshop.join_code}/", status=410)
    expect(late.get_by_role("heading", level=1)).to_have_text("This workshop has ended")

    # Undo within 30 seconds: the phone comes back to the room by itself.
    with in_place(console):
        console.get_by_role("button", name="Undo: open the workshop again").click()
    expect(phone.get_by_role("heading", name="Welcome and how we work together")).to_be_visible()
    check(phone)
    expect(screen.locator(".ws-code")).to_have_text(workshop.display_code)
    check(screen)
