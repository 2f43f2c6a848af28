"""The round page and the slips to print, in real Chromium: axe, a 320 px phone, and print."""

from __future__ import annotations

from playwright.sync_api import expect

from coproduce.initiatives.models import Capacity
from coproduce.ladder import domain
from tests.browser.conftest import has_no_sideways_scroll, log_in, navigates, visit
from tests.factories import InvolvementFactory, PersonFactory


def test_staff_print_slips_for_people_without_email(new_page, org, initiative, alice):
    carol = PersonFactory(organisation=org, name="Carol Singh", contact_methods=["phone"])
    InvolvementFactory(initiative=initiative, person=carol, capacity=Capacity.LIVED_CARER)
    round_ = domain.open_round(initiative, actor=alice)
    code = round_.responses.get(person=carol).code_display
    page = new_page(viewport={"width": 320, "height": 568})
    log_in(page, "alice@example.org")
    visit(page, f"/o/riverside/initiatives/{initiative.pk}/ladder/rounds/{round_.pk}/")
    assert has_no_sideways_scroll(page)
    with navigates(page):
        page.get_by_role("link", name="Print slips for people without email").click()
    assert has_no_sideways_scroll(page)
    slips = page.locator(".slip-print")
    expect(slips).to_have_count(1)
    expect(slips.get_by_role("heading", level=2)).to_have_text("Carol Singh")
    expect(slips.locator(".slip-code")).to_have_text(code)
    page.emulate_media(media="print")
    expect(page.locator("h1")).to_be_hidden()  # the instructions are for staff, not the slip
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(slips.locator(".slip-code")).to_be_visible()
    qr_width = slips.locator("svg.slip-qr").evaluate("svg => svg.getBoundingClientRect().width")
    assert 160 < qr_width < 180  # 4.5 cm at 96 pixels to the inch: about 170
