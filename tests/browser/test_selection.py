"""Fair selection in real Chromium: the coordinator's whole flow by keyboard, axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from coproduce.panels.domain.equality import record_equality_answers
from coproduce.panels.models import Application, PanelQuestion, Status
from coproduce.selection.models import SelectionRun
from tests.browser.conftest import (
    focused,
    has_no_sideways_scroll,
    log_in,
    press_and_load,
    tab_to,
    type_into,
    visit,
)
from tests.factories import PASSWORD, ApplicationFactory, PanelFactory


@pytest.fixture
def pool(org, alice):
    panel = PanelFactory(organisation=org, places=3, named_contact=alice.people.get())
    for i in range(9):
        app = ApplicationFactory(panel=panel, organisation=org, name=f"Applicant {i}")
        answers = (
            {"disability_condition": "yes", "disability_reduced": "a_lot"}
            if i < 3
            else {"disability_condition": "no"}
        )
        record_equality_answers(app, answers, selection_consent=i != 8)
    return panel


def test_keyboard_only_coordinator_selects_draws_and_tells_people(page: Page, alice, pool):
    visit(page, "/accounts/login/")
    type_into(page, re.compile("Email( address)?( or sign-in name)?"), "alice@example.org")
    type_into(page, "Password", PASSWORD)
    tab_to(page, tag="button", text=re.compile("Log in|Sign In"))
    press_and_load(page)

    visit(page, f"/o/riverside/panels/{pool.pk}/selection/")
    tab_to(page, text="Start a new selection")
    press_and_load(page)
    tab_to(page, label="How many places to fill")
    assert focused(page)["value"] == "3"
    tab_to(page, label="Disability")
    page.keyboard.press("Space")
    tab_to(page, tag="button", text="Next: set the mix")
    press_and_load(page)

    expect(page.locator("main")).to_contain_text("1 applicant did not agree")
    expect(page.locator("main")).to_contain_text("Who applied, and their rough chance")
    tab_to(page, tag="button", text="Save and run the selection")
    press_and_load(page)  # the test task backend runs the selection before the redirect
    run = SelectionRun.objects.get()
    assert run.state == SelectionRun.State.DONE
    expect(page.locator("main")).to_contain_text("Everyone's chance")
    assert has_no_sideways_scroll(page)

    tab_to(page, tag="button", text="Draw the panel now")
    press_and_load(page)
    expect(page.locator("main")).to_contain_text("The panel drawn")
    tab_to(page, tag="button", text="Offer places and tell everyone")
    press_and_load(page)
    run.refresh_from_db()
    assert run.state == SelectionRun.State.INVITED
    offered = Application.objects.filter(panel=pool, status=Status.OFFERED)
    assert sorted(offered.values_list("pk", flat=True)) == sorted(run.drawn)

    tab_to(page, text="How this selection works, in plain English and easy read")
    press_and_load(page)
    expect(page.get_by_role("heading", name="Easy read")).to_be_visible()

    applicant = Application.objects.get(pk=run.drawn[0])
    visit(page, f"/apply/{applicant.token}/chance/")
    expect(page.locator("main")).to_contain_text("Your chance of being chosen was")


def test_public_dice_draw_pages(page: Page, alice, pool):
    run = SelectionRun.objects.create(
        organisation=pool.organisation,
        panel=pool,
        seats=1,
        state=SelectionRun.State.DONE,
        pool={"1": {}},
        distribution={"panels": [["1"]], "weights": [1.0]},
        probabilities={"1": 1.0},
        provenance={"algorithm": "leximin", "solver": "highspy", "seconds": 0.1},
        min_probability=1.0,
        max_probability=1.0,
        gini=0.0,
        lottery=[0] * 100,
        lottery_difference=0.0,
        created_by=alice,
    )
    visit(page, "/accounts/login/")
    type_into(page, re.compile("Email( address)?( or sign-in name)?"), "alice@example.org")
    type_into(page, "Password", PASSWORD)
    tab_to(page, tag="button", text=re.compile("Log in|Sign In"))
    press_and_load(page)
    visit(page, f"/o/riverside/panels/{pool.pk}/selection/{run.pk}/lottery/")
    type_into(page, "What did the dice show?", "7")
    type_into(page, "How was the draw done, and who saw it?", "Sam rolled, red die first.")
    tab_to(page, tag="button", text="Record the draw")
    press_and_load(page)
    expect(page.locator(".error-summary")).to_contain_text("Type the 2 digits")
    tab_to(page, label="What did the dice show?", backwards=True, max_presses=200)
    page.keyboard.press("Control+A")
    page.keyboard.type("07")
    tab_to(page, tag="button", text="Record the draw")
    press_and_load(page)
    run.refresh_from_db()
    assert run.draw["line"] == 7
    assert run.state == SelectionRun.State.DRAWN


def test_keyboard_only_coordinator_adds_a_question_of_their_own(page: Page, alice, pool):
    log_in(page, "alice@example.org")
    visit(page, f"/o/riverside/panels/{pool.pk}/selection/")
    tab_to(page, tag="a", text="Add your own questions to the form")
    press_and_load(page)
    expect(page.get_by_text("There are no questions of your own yet.")).to_be_visible()
    type_into(page, "The question", "Which of our services do you use most?")
    type_into(page, re.compile(r"The answers people can choose from.*"), "Day centre")
    tab_to(page, tag="button", text="Add the question")
    press_and_load(page)  # one answer is not a choice: refused, and the question is kept
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("The question", exact=True)).to_have_value(
        "Which of our services do you use most?"
    )
    tab_to(page, label=re.compile(r"The answers people can choose from.*"), backwards=True)
    page.keyboard.press("End")
    page.keyboard.type("\nHome care\nShort breaks")
    tab_to(page, tag="button", text="Add the question")
    press_and_load(page)
    question = PanelQuestion.objects.get(panel=pool)
    assert [option["label"] for option in question.options] == [
        "Day centre",
        "Home care",
        "Short breaks",
    ]
    expect(page.locator(".question-list")).to_contain_text("Which of our services do you use most?")
    visit(page, f"/o/riverside/panels/{pool.pk}/selection/questions/")
