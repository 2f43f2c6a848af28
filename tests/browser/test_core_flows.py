"""The core flows in a real browser, by mouse and by keyboard only; axe checks every page."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import Page, expect

from coproduce.accounts.models import User
from coproduce.core.models import Membership
from coproduce.people.models import Person
from tests.browser.conftest import (
    check,
    focused,
    log_in,
    navigates,
    press_and_load,
    summary_value,
    tab_to,
    totp_secret_of,
    type_into,
    visit,
)
from tests.factories import PASSWORD


def people_in(page: Page, heading: str) -> list[str]:
    """The names listed under one "Who is involved" heading on an initiative page."""
    column = page.locator(".two-columns > div").filter(
        has=page.get_by_role("heading", name=heading)
    )
    return column.locator(".card strong").all_inner_texts()


def timeline(page: Page) -> list[str]:
    """The timeline entries without their dates."""
    entries = page.locator(".timeline li").all_inner_texts()
    return [re.sub(r"^\d{1,2} \w{3} \d{4} ", "", entry) for entry in entries]


def expect_initiative_with_grace_and_alice(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Fix the lift at Oak House")
    assert people_in(page, "Lived experience (1 person)") == ["Grace Adeyemi"]
    assert people_in(page, "Learnt experience (1 person)") == ["Alice Okafor"]
    assert timeline(page) == [
        "Alice Okafor added Alice Okafor.",
        "Alice Okafor added Grace Adeyemi.",
        "Alice Okafor started this initiative.",
    ]


def test_staff_creates_initiative_and_adds_people(page: Page, alice):
    log_in(page, "alice@example.org")
    assert page.url.endswith("/o/riverside/")

    with navigates(page):
        page.get_by_role("link", name="Start an initiative").click()
    page.get_by_label("Title").fill("Fix the lift at Oak House")
    page.get_by_label("Aim in plain words").fill("People can get to the first floor on their own.")
    page.get_by_label("Design").check()
    page.get_by_label("Lead").select_option(label="Alice Okafor")
    with navigates(page):
        page.get_by_role("button", name="Save").click()
    initiative_url = page.url
    expect(summary_value(page, "Stage")).to_have_text("Design")

    with navigates(page):
        page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    with navigates(page):
        page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Full name").fill("Grace Adeyemi")
    page.get_by_label("Pronouns").fill("she/her")
    page.get_by_role("group", name="How do they like to be contacted?").get_by_label(
        "Text message"
    ).check()
    page.get_by_label("Letter by post").check()
    page.get_by_label("Phone number").fill("07700 900123")
    page.get_by_label("Postal address").fill("4 Mill Lane\nRiverside")
    page.get_by_label("Easy read").check()
    with navigates(page):
        page.get_by_role("button", name="Save").click()
    expect(summary_value(page, "How to contact them")).to_have_text("Text message, Letter by post")
    expect(summary_value(page, "Formats they prefer")).to_have_text("Easy read")
    grace = Person.objects.get(name="Grace Adeyemi")
    assert (grace.contact_methods, grace.formats) == (["text", "post"], ["easy_read"])

    for name, capacity in [
        ("Grace Adeyemi", "Lived experience: draws on care and support"),
        ("Alice Okafor", "Learnt experience: there because of their job"),
    ]:
        with navigates(page):
            page.get_by_role("navigation", name="Main").get_by_role(
                "link", name="Initiatives"
            ).click()
        with navigates(page):
            page.get_by_role("link", name="Fix the lift at Oak House").click()
        with navigates(page):
            page.get_by_role("link", name="Add a person").click()
        page.get_by_label("Person").select_option(label=name)
        page.get_by_label(capacity).check()
        with navigates(page):
            page.get_by_role("button", name="Add to this initiative").click()
        assert page.url == initiative_url

    expect_initiative_with_grace_and_alice(page)


def test_admin_with_two_step_sign_in_invites_someone_who_joins(page: Page, new_page, dana):
    log_in(page, "dana@example.org", totp_secret=totp_secret_of(dana))
    assert page.url.endswith("/o/riverside/")

    with navigates(page):
        page.get_by_role("link", name="Members").click()
    with navigates(page):
        page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Their email address").fill("Erin.Shah@example.org")
    page.get_by_label("Staff: runs the work, keeps people's records").check()
    with navigates(page):
        page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_have_text(
        "We have sent an invitation to erin.shah@example.org."
    )
    expect(page.locator(".card-list")).to_contain_text("erin.shah@example.org · Staff")

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["erin.shah@example.org"], "You are invited to join Riverside Council on Coproduce")
    ]
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[0].body)
    assert link is not None
    path = "/invitations/" + link.group(0).split("/invitations/")[1]

    invitee = new_page()
    visit(invitee, path)
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Join Riverside Council")
    invitee.get_by_label("Your name").fill("Erin Shah")
    invitee.get_by_label("Choose a password").fill("a long walk by the river")
    invitee.get_by_label("Type the password again").fill("a long walk by the river")
    with navigates(invitee):
        invitee.get_by_role("button", name="Make my account and join").click()
    assert invitee.url.endswith("/o/riverside/")
    expect(invitee.get_by_role("status")).to_have_text("Welcome to Riverside Council.")
    erin = User.objects.get(email="erin.shah@example.org")
    assert Membership.objects.get(user=erin).role == "staff"


# Keyboard only: no clicks, no mouse, no fill(); Tab and Shift+Tab, Enter, Space, arrows, typing.


def test_keyboard_only_staff_creates_initiative_and_adds_people(page: Page, alice):
    visit(page, "/accounts/login/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    expect(page.get_by_role("link", name="Skip to main content")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    type_into(page, re.compile("Email( address)?( or sign-in name)?"), "alice@example.org")
    type_into(page, "Password", PASSWORD)
    tab_to(page, tag="button", text=re.compile("Log in|Sign In"))
    press_and_load(page)
    assert page.url.endswith("/o/riverside/")

    tab_to(page, text="Start an initiative")
    press_and_load(page)
    type_into(page, "Title", "Fix the lift at Oak House")
    type_into(page, "Aim in plain words", "People can get to the first floor on their own.")
    tab_to(page, type="radio")
    assert focused(page)["label"] == "Idea"  # the stage starts at Idea; arrows choose
    page.keyboard.press("ArrowDown")
    assert focused(page)["label"] == "Design"
    tab_to(page, label="Lead (optional)")
    page.keyboard.type("Alice")
    assert focused(page)["value"] == str(alice.people.get().pk)
    tab_to(page, tag="button", text="Save")
    press_and_load(page)
    initiative_url = page.url
    assert initiative_url.endswith("/")

    tab_to(page, text="People", tag="a")
    press_and_load(page)
    tab_to(page, text="Add a person")
    press_and_load(page)
    type_into(page, "Full name", "Grace Adeyemi")
    type_into(page, "Pronouns (optional)", "she/her")
    tab_to(page, label="Text message")
    page.keyboard.press("Space")
    tab_to(page, label="Letter by post")
    page.keyboard.press("Space")
    type_into(page, "Phone number (optional)", "07700 900123")
    type_into(page, "Postal address (optional)", "4 Mill Lane")
    page.keyboard.press("Enter")  # a new line in the address, not a submit
    page.keyboard.type("Riverside")
    tab_to(page, label="Easy read")
    page.keyboard.press("Space")
    tab_to(page, tag="button", text="Save")
    press_and_load(page)
    expect(summary_value(page, "How to contact them")).to_have_text("Text message, Letter by post")
    grace = Person.objects.get(name="Grace Adeyemi")
    assert (grace.address.splitlines(), grace.formats) == (
        ["4 Mill Lane", "Riverside"],
        ["easy_read"],
    )

    for name, arrows in [("Grace Adeyemi", 0), ("Alice Okafor", 2)]:
        tab_to(page, text="Initiatives", tag="a")
        press_and_load(page)
        tab_to(page, text="Fix the lift at Oak House")
        press_and_load(page)
        tab_to(page, text="Add a person", tag="a")
        press_and_load(page)
        tab_to(page, label="Person")
        page.keyboard.type(name)
        assert focused(page)["value"] == str(Person.objects.get(name=name).pk)
        tab_to(page, type="radio")
        for _ in range(arrows):
            page.keyboard.press("ArrowDown")
        if arrows == 0:
            page.keyboard.press("Space")
        tab_to(page, tag="button", text="Add to this initiative")
        press_and_load(page)
        assert page.url == initiative_url

    expect_initiative_with_grace_and_alice(page)


def test_add_person_error_keeps_input_and_focuses_summary(page: Page, alice):
    log_in(page, "alice@example.org")
    visit(page, "/o/riverside/people/new/")
    page.get_by_label("Full name").fill("Grace Adeyemi")
    page.get_by_label("Pronouns").fill("she/her")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Phone number").fill("07700 900123")
    with navigates(page):
        page.get_by_role("button", name="Save").click()

    assert page.title() == "Error: Add a person \N{EN DASH} Coproduce"
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    link = summary.get_by_role("link")
    expect(link).to_have_text("Enter an email address, or untick email.")
    expect(link).to_have_attribute("href", "#id_email")
    expect(page.locator("#id_email_error")).to_have_text(
        "Error: Enter an email address, or untick email."
    )
    expect(page.get_by_label("Email address")).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_email_error\b")
    )
    expect(page.get_by_label("Full name")).to_have_value("Grace Adeyemi")
    expect(page.get_by_label("Pronouns")).to_have_value("she/her")
    expect(page.get_by_label("Phone number")).to_have_value("07700 900123")
    expect(page.get_by_label("Email", exact=True)).to_be_checked()

    link.click()
    expect(page.get_by_label("Email address")).to_be_focused()
    check(page)
    assert Person.objects.filter(name="Grace Adeyemi").count() == 0
