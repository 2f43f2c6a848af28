"""An applicant answers a place offered from their private link, on a 320 px phone, by
keyboard alone. Axe checks every page."""

from __future__ import annotations

from playwright.sync_api import expect

from coproduce.panels.models import PanelMember
from tests.browser.conftest import focused, has_no_sideways_scroll, press_and_load, tab_to, visit
from tests.factories import ApplicationFactory, PanelFactory


def test_applicant_accepts_a_place_by_keyboard_on_a_small_phone(new_page, org, alice, dana):
    alice_person = alice.people.get(organisation=org)
    panel = PanelFactory(
        organisation=org,
        name="Day Services Panel",
        slug="day-services",
        named_contact=alice_person,
        deputy_contact=dana.people.get(organisation=org),
        backed_by=dana.people.get(organisation=org),
    )
    application = ApplicationFactory(panel=panel, name="Sam Lee", status="offered")
    page = new_page(viewport={"width": 320, "height": 568})
    visit(page, f"/apply/{application.token}/done/")
    assert has_no_sideways_scroll(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("We would like to offer you a place")
    tab_to(page, tag="button", text="Yes, I accept the place")
    assert focused(page)["visible"]
    press_and_load(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You have accepted your place on Day Services Panel"
    )
    assert has_no_sideways_scroll(page)
    assert PanelMember.objects.filter(panel=panel, person__name="Sam Lee").count() == 1
    # Coming back later: the place is theirs, and there is nothing to press again.
    visit(page, f"/apply/{application.token}/done/")
    expect(page.get_by_role("button", name="Yes, I accept the place")).to_have_count(0)
