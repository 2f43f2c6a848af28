""" "What the records show" on an initiative page and beside the Ladder results, in a real
browser: staff on a laptop and a 320 px phone, and a member, who does not see access needs.
Axe checks every page.
"""

from __future__ import annotations

import datetime
import urllib.request

import pytest
from playwright.sync_api import expect

from coproduce.initiatives.models import Initiative
from tests.browser.conftest import has_no_sideways_scroll, log_in, navigates, visit
from tests.factories import ContributionFactory, DecisionFactory, PanelFactory


@pytest.fixture(autouse=True)
def _warm(server_url, new_page):
    """The first page of a fresh server can take longer than a page may on a busy machine."""
    with urllib.request.urlopen(f"{server_url}/accounts/login/", timeout=120):  # noqa: S310 -- our own test server
        pass


def called_co_production(initiative):
    """The issue's case: called co-production at the idea stage, no workshop, no response."""
    Initiative.objects.filter(pk=initiative.pk).update(
        claimed_approach="co_production",
        created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    ContributionFactory(initiative=initiative, organisation=initiative.organisation)
    DecisionFactory(initiative=initiative, organisation=initiative.organisation)
    PanelFactory(organisation=initiative.organisation).initiatives.add(initiative)


def test_staff_see_what_the_records_show_on_a_laptop_and_a_phone(new_page, initiative, alice):
    called_co_production(initiative)
    path = f"/o/riverside/initiatives/{initiative.pk}/"
    page = new_page(viewport={"width": 1280, "height": 720})
    log_in(page, "alice@example.org")
    for size in ({"width": 1280, "height": 720}, {"width": 320, "height": 568}):
        page.set_viewport_size(size)
        visit(page, path)
        section = page.get_by_role("region", name="What the records show")
        expect(section).to_be_visible()
        expect(section.get_by_role("note")).to_contain_text(
            "This work is called Co-production, and that means people have an equal say in "
            "every decision. No decision on this initiative was recorded as taken jointly or "
            "by a vote (1 decision recorded)."
        )
        expect(section).to_contain_text(
            "The work is still at the idea stage, so the records cannot show people in every "
            "stage yet."
        )
        expect(section.get_by_text("Access needs met", exact=True)).to_be_visible()
        assert has_no_sideways_scroll(page)

    with navigates(page):
        page.get_by_role("link", name="See the Ladder results").click()
    brief = page.get_by_role("region", name="What the records show")
    expect(brief.get_by_role("note")).to_contain_text("No decision on this initiative")
    with navigates(page):
        brief.get_by_role("link", name="See what the records show, line by line").click()
    expect(page.get_by_role("heading", name="What the records show")).to_be_visible()


def test_a_member_sees_the_evidence_without_access_needs(page, initiative, bob):
    called_co_production(initiative)
    log_in(page, "bob@example.org")
    visit(page, f"/o/riverside/initiatives/{initiative.pk}/")
    section = page.get_by_role("region", name="What the records show")
    expect(section.get_by_role("note")).to_contain_text("No decision on this initiative")
    expect(section.get_by_text("Access needs met", exact=True)).to_have_count(0)
