"""Panel proposals and leaders' backing in a real browser: a member answers a proposal by
keyboard alone on a 320 by 568 phone, and the staff pages pass axe at projector size."""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from coproduce.decisions import backing, proposals
from coproduce.decisions.models import ProposalAnswer
from tests.browser import conftest as ui
from tests.decisions.proposal_setup import open_on, panel_with_members

PHONE = {"width": 320, "height": 568}
PROJECTOR = {"width": 1280, "height": 720}
# The first page of a run can take over the usual 10 s on a busy machine (a cold server and
# browser); every later step is quick.
FIRST_LOAD_MS = 40_000


def opened(new_page, viewport, email):
    page = new_page(viewport=viewport)
    page.set_default_navigation_timeout(FIRST_LOAD_MS)
    ui.log_in(page, email)
    return page


def test_a_member_answers_a_proposal_by_keyboard_on_a_phone(new_page, org, alice, dana, bob):
    panel = panel_with_members(org, alice, dana, bob, others=1)
    proposal = open_on(panel, alice, detail="Staff would take a weekday off instead.")
    page = opened(new_page, PHONE, "bob@example.org")
    ui.visit(page, f"/o/riverside/panels/{panel.pk}/")
    assert ui.has_no_sideways_scroll(page)

    ui.tab_to(page, tag="a", text="Open on one Saturday a month", max_presses=120)
    ui.press_and_load(page)
    expect(page.locator("h1")).to_have_text("Open on one Saturday a month")
    assert ui.has_no_sideways_scroll(page)

    ui.tab_to(page, type="radio")
    while ui.focused(page)["value"] != "object":
        page.keyboard.press("ArrowDown")
    ui.tab_to(page, tag="textarea")
    page.keyboard.type("The bus does not run on Saturday afternoons.")
    ui.tab_to(page, tag="button", text="Send my answer")
    ui.press_and_load(page)

    expect(page.locator(".messages")).to_contain_text("Thank you. Your answer is saved.")
    expect(page.locator("main")).to_contain_text("You answered: I object.")
    assert ui.has_no_sideways_scroll(page)
    answer = ProposalAnswer.objects.get(proposal=proposal)
    assert (answer.answer, answer.reason) == (
        "object",
        "The bus does not run on Saturday afternoons.",
    )


def test_staff_proposal_and_backing_pages_pass_axe(new_page, org, alice, dana, bob, initiative):
    panel = panel_with_members(org, alice, dana, bob, others=1, decision_power="advises")
    panel.initiatives.add(initiative)
    proposal = open_on(panel, alice, initiative=initiative)
    june = panel.members.get(person__user__isnull=True).person
    proposals.answer_proposal(proposal, june, actor=alice, answer="agree", how_told="by phone")
    closed = open_on(panel, alice, title="Meet at the library")
    proposals.answer_proposal(closed, bob.people.get(), actor=bob, answer="agree")
    proposals.close_proposal(closed, actor=alice)
    held = backing.record_backing(
        actor=alice,
        sponsor=dana.people.get(),
        sponsor_role="Director of Adult Social Care",
        backed_on=timezone.localdate(),
        commitment="To answer every recommendation in writing within 4 weeks.",
        due_on=timezone.localdate() + datetime.timedelta(days=28),
        panel=panel,
    )
    page = opened(new_page, PROJECTOR, "alice@example.org")
    # Each page, what it must say, and the button to send it empty (its errors checked too).
    pages = [
        (f"panels/{panel.pk}/", "This panel only gives advice.", None),
        (f"panels/{panel.pk}/proposals/new/", "Write what the panel is asked", "Open the proposal"),
        (f"proposals/{proposal.pk}/", "Recorded by Alice Okafor", None),
        (f"proposals/{proposal.pk}/record/", "Choose the member.", "Save their answer"),
        (f"proposals/{closed.pk}/", "Agreed.", None),
        (f"panels/{panel.pk}/backing/new/", "Choose who is backing it.", "Save"),
        (f"initiatives/{initiative.pk}/backing/new/", "Write what they committed to.", "Save"),
        (f"backing/{held.pk}/", "Did they do it?", None),
        (f"initiatives/{initiative.pk}/", "Backed by leadership", None),
    ]
    for path, says, button in pages:
        ui.visit(page, f"/o/riverside/{path}")
        if button is not None:
            with ui.navigates(page):
                page.get_by_role("button", name=button, exact=True).click()
        expect(page.locator("main")).to_contain_text(says)
