"""A panel member's own page and what sits around it, in a real browser: access needs (the
member's own, and the named contact's pages), the group agreement and the glossary. Axe checks
every page.

Bob (a member) tells us what helps him take part by keyboard alone; Alice (staff, the named
contact) records a need, agrees an adjustment and reviews it, runs the group agreement and
keeps the glossary.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coproduce.core.models import AuditEntry
from coproduce.panels.domain import access
from coproduce.panels.models import (
    AccessNeed,
    Adjustment,
    AgreementSignature,
    AgreementVersion,
    GlossaryTerm,
)
from tests.browser.conftest import (
    field,
    focused,
    has_no_sideways_scroll,
    log_in,
    navigates,
    panel_path,
    press_and_load,
    tab_to,
    type_into,
    visit,
)
from tests.factories import (
    GlossaryTermFactory,
    MeetingFactory,
    day_services_panel,
)

NARROW = {"viewport": {"width": 320, "height": 640}}


@pytest.fixture
def panel(org, alice, bob, dana):
    """Day Services Panel: alice is the named contact, dana the deputy, bob a member."""
    panel = day_services_panel(org, alice, dana, bob, published_at=timezone.now())
    return panel


def test_member_adds_and_changes_their_own_access_need_by_keyboard(new_page, panel, alice, bob):
    MeetingFactory(panel=panel, title="December meeting")
    page = new_page(**NARROW)
    log_in(page, "bob@example.org")
    visit(page, panel_path(panel, "me/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My page: Day Services Panel")
    expect(page.locator("#next-heading + .card")).to_contain_text("December meeting")
    expect(page.locator("main")).to_contain_text("We have not recorded anything yet.")
    assert has_no_sideways_scroll(page)

    tab_to(page, text="What helps you take part?")
    press_and_load(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("What helps you take part?")
    assert has_no_sideways_scroll(page)
    tab_to(page, text="Tell us something that helps you")
    press_and_load(page)
    tab_to(page, text="How we share information")
    press_and_load(page)
    expect(page.get_by_role("heading", name="How we share information")).to_be_visible()
    tab_to(page, label="Easy read")
    page.keyboard.press("Space")
    type_into(page, "In your own words (optional)", "Pictures help me follow.")
    tab_to(page, tag="button", text="Save")  # without agreeing that we keep it
    press_and_load(page)
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text(
        "Tick this box so we can keep what you need."
    )
    assert not AccessNeed.objects.exists()
    tab_to(page, label="In your own words (optional)")
    assert focused(page)["value"] == "Pictures help me follow."  # what was typed is kept
    tab_to(page, label="The staff who run a meeting or workshop can read this too")
    page.keyboard.press("Space")
    tab_to(page, label="I agree that you keep this, so you can help me take part")
    page.keyboard.press("Space")
    tab_to(page, tag="button", text="Save")
    press_and_load(page)
    expect(page.get_by_role("status")).to_have_text(
        "Thank you. It is saved. Your named contact will talk to you about what we can do."
    )
    need = AccessNeed.objects.get()
    assert (need.person.name, need.kind, need.options, need.detail) == (
        "Bob Hughes",
        "communication",
        ["easy_read"],
        "Pictures help me follow.",
    )
    assert (need.share_with_facilitators, need.consent_via) == (True, "online")
    expect(page.locator(".need")).to_contain_text("Easy read")

    tab_to(page, text="Change or end this: How we share information")
    press_and_load(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change what helps you: How we share information"
    )
    tab_to(page, label="Large print")
    page.keyboard.press("Space")
    tab_to(page, tag="button", text="Save")
    press_and_load(page)
    expect(page.get_by_role("status")).to_have_text("Thank you. Your changes are saved.")
    need.refresh_from_db()
    assert need.options == ["easy_read", "large_print"]
    visit(page, panel_path(panel, "me/"))  # every panel shows the same need
    tab_to(page, text="Show the easy read version")
    press_and_load(page)
    expect(page.get_by_role("heading", name="What helps you take part")).to_be_visible()
    easy_need = page.locator(".easy-points li", has_text="How we share information")
    expect(easy_need).to_contain_text("Easy read, Large print")
    assert has_no_sideways_scroll(page)


def test_named_contact_records_a_need_agrees_and_reviews_an_adjustment(new_page, panel, alice, bob):
    page = new_page()
    log_in(page, "alice@example.org")
    visit(page, panel_path(panel))
    with navigates(page):
        page.get_by_role("navigation", name="This panel").get_by_role(
            "link", name="Access needs"
        ).click()
    expect(page.locator("tbody tr")).to_have_text(["Bob Hughes None recorded"])
    with navigates(page):
        page.get_by_role("link", name="Bob Hughes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bob Hughes's access needs")
    with navigates(page):
        page.get_by_role("link", name="Getting there and moving around").click()
    page.get_by_label("Step-free access").check()
    field(page, "In their words").fill("I use a wheelchair. Ramps, not steps.")
    page.get_by_label("They told us").check()
    page.get_by_label("They agree that we keep this, so we can help them take part").check()
    page.get_by_label("By phone").check()
    with navigates(page):
        page.get_by_role("button", name="Record the need").click()
    expect(page.get_by_role("status")).to_have_text(
        "The need is recorded. Now agree what you will do."
    )
    need = AccessNeed.objects.get()
    assert (need.kind, need.options, need.identified_how, need.consent_via) == (
        "mobility",
        ["step_free"],
        "told_us",
        "phone",
    )

    with navigates(page):
        page.get_by_role("link", name="Agree an adjustment").click()
    field(page, "What will we do?").fill("Book rooms with step-free access only.")
    with navigates(page):
        page.get_by_role("button", name="Record the adjustment").click()
    expect(page.get_by_role("status")).to_have_text("The adjustment is recorded.")
    adjustment = Adjustment.objects.get()
    assert (adjustment.description, adjustment.review_on - adjustment.agreed_on) == (
        "Book rooms with step-free access only.",
        datetime.timedelta(days=91),
    )

    with navigates(page):
        page.get_by_role("link", name="Review this adjustment").click()
    with navigates(page):  # nothing chosen: the error summary
        page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose what you agreed.")
    page.get_by_label("Keep it going").check()
    field(page, "Change what we will do").fill("Book step-free rooms near the bus stop.")
    with navigates(page):
        page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("status")).to_have_text("The review is recorded.")
    adjustment.refresh_from_db()
    assert (adjustment.description, adjustment.ended_on) == (
        "Book step-free rooms near the bus stop.",
        None,
    )

    with navigates(page):
        page.get_by_role("link", name="Change or end this need").click()
    page.get_by_label("They no longer need this").check()
    with navigates(page):
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    need.refresh_from_db()
    adjustment.refresh_from_db()
    assert (need.ended_on, adjustment.ended_on) == (timezone.localdate(), timezone.localdate())
    assert AuditEntry.objects.filter(action="people.access_need.ended").count() == 1

    # Bob sees it is gone from his own page.
    member = new_page()
    log_in(member, "bob@example.org")
    visit(member, panel_path(panel, "me/"))
    expect(member.locator("main")).to_contain_text("We have not recorded anything yet.")


def test_group_agreement_is_written_published_and_agreed(new_page, panel, alice, bob):
    GlossaryTermFactory(
        organisation=panel.organisation,
        term="named contact",
        definition="The member of staff you can always talk to.",
        easy_read="The person you talk to.",
    )
    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, panel_path(panel, "agreement/"))
    expect(staff.locator("main")).to_contain_text("No points yet.")
    with navigates(staff):
        staff.get_by_role(
            "button", name="Publish a new version from the points that are in"
        ).click()
    expect(staff.get_by_role("status")).to_have_text(
        "Mark at least one point as in the agreement first."
    )
    with navigates(staff):
        staff.get_by_role("button", name="Start from the usual points").click()
    expect(staff.get_by_role("status")).to_have_text("7 points added for the group to talk about.")
    points = staff.locator(".card-list > li.card")
    expect(points).to_have_count(7)
    # Each button names its point, for people who move from button to button.
    expect(staff.get_by_role("button", name=re.compile("^In “"))).to_have_count(7)
    for point in ("One person speaks at a time. …", "If something worries you, talk to …"):
        with navigates(staff):
            staff.get_by_role("button", name=f"In “{point}”", exact=True).click()
    with navigates(staff):
        staff.get_by_role(
            "button", name="Publish a new version from the points that are in"
        ).click()
    expect(staff.get_by_role("status")).to_have_text(
        "Version 1 is published. Members can now say they agree."
    )
    version = AgreementVersion.objects.get()
    assert [point["text"] for point in version.points] == [
        "One person speaks at a time. Raise your hand, or use the hand button online.",
        "If something worries you, talk to the chair or your named contact privately.",
    ]

    member = new_page(**NARROW)
    log_in(member, "bob@example.org")
    visit(member, panel_path(panel, "me/"))
    expect(member.locator("main")).to_contain_text(
        "There is a new version (1). Please read it and say if you agree."
    )
    with navigates(member):
        member.get_by_role("link", name="Read the agreement or raise a point").click()
    expect(member.get_by_role("heading", name="Words explained")).to_be_visible()
    expect(member.locator(".words-explained")).to_contain_text(
        "The member of staff you can always talk to."
    )
    with navigates(member):
        member.get_by_role("button", name="I agree to this").click()
    expect(member.get_by_role("status")).to_have_text(
        "Thank you. You have agreed to the group agreement."
    )
    assert AgreementSignature.objects.get().person.name == "Bob Hughes"
    field(member, "Your point").fill("We have tea at half time.")
    with navigates(member):
        member.get_by_role("button", name="Raise this point").click()
    expect(member.get_by_role("status")).to_have_text(
        "Thank you. Your point is on the list for the group."
    )
    new_point = member.locator(".card-list > li.card").last
    expect(new_point).to_contain_text("Raised by Bob Hughes")
    new_point.get_by_label("Your comment on “We have tea at half time.”").fill("And biscuits.")
    with navigates(member):
        new_point.get_by_role("button", name="Add comment").click()
    expect(member.get_by_role("status")).to_have_text("Your comment is added.")
    expect(member.locator(".comments").last).to_have_text("Bob Hughes: And biscuits.")
    with navigates(member):
        member.get_by_role("link", name="Show the easy read version").click()
    expect(member.locator(".easy-points").first).to_contain_text("One person talks at a time.")
    expect(member.get_by_role("heading", name="Hard words")).to_be_visible()
    assert has_no_sideways_scroll(member)
    # The easy read choice is kept: My page is in easy read too.
    visit(member, panel_path(panel, "me/"))
    expect(member.locator("main")).to_contain_text("You said yes to our group agreement.")


def test_staff_keep_the_glossary_and_members_read_it(new_page, panel, alice, bob):
    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, "/o/riverside/panels/glossary/")
    expect(staff.locator("main")).to_contain_text("The glossary is empty.")
    with navigates(staff):
        staff.get_by_role("link", name="Add a word").click()
    field(staff, "Word or phrase").fill("Direct payment")
    with navigates(staff):  # no meaning: the error summary
        staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".error-summary")).to_contain_text("Say what it means.")
    expect(field(staff, "Word or phrase")).to_have_value("Direct payment")
    field(staff, "What it means").fill("Money from the council to pay for your own support.")
    field(staff, "Plain words to use instead").fill("money for your support")
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_have_text("The word is in the glossary.")
    with navigates(staff):
        staff.get_by_role("button", name="Add the starter list of social care words").click()
    starter = GlossaryTerm.objects.count()
    assert starter > 1
    expect(staff.get_by_role("status")).to_have_text(f"{starter - 1} words added to the glossary.")

    member = new_page()
    log_in(member, "bob@example.org")
    visit(member, "/o/riverside/panels/glossary/")
    expect(member.locator(".glossary > div")).to_have_count(starter)
    expect(member.locator("#word-direct-payment")).to_contain_text(
        "Plain words: money for your support"
    )
    expect(member.get_by_role("link", name=re.compile("^Change"))).to_have_count(0)
    expect(member.get_by_role("link", name="Add a word")).to_have_count(0)


def test_staff_change_a_glossary_word(page: Page, panel, alice):
    term = GlossaryTermFactory(
        organisation=panel.organisation,
        term="Direct payment",
        definition="Money from the council to pay for your own support.",
    )
    log_in(page, "alice@example.org")
    visit(page, "/o/riverside/panels/glossary/")
    with navigates(page):
        page.get_by_role("link", name="Change Direct payment").click()
    expect(field(page, "Word or phrase")).to_have_value("Direct payment")
    field(page, "What it means, in easy read").fill("Money to pay for your help.")
    with navigates(page):
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    term.refresh_from_db()
    assert term.easy_read == "Money to pay for your help."


def test_access_and_glossary_pages_fit_320px_in_large_text_and_high_contrast(
    new_page, panel, alice, bob
):
    need = access.record_access_need(
        panel, bob.people.get(), actor=alice, kind="sensory", options=["quiet"],
        detail="A quiet room to take a break.", identified_on=timezone.localdate(),
        identified_how="asked", share_with_facilitators=False, consent_via="conversation",
    )  # fmt: skip
    adjustment = access.agree_adjustment(
        panel,
        need, actor=alice, description="Book a second room for breaks.",
        agreed_on=timezone.localdate(), review_on=timezone.localdate() + datetime.timedelta(91),
    )  # fmt: skip
    term = GlossaryTermFactory(organisation=panel.organisation, term="Care plan")
    bob_pk = bob.people.get().pk
    pages = {
        "alice@example.org": [
            panel_path(panel, "access/"),
            panel_path(panel, f"access/people/{bob_pk}/"),
            panel_path(panel, f"access/people/{bob_pk}/?kind=energy"),
            panel_path(panel, f"access/needs/{need.pk}/"),
            panel_path(panel, f"access/needs/{need.pk}/adjustments/new/"),
            panel_path(panel, f"access/adjustments/{adjustment.pk}/review/"),
            "/o/riverside/panels/glossary/",
            "/o/riverside/panels/glossary/new/",
            f"/o/riverside/panels/glossary/{term.pk}/",
        ],
        "bob@example.org": [
            panel_path(panel, "me/"),
            "/o/riverside/people/me/access/",
            "/o/riverside/people/me/access/new/",
            "/o/riverside/people/me/access/new/?kind=dietary",
            f"/o/riverside/people/me/access/{need.pk}/",
            "/o/riverside/panels/glossary/",
        ],
    }
    for email, paths in pages.items():
        page = new_page(**NARROW)
        log_in(page, email)
        visit(page, "/display/")
        page.get_by_label("Large", exact=True).check()
        page.get_by_label("High contrast").check()
        with navigates(page):
            page.get_by_role("button", name="Save my choice").click()
        for path in paths:
            visit(page, path)  # axe checks contrast again, in high contrast
            expect(page.locator("html")).to_have_class("text-large contrast-high")
            assert has_no_sideways_scroll(page), f"{path} scrolls sideways at 320 px"
