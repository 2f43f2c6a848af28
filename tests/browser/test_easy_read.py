"""Easy read pages in a real browser at 320 px and printed on A4: a picture with alt text
beside every point, nothing wider than the screen, and axe finds nothing (on every visit).

Screenshots and PDFs go to /tmp/h21pics-easy-read-*.png and .pdf, to look at.
"""

from __future__ import annotations

import datetime
import os
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from coproduce.panels.domain import agreement, regenerate_role_description
from tests.browser.conftest import has_no_sideways_scroll, log_in, navigates, panel_path, visit
from tests.factories import ClaimFactory, MeetingFactory, ResponseFactory, day_services_panel

PHONE = {"width": 320, "height": 568}
# Artefacts to look at: the temporary folder unless EASY_READ_ARTEFACTS names another.
OUT = str(Path(os.environ.get("EASY_READ_ARTEFACTS", tempfile.gettempdir())) / "h21pics-easy-read")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def panel(org, alice, bob, dana):
    panel = day_services_panel(org, alice, dana, bob, published_at=timezone.now())
    regenerate_role_description(panel, actor=alice, replace_edits=True)
    return panel


def pictured_points(page: Page) -> list[dict]:
    """Each easy read point: its picture's alt text, whether it loaded, and where it sits."""
    return page.eval_on_selector_all(
        ".easy-point",
        """points => points.map(p => {
            const img = p.querySelector('img');
            const words = p.querySelector('.easy-point-text');
            return {
                alt: img ? img.getAttribute('alt') : null,
                loaded: img ? img.complete && img.naturalWidth > 0 : false,
                left: img && words
                    ? img.getBoundingClientRect().right <= words.getBoundingClientRect().left
                    : false,
            };
        })""",
    )


def assert_easy_read_layout(page: Page, name: str) -> None:
    points = pictured_points(page)
    assert points, "no easy read points"
    assert all(p["alt"] for p in points), points
    assert all(p["loaded"] for p in points), points
    assert all(p["left"] for p in points), "a picture is not on the left of its point"
    assert has_no_sideways_scroll(page)
    page.screenshot(path=f"{OUT}-{name}-320.png", full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=f"{OUT}-{name}-print.png", full_page=True)
    page.pdf(path=f"{OUT}-{name}.pdf", format="A4", print_background=False)
    hidden = page.eval_on_selector_all(
        ".version-switch, .easy-read-switch, .site-footer",
        "els => els.every(e => getComputedStyle(e).display === 'none')",
    )
    assert hidden, "switches and the footer are printed"
    page.emulate_media(media="screen")


def test_role_description_easy_read_at_320_and_in_print(new_page, panel):
    page = new_page(viewport=PHONE)
    visit(page, f"/panels/{panel.organisation.slug}/{panel.slug}/?version=easy-read")
    assert_easy_read_layout(page, "role")


def test_meeting_page_easy_read_at_320_and_in_print(new_page, panel, bob):
    meeting = MeetingFactory(panel=panel, title="June meeting", venue="Riverside Library, Room 2")
    page = new_page(viewport=PHONE)
    log_in(page, "bob@example.org")
    visit(page, panel_path(panel, f"meetings/{meeting.pk}/?version=easy-read"))
    assert_easy_read_layout(page, "meeting")


def test_group_agreement_easy_read_at_320_and_in_print(new_page, panel, alice, bob):
    """The ready-made points come with their own pictures, on screen and on paper."""
    agreement.add_template_points(panel, actor=alice)
    for point in panel.agreement_points.all():
        agreement.set_point_state(point, "in", actor=alice)
    agreement.publish_agreement_version(panel, actor=alice)
    page = new_page(viewport=PHONE)
    log_in(page, "bob@example.org")
    visit(page, panel_path(panel, "agreement/?version=easy-read"))
    alts = [p["alt"] for p in pictured_points(page)]
    assert alts[:2] == ["A raised hand", "A question mark"]
    assert_easy_read_layout(page, "agreement")


def test_application_form_easy_read_at_320_and_in_print(new_page, panel):
    """Each easy read question has its picture on its left; on paper the questions stay."""
    page = new_page(viewport=PHONE)
    visit(page, f"/panels/{panel.organisation.slug}/{panel.slug}/?version=easy-read")
    visit(page, f"/panels/{panel.organisation.slug}/{panel.slug}/apply/")
    with navigates(page):
        page.locator("main form button[type=submit]").first.click()
    beside = page.eval_on_selector_all(
        ".field-pictured",
        """fields => fields.map(f => {
            const img = f.querySelector('img.field-picture');
            const words = f.querySelector('label, legend');
            return [img.alt, img.naturalWidth > 0,
                    img.getBoundingClientRect().right <= words.getBoundingClientRect().left];
        })""",
    )
    assert len(beside) >= 8
    assert all(alt and loaded and left for alt, loaded, left in beside), beside
    assert has_no_sideways_scroll(page)
    page.screenshot(path=f"{OUT}-apply-320.png", full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=f"{OUT}-apply-print.png", full_page=True)
    page.pdf(path=f"{OUT}-apply.pdf", format="A4")
    assert page.get_by_text("What is your name?").is_visible()
    assert not page.get_by_role("button", name="Send").is_visible()


def test_ladder_question_easy_read_at_320_and_in_print(new_page, initiative):
    response = ResponseFactory(round__initiative=initiative, bank_version=2)
    page = new_page(viewport=PHONE)
    visit(page, f"/answer/{response.token}/q/1/?easy_read=on")
    pictures = page.eval_on_selector_all(
        "main img.easy-picture", "imgs => imgs.map(i => [i.alt, i.naturalWidth > 0])"
    )
    assert len(pictures) >= 3
    assert all(alt and loaded for alt, loaded in pictures), pictures
    assert has_no_sideways_scroll(page)
    page.screenshot(path=f"{OUT}-ladder-320.png", full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=f"{OUT}-ladder-print.png", full_page=True)
    page.pdf(path=f"{OUT}-ladder.pdf", format="A4")
    # On paper the choices are still there to tick, each with its picture; the buttons are not.
    assert page.locator("form.print-keep .answer-option").first.is_visible()
    assert not page.get_by_role("button", name="Continue").is_visible()


def test_year_statement_is_easy_read_first_at_320_and_in_print(new_page, org, bob):
    """Bob chose easy read, so his statement opens in easy read, pictures beside each point."""
    person = bob.people.get(organisation=org)
    person.formats = ["easy_read"]
    person.save()
    now = timezone.now()
    ClaimFactory(
        person=person,
        status="paid",
        approved_at=now,
        paid_at=now,
        paid_on=datetime.date(2026, 9, 30),
        payable_fee_pence=5000,
        payment_reference="BACS-77",
    )
    page = new_page(viewport=PHONE)
    log_in(page, "bob@example.org")
    visit(page, f"/o/{org.slug}/payments/statement/?year=2026")
    assert page.get_by_role("link", name="Show the standard version").is_visible()
    assert page.get_by_text("Fee: £50.00.").is_visible()
    assert not page.get_by_text("£0.00").count()  # no costs: nothing said about them
    assert_easy_read_layout(page, "statement")
