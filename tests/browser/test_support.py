"""Wellbeing and "you said, we did" in a real browser; axe checks every page.

Bob raises a concern by keyboard only on a 320 px wide screen; Alice, the named contact, reads
it and her look is logged. Then every support and "you said, we did" page is visited.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.core.models import AuditEntry
from coproduce.outcomes import domain as outcomes
from coproduce.wellbeing import domain as wellbeing
from coproduce.wellbeing.models import Concern
from tests.browser.conftest import (
    focused,
    has_no_sideways_scroll,
    log_in,
    navigates,
    press_and_load,
    tab_to,
    type_into,
    visit,
)
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    SignpostServiceFactory,
    day_services_panel,
)

NARROW = {"viewport": {"width": 320, "height": 640}, "has_touch": True}
WORRY = "Someone at the day centre shouted at me and I felt scared."


@pytest.fixture
def panel(org, alice, bob, dana):
    panel = day_services_panel(org, alice, dana, bob)
    SignpostServiceFactory(organisation=org, name="Riverside Mind")
    return panel


def test_member_raises_a_concern_by_keyboard_at_320px_and_the_contact_reads_it(
    new_page, alice, bob, panel
):
    page = new_page(**NARROW)
    visit(page, "/accounts/login/")
    type_into(page, re.compile("Email( address)?( or sign-in name)?"), "bob@example.org")
    type_into(page, "Password", "coproduce-demo")
    tab_to(page, tag="button", text=re.compile("Log in|Sign In"))
    press_and_load(page)
    visit(page, f"/o/riverside/panels/{panel.pk}/")
    assert has_no_sideways_scroll(page)

    tab_to(page, text="Ask for support or raise a concern")
    press_and_load(page)
    assert has_no_sideways_scroll(page)
    tab_to(page, type="radio")
    assert focused(page)["label"] == "Ask for some support"
    page.keyboard.press("ArrowDown")
    assert focused(page)["label"] == "Tell someone I am worried about something"
    type_into(page, "What is happening?", WORRY)
    tab_to(page, type="radio")
    assert focused(page)["label"] == "Yes, put my name on it. My contact can reply to me."
    page.keyboard.press("Space")
    type_into(page, "How and when is it best to reach you? (optional)", "After 4pm")
    tab_to(page, tag="button", text="Send")
    press_and_load(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you. We have it.")
    expect(page.locator("main")).not_to_contain_text(WORRY)
    assert has_no_sideways_scroll(page)
    concern = Concern.objects.get()
    assert (concern.raised_by, concern.kind, concern.text) == (bob.people.get(), "concern", WORRY)

    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, "/o/riverside/wellbeing/concerns/")
    with navigates(staff):
        staff.get_by_role("link", name=f"Concern {concern.pk}").click()
    expect(staff.locator(".concern-text")).to_have_text(WORRY)
    assert list(
        AuditEntry.objects.filter(action="wellbeing.concern.viewed").values_list(
            "actor", "target_id"
        )
    ) == [(alice.pk, str(concern.pk))]


def test_support_and_you_said_we_did_pages_pass_axe(new_page, alice, bob, initiative, panel):
    org = initiative.organisation
    said_on = datetime.date(2026, 3, 2)
    ramp = outcomes.add_contribution(
        org, actor=alice, initiative=initiative, source="other", text="A ramp to the garden.",
        said_on=said_on, credited=[bob.people.get()], consent_given_on=said_on,
    )  # fmt: skip
    outcomes.record_response(
        ramp, actor=alice, decision="adopted", decided_by="Managers", decided_on=said_on
    )
    outcomes.record_change(ramp, actor=alice, what="Built.", happened_on=datetime.date(2026, 4, 1))
    beds = outcomes.add_contribution(
        org, actor=alice, initiative=initiative, source="other", text="Raised beds.",
        said_on=said_on,
    )  # fmt: skip
    outcomes.record_response(
        beds, actor=alice, decision="not_adopted", reason="The ground is too uneven.",
        decided_by="Managers", decided_on=said_on,
    )  # fmt: skip
    meeting = MeetingFactory(panel=panel, starts_at=timezone.now() - datetime.timedelta(days=1))
    AgendaItemFactory(meeting=meeting, content_note="Talks about losing a home")
    publication = outcomes.set_published(actor=alice, publish=True, initiative=initiative)
    _concern, token = wellbeing.raise_concern(panel, kind="support", text="Hi", person=None)

    staff = new_page()
    log_in(staff, "alice@example.org")
    base = f"/o/riverside/initiatives/{initiative.pk}/you-said-we-did/"
    for path in [
        base,
        base + "?version=easy-read",
        base + "?version=standard",
        base + "new/",
        base + "import/",
        f"/o/riverside/you-said-we-did/{beds.pk}/",
        f"/o/riverside/you-said-we-did/{beds.pk}/change/",
        f"/o/riverside/you-said-we-did/{beds.pk}/outcome/",
        f"/o/riverside/you-said-we-did/{beds.pk}/feedback/",
        f"/o/riverside/panels/{panel.pk}/you-said-we-did/",
        f"/o/riverside/panels/{panel.pk}/check-ins/",
        "/o/riverside/wellbeing/services/",
        "/o/riverside/wellbeing/services/new/",
        "/o/riverside/wellbeing/training/",
        "/o/riverside/wellbeing/training/new/",
        "/o/riverside/wellbeing/credits/new/",
    ]:
        visit(staff, path)
    visit(staff, f"/o/riverside/you-said-we-did/{beds.pk}/response/")
    with navigates(staff):  # "not adopted" with no reason: the error summary, and axe again
        staff.get_by_label("Not adopted").check()
        staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".error-summary")).to_contain_text("Say why it was not adopted")

    member = new_page(**NARROW)
    log_in(member, "bob@example.org")
    visit(member, "/o/riverside/wellbeing/")
    expect(member.locator("main")).to_contain_text("Talks about losing a home")  # debrief prompt
    for path in [
        "/o/riverside/you-said-we-did/mine/",
        f"/o/riverside/panels/{panel.pk}/check-in/",
        f"/o/riverside/panels/{panel.pk}/support/",
    ]:
        visit(member, path)
        assert has_no_sideways_scroll(member), path

    public = new_page(**NARROW)
    visit(public, f"/you-said-we-did/{publication.slug}/")
    assert has_no_sideways_scroll(public)
    expect(public.locator("main")).to_contain_text("The ground is too uneven.")
    visit(public, f"/support/{token}/")
