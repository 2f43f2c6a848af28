"""A big room's results read on a small phone (320x568), in real Chromium: the participant's
page, the facilitator's console and the record show each idea as a card, with every number
beside its name, and nothing scrolls sideways. Wider, it is still the table it always was; a
screen reader hears the table at every width (Chromium's own accessibility tree says so).

The votes are made with the domain (tests/browser/room_content.py): 120 people, 12 ideas (one
as long as an idea may be, one with a web address in it), counts of three digits.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from coproduce.workshops.models import Activity, Workshop
from coproduce.workshops.queries import results_for
from coproduce.workshops.templatetags.workshop_tags import ordinal_rank
from tests.browser.conftest import check, has_no_sideways_scroll, in_a_thread, log_in, visit
from tests.browser.room_content import LONG_IDEAS, build_big_vote
from tests.browser.test_room_in_place import SMALL_PHONE, join
from tests.browser.test_workshops import staff_path, wait_until_live

pytestmark = pytest.mark.live_room  # served by uvicorn, for the WebSocket

# Each results card as the eye reads it: place, idea, then "name number" for each number, with
# where things are drawn, so the test can tell that a number sits on its name's line.
CARDS = """(table) => {
  const wrap = table.closest(".table-wrap");
  const heads = [...table.tHead.rows[0].cells].map((th) => th.textContent.trim());
  const card = (tr) => {
    const box = tr.getBoundingClientRect();
    const lines = [...tr.cells].filter((td) => td.dataset.label).map((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      const number = range.getBoundingClientRect();
      const cell = td.getBoundingClientRect();
      const drawn = getComputedStyle(td, "::before").content;
      return {
        text: `${drawn === "none" ? "" : td.dataset.label} ${td.textContent.trim()}`.trim(),
        header: heads[td.cellIndex] === td.dataset.label,
        // The name is drawn first in the cell; the number ends on its first line, in the card.
        beside: number.top < cell.top + number.height / 2 && number.left > cell.left
          && number.right <= box.right && cell.left >= box.left,
      };
    });
    const idea = tr.querySelector("th[scope=row]").getBoundingClientRect();
    return {
      place: tr.cells[0].textContent.trim(),
      idea: tr.querySelector("th[scope=row]").textContent.trim(),
      ownLine: lines.length > 0 && idea.left >= box.left && idea.right <= box.right
        && idea.width > box.width / 2,
      lines,
      inView: box.left >= 0 && box.right <= innerWidth,
    };
  };
  return {
    wrap: [wrap.scrollWidth, wrap.clientWidth],
    cards: [...table.tBodies[0].rows].map(card),
  };
}"""

NONE = "\u2013"  # an en dash: nobody of that experience rated it
NAMES = {
    "dots": ["Dots", "From lived experience", "From learnt experience"],
    "rating": [
        "Agree",
        "Lived experience agree",
        "Learnt experience agree",
        "Did not understand",
        "People who rated",
    ],
}


def expected_cards(workshop: Workshop) -> list[tuple[str, str, list[str]]]:
    """Place, idea and "name number" lines for each idea, from the domain's own results."""
    activity = Activity.objects.get(workshop=workshop, kind=Activity.Kind.DOTMOCRACY)
    cards = []
    for result in results_for(activity):
        place = f"Joint {ordinal_rank(result.rank)}" if result.tied else ordinal_rank(result.rank)
        if activity.mode == Activity.Mode.RATING:
            numbers = [
                f"{result.agree_percent}%",
                f"{result.lived_agree_percent}%" if result.lived else NONE,
                f"{result.learnt_agree_percent}%" if result.learnt else NONE,
                str(result.counts["confused"]),
                str(result.total),
            ]
        else:
            numbers = [str(result.total), str(result.lived), str(result.learnt)]
        names = NAMES[activity.mode]
        cards.append(
            (place, result.text, [f"{n} {v}" for n, v in zip(names, numbers, strict=True)])
        )
    return cards


def assert_readable_cards(page: Page, expected: list[tuple[str, str, list[str]]]) -> None:
    assert has_no_sideways_scroll(page), page.url
    facts: dict[str, Any] = page.locator("table.ws-results").first.evaluate(CARDS)
    scroll, width = facts["wrap"]
    assert scroll <= width, f"the results scroll sideways: {scroll} px in {width} px"
    shown = [
        (card["place"], card["idea"], [line["text"] for line in card["lines"]])
        for card in facts["cards"]
    ]
    assert shown == expected
    for card in facts["cards"]:
        assert card["inView"], card
        assert card["ownLine"], card
        assert all(line["header"] and line["beside"] for line in card["lines"]), card


def heard_table(page: Page) -> dict[str, list[str]]:
    """What Chromium tells a screen reader: the names of the table parts it exposes."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    heard: dict[str, list[str]] = {}
    for node in nodes:
        role = node.get("role", {}).get("value")
        if role in ("table", "columnheader", "rowheader", "cell"):
            heard.setdefault(role, []).append(node.get("name", {}).get("value", ""))
    return heard


@pytest.mark.parametrize("mode", ["dots", "rating"])
def test_results_are_cards_without_sideways_scroll_on_a_small_phone(
    new_page, initiative, alice, mode
):
    workshop = in_a_thread(build_big_vote, initiative, alice, mode)
    expected = in_a_thread(expected_cards, workshop)
    assert len(expected) == 12
    assert {idea for _place, idea, _lines in expected} == set(LONG_IDEAS)
    top = expected[0][2]
    assert any(len(line.split()[-1].rstrip("%")) == 3 for line in top), top  # 120 or 100%

    phone = new_page(**SMALL_PHONE)
    join(phone, workshop, "June")
    expect(phone.locator("table.ws-results tbody tr")).to_have_count(12)
    assert_readable_cards(phone, expected)
    heard = heard_table(phone)
    assert heard["table"] == ["Results, most support first"]
    assert heard["columnheader"] == ["Place", "Idea", *NAMES[mode]]
    assert heard["rowheader"] == [idea for _place, idea, _lines in expected]
    # A cell is heard as its number alone: its column's name drawn beside it is not read too.
    assert heard["cell"][: 1 + len(NAMES[mode])] == [
        expected[0][0],
        *[line.rsplit(" ", 1)[1] for line in expected[0][2]],
    ]

    # Wider, it is the table it was: the numbers in columns under their headings.
    phone.set_viewport_size({"width": 1024, "height": 768})
    header = phone.locator("table.ws-results thead")
    expect(header).to_be_visible()
    expect(phone.locator("table.ws-results tbody tr").first).to_have_text(
        " ".join([expected[0][0], expected[0][1], *[line.rsplit(" ", 1)[1] for line in top]]),
        use_inner_text=True,
    )
    assert has_no_sideways_scroll(phone)
    check(phone)

    console = new_page(**SMALL_PHONE)
    log_in(console, "alice@example.org")
    visit(console, staff_path(workshop, "console/"))
    wait_until_live(console)
    assert_readable_cards(console, expected)

    visit(console, staff_path(workshop, "record/"))
    assert_readable_cards(console, expected)

    # On paper the record is a table again, with its headings, whatever the screen was.
    console.emulate_media(media="print")
    expect(console.locator("table.ws-results thead")).to_be_visible()
    assert console.locator("table.ws-results").evaluate("t => getComputedStyle(t).display") == (
        "table"
    )
