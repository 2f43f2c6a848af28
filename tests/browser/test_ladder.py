"""The Ladder self-assessment in a real browser: a round from opening to results.

Staff open a round; people answer with no account, by their private link or by the short code
(one of them by keyboard only); staff type in a paper answer. Axe checks every page on the way,
the results, summary, overview and guide included.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from coproduce.initiatives.models import Capacity
from coproduce.ladder import domain
from coproduce.ladder.models import Action, Response, Round
from tests.browser.conftest import (
    allow_console_error,
    focused,
    has_no_sideways_scroll,
    log_in,
    navigates,
    press_and_load,
    tab_to,
    type_into,
    visit,
)
from tests.factories import InvolvementFactory, PersonFactory
from tests.ladder.answers import V2 as BANK
from tests.ladder.answers import V2_CO_DESIGN as NEXT_TO_TOP
from tests.ladder.answers import V2_CONSULTATION as TWO_OPTIONS

QUESTIONS = BANK.questions
TOTAL = len(QUESTIONS)  # 15


@pytest.fixture
def people(org, initiative) -> dict[str, object]:
    """Besides alice (learnt) and bob (lived): Grace, Hamid, Ivy and Kofi."""
    initiative.claimed_approach = "co_production"
    initiative.save()
    people = {}
    for name, capacity in [
        ("Grace Adeyemi", Capacity.LIVED_CARE),
        ("Hamid Khan", Capacity.LIVED_CARER),
        ("Ivy Brown", Capacity.LEARNT),
        ("Kofi Mensah", Capacity.LEARNT),
    ]:
        person = PersonFactory(organisation=org, name=name)
        InvolvementFactory(initiative=initiative, person=person, capacity=capacity)
        people[name.split()[0].lower()] = person
    return people


def ladder_path(initiative, tail: str = "") -> str:
    return f"/o/riverside/initiatives/{initiative.pk}/ladder/{tail}"


def path_of(page: Page) -> str:
    """The address without the host or a #fragment (the skip link's #main stays in the URL)."""
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def slip(page: Page, name: str):
    return page.locator(".slip").filter(has_text=name)


def choose(page: Page, number: int, key: str, *, easy_read: bool = False) -> None:
    """Tick the option `key` of question `number` by its label, as a person would."""
    question = QUESTIONS[number - 1]
    if key == "not_sure":
        label = "I don\N{RIGHT SINGLE QUOTATION MARK}t know"
    else:
        option = question.option(key)
        label = option.easy_read if easy_read else option.text
    page.get_by_label(label, exact=True).check()


def answer_and_continue(page: Page, number: int, key: str, voice: str = "person") -> None:
    """Answer as a person with lived experience, or as staff typing in answers ("proxy")."""
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTIONS[number - 1].wording(voice))
    choose(page, number, key)
    with navigates(page):
        page.get_by_role("button", name=re.compile("^Continue")).click()


def send(response: Response, answers: dict[str, str]) -> None:
    for key, value in answers.items():
        domain.record_answer(response, key, value)
    domain.submit_response(response)


def test_round_answered_by_private_link_and_on_paper(new_page, people, initiative, alice):
    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, ladder_path(initiative))
    expect(staff.get_by_role("heading", level=2).first).to_have_text("No group results yet")
    with navigates(staff):
        staff.get_by_role("button", name="Ask everyone involved").click()
    round_ = Round.objects.get()
    assert staff.url.endswith(ladder_path(initiative, f"rounds/{round_.pk}/"))
    expect(staff.locator(".lead")).to_contain_text("0 of 6 people have sent answers.")
    grace_response = round_.responses.get(person=people["grace"])
    link = slip(staff, "Grace Adeyemi").locator(".code-text").inner_text()
    assert link.endswith(f"/answer/{grace_response.token}/")
    expect(slip(staff, "Grace Adeyemi").locator(".code")).to_have_text(grace_response.code_display)

    # Grace answers with her private link: no account, one question a page.
    grace = new_page(viewport={"width": 390, "height": 844})
    start = f"/answer/{grace_response.token}/"
    visit(grace, start)
    expect(grace.get_by_role("heading", level=1)).to_have_text("How much say do people have?")
    with navigates(grace):
        grace.get_by_role("link", name="Start now").click()
    expect(grace.locator("#progress-text")).to_have_text(f"Question 1 of {TOTAL}")
    answer_and_continue(grace, 1, TWO_OPTIONS[QUESTIONS[0].key])
    answer_and_continue(grace, 2, NEXT_TO_TOP[QUESTIONS[1].key])
    with navigates(grace):
        grace.get_by_role("link", name="Back").click()
    expect(
        grace.get_by_label(QUESTIONS[1].option(NEXT_TO_TOP[QUESTIONS[1].key]).text)
    ).to_be_checked()
    answer_and_continue(grace, 2, TWO_OPTIONS[QUESTIONS[1].key])

    # Continue with no answer: the error summary says what to do and takes focus.
    with navigates(grace):
        grace.get_by_role("button", name="Continue", exact=True).click()
    assert grace.title() == f"Error: Question 3 of {TOTAL} \N{EN DASH} Coproduce"
    expect(grace.get_by_role("alert")).to_be_focused()
    expect(grace.get_by_role("alert").get_by_role("link")).to_have_text(
        "Choose an answer. If you do not know, choose \N{LEFT DOUBLE QUOTATION MARK}I don"
        "\N{RIGHT SINGLE QUOTATION MARK}t know\N{RIGHT DOUBLE QUOTATION MARK}."
    )

    # The easy read switch, then "Save and come back later".
    with navigates(grace):
        grace.get_by_role("link", name="Show easy read words").click()
    expect(grace.get_by_role("heading", level=1)).to_have_text(
        QUESTIONS[2].wording("person", easy_read=True)
    )
    choose(grace, 3, TWO_OPTIONS[QUESTIONS[2].key], easy_read=True)
    with navigates(grace):
        grace.get_by_role("button", name="Save and come back later").click()
    assert grace.url.endswith(f"{start}saved/")
    expect(grace.locator("main .code")).to_have_text(grace_response.code_display)

    visit(grace, start)  # later, with the same link
    with navigates(grace):
        grace.get_by_role("link", name="Carry on where you stopped").click()
    assert grace.url.endswith(f"{start}q/3/")
    expect(grace.get_by_role("heading", level=1)).to_have_text(
        QUESTIONS[2].wording("person", easy_read=True)
    )
    with navigates(grace):
        grace.get_by_role("link", name="Show the usual words").click()
    answer_and_continue(grace, 3, TWO_OPTIONS[QUESTIONS[2].key])
    for number in range(4, TOTAL):
        answer_and_continue(grace, number, TWO_OPTIONS[QUESTIONS[number - 1].key])
    answer_and_continue(grace, TOTAL, "not_sure")

    # Check your answers, change one, send.
    assert grace.url.endswith(f"{start}check/")
    expect(grace.locator(".check-answers > div")).to_have_count(TOTAL)
    expect(grace.locator(".check-answers > div").last.locator("dd").first).to_have_text(
        "I don\N{RIGHT SINGLE QUOTATION MARK}t know"
    )
    with navigates(grace):
        grace.get_by_role("link", name=re.compile(r"Change\s*question 5$")).click()
    assert grace.url.endswith(f"{start}q/5/?change=1")
    choose(grace, 5, NEXT_TO_TOP[QUESTIONS[4].key])
    with navigates(grace):
        grace.get_by_role("button", name="Save and go back to your answers").click()
    assert grace.url.endswith(f"{start}check/")
    expect(grace.locator(".check-answers > div").nth(4).locator("dd").first).to_have_text(
        QUESTIONS[4].option(NEXT_TO_TOP[QUESTIONS[4].key]).text
    )
    with navigates(grace):
        grace.get_by_role("button", name="Send my answers").click()
    expect(grace.get_by_role("heading", level=1)).to_have_text("Your answers are sent")
    visit(grace, start)
    expect(grace.get_by_role("heading", level=1)).to_have_text("Your answers are already sent")
    grace_response.refresh_from_db()
    assert grace_response.answers == {
        **TWO_OPTIONS,
        QUESTIONS[4].key: NEXT_TO_TOP[QUESTIONS[4].key],
        QUESTIONS[TOTAL - 1].key: "not_sure",
    }
    assert (grace_response.is_submitted, grace_response.by_proxy) == (True, False)

    # Alice types in Ivy's paper answers, in two sittings.
    visit(staff, ladder_path(initiative, f"rounds/{round_.pk}/"))
    expect(slip(staff, "Grace Adeyemi")).to_contain_text("Sent")
    with navigates(staff):
        staff.get_by_role("link", name=re.compile(r"Type in their answers\s*\(Ivy Brown\)")).click()
    expect(staff.locator("main .notice").first).to_contain_text(
        "You are typing in answers for Ivy Brown"
    )
    for number in range(1, 5):
        answer_and_continue(staff, number, NEXT_TO_TOP[QUESTIONS[number - 1].key], "proxy")
    choose(staff, 5, NEXT_TO_TOP[QUESTIONS[4].key])
    with navigates(staff):
        staff.get_by_role("button", name="Save and come back later").click()
    expect(staff.get_by_role("status")).to_have_text("The answers so far are saved.")
    expect(slip(staff, "Ivy Brown")).to_contain_text("Started")
    with navigates(staff):
        staff.get_by_role("link", name=re.compile(r"Type in their answers\s*\(Ivy Brown\)")).click()
    assert re.search(r"/responses/\d+/q/5/$", staff.url)
    for number in range(5, TOTAL + 1):
        answer_and_continue(staff, number, NEXT_TO_TOP[QUESTIONS[number - 1].key], "proxy")
    with navigates(staff):
        staff.get_by_role("button", name="Send my answers").click()
    expect(staff.get_by_role("status")).to_have_text("The answers are sent.")
    expect(slip(staff, "Ivy Brown")).to_contain_text("Sent entered by Alice Okafor")
    expect(staff.locator(".lead")).to_contain_text("2 of 6 people have sent answers.")
    ivy = round_.responses.get(person=people["ivy"])
    assert (ivy.answers, ivy.by_proxy, ivy.entered_by) == (NEXT_TO_TOP, True, alice)

    # Two sets of answers are not enough to show anything.
    visit(staff, ladder_path(initiative))
    expect(staff.get_by_role("heading", level=2).first).to_have_text("No group results yet")
    allow_console_error(grace, r"status of 404")
    visit(grace, "/answer/not-a-real-link/", status=404)
    expect(grace.get_by_role("heading", level=1)).to_have_text("We cannot find this link")


def choose_by_keyboard(page: Page, number: int, key: str) -> None:
    """Tab into the question's radio group and use the arrow keys to pick `key`."""
    options = [option.key for option in QUESTIONS[number - 1].options] + ["not_sure"]
    tab_to(page, type="radio")
    current = options.index(focused(page)["value"])
    target = options.index(key)
    for _ in range(abs(target - current)):
        page.keyboard.press("ArrowDown" if target > current else "ArrowUp")
    if target == current:
        page.keyboard.press("Space")
    assert focused(page)["value"] == key


def test_keyboard_only_answers_by_short_code_then_staff_see_results(
    new_page, people, initiative, alice, bob
):
    round_ = domain.open_round(initiative, actor=alice)
    for person, answers in [
        (people["grace"], TWO_OPTIONS),
        (bob.people.get(), TWO_OPTIONS),
        (people["ivy"], NEXT_TO_TOP),
        (people["kofi"], NEXT_TO_TOP),
        (alice.people.get(), NEXT_TO_TOP),
    ]:
        send(round_.responses.get(person=person), answers)
    hamid = round_.responses.get(person=people["hamid"])

    # Hamid types the code from his letter at /answer/ and answers by keyboard alone.
    page = new_page(viewport={"width": 320, "height": 568})
    visit(page, "/answer/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    type_into(page, "Your code", hamid.short_code.lower())
    press_and_load(page)
    assert path_of(page) == f"/answer/{hamid.token}/"
    tab_to(page, text="Start now")
    press_and_load(page)
    for number, question in enumerate(QUESTIONS, start=1):
        assert path_of(page) == f"/answer/{hamid.token}/q/{number}/"
        assert has_no_sideways_scroll(page), f"question {number} scrolls sideways at 320 px"
        choose_by_keyboard(page, number, TWO_OPTIONS[question.key])
        tab_to(page, tag="button", text=re.compile("Continue.*"))
        press_and_load(page)
    assert path_of(page) == f"/answer/{hamid.token}/check/"
    assert has_no_sideways_scroll(page)
    tab_to(page, text="Change question 2")
    press_and_load(page)
    choose_by_keyboard(page, 2, "not_sure")
    tab_to(page, tag="button", text="Save and go back to your answers")
    press_and_load(page)
    tab_to(page, tag="button", text="Send my answers")
    press_and_load(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers are sent")
    hamid.refresh_from_db()
    assert hamid.answers == {**TWO_OPTIONS, QUESTIONS[1].key: "not_sure"}
    assert (hamid.is_submitted, hamid.by_proxy) == (True, False)

    # Six sets of answers: staff see the results, the summary, the overview and the guide.
    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, ladder_path(initiative))
    expect(staff.locator(".rung-big").first).to_have_text("Consultation")
    # Alice answered too: her own view is shown to her, apart and labelled as hers.
    expect(staff.locator("#own-heading + p + .rung-big")).to_have_text("Co-design")
    expect(staff.locator(".notice-warning").first).to_contain_text(
        "This work is called \N{LEFT DOUBLE QUOTATION MARK}Co-production"
        "\N{RIGHT DOUBLE QUOTATION MARK}. The answers people gave say it is "
        "\N{LEFT DOUBLE QUOTATION MARK}Consultation\N{RIGHT DOUBLE QUOTATION MARK}."
    )
    expect(staff.locator("#movement-caption + thead + tbody tr")).to_have_text(
        re.compile(r"^1 \(\w{3} \d{4}\)\s+Consultation\s+Consultation\s+Co-design\s+6$"),
        use_inner_text=True,
    )
    step = staff.locator("#next-heading ~ ol > li").first
    step.get_by_text("Adopt this action").click()
    step.get_by_label("Who will do it?").select_option(label="Bob Hughes")
    step.get_by_label("Do it by").fill("2031-06-01")
    with navigates(staff):
        step.get_by_role("button", name="Add to the action plan").click()
    expect(staff.get_by_role("status")).to_have_text("The action is on the plan.")
    action = Action.objects.get()
    assert (action.owner, str(action.due_on), action.round) == (
        bob.people.get(),
        "2031-06-01",
        round_,
    )

    with navigates(staff):
        staff.get_by_role("link", name="Summary to print or share").click()
    expect(staff.get_by_role("heading", level=2).first).to_have_text("On the ladder: Consultation")
    expect(staff.get_by_role("heading", name="What we have agreed to do")).to_be_visible()
    with navigates(staff):
        staff.get_by_role("button", name="Make a link to share").click()
    shared_url = staff.locator(".public-link a").get_attribute("href")
    assert shared_url
    public = new_page()  # nobody logged in
    visit(public, urlsplit(shared_url).path)
    expect(public.get_by_role("heading", level=2).first).to_have_text("On the ladder: Consultation")
    expect(public.locator("main")).not_to_contain_text("Bob Hughes")
    visit(staff, "/o/riverside/ladder/")
    expect(staff.locator("#overview-caption + thead + tbody tr")).to_contain_text(
        "Yes: staff see Co-design, lived experience sees Consultation"
    )
    visit(staff, "/ladder/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("The Ladder of Co-production")

    visit(staff, ladder_path(initiative))
    with navigates(staff):
        staff.get_by_role("button", name=re.compile(r"^Mark as done")).click()
    expect(staff.get_by_role("status")).to_have_text("The action is marked as done.")
    visit(staff, ladder_path(initiative, f"rounds/{round_.pk}/"))
    with navigates(staff):
        staff.get_by_role("button", name="Close this round").click()
    expect(staff.get_by_role("status")).to_have_text(
        "The round is closed. Answers that were not sent are kept."
    )
    expect(staff.get_by_role("button", name="Ask everyone again (new round)")).to_be_visible()
    visit(page, f"/answer/{hamid.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers are already sent")


def test_a_lead_reflecting_alone_sees_where_the_work_stands(new_page, initiative, alice):
    """The seed's first use: one lead looks honestly at their own work, and gets a rung."""
    round_ = domain.open_round(initiative, actor=alice)
    mine = round_.responses.get(person=alice.people.get())
    page = new_page()
    log_in(page, "alice@example.org")
    visit(page, f"/answer/{mine.token}/")
    with navigates(page):
        page.get_by_role("link", name="Start now").click()
    for number, question in enumerate(QUESTIONS, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(question.wording("staff"))
        choose(page, number, NEXT_TO_TOP[question.key])
        with navigates(page):
            page.get_by_role("button", name=re.compile("^Continue")).click()
    with navigates(page):
        page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".rung-big")).to_have_text("Co-design")
    expect(page.locator("main")).to_contain_text("one person\N{RIGHT SINGLE QUOTATION MARK}s view")
    visit(page, ladder_path(initiative))
    expect(page.locator("#own-heading")).to_have_text("By your own answers")
    expect(page.locator("#own-heading ~ .rung-big")).to_have_text("Co-design")
    expect(page.locator("main")).to_contain_text("It is not co-production yet, because:")
    expect(page.locator("main")).to_contain_text("To move up to co-production, do all of these:")
