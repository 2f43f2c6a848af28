"""An initiative's "you said, we did" in a real browser (test_outcomes.py follows a panel's):
staff add ideas from a workshop vote and next steps from the Ladder, add what someone said by
keyboard alone, record a decision and a change with an evidence file, put the page on the web
and take it off again. Axe checks every page.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from coproduce.outcomes.models import Change, Contribution, Publication, Response
from tests.browser.conftest import (
    allow_console_error,
    field,
    focused,
    log_in,
    navigates,
    press_and_load,
    tab_to,
    type_into,
    visit,
)
from tests.factories import (
    ActionFactory,
    ActivityFactory,
    IdeaFactory,
    RoundFactory,
    WorkshopFactory,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def workshop_vote(initiative):
    """A garden workshop's Dotmocracy vote with three ideas, and one next step from the Ladder."""
    workshop = WorkshopFactory(initiative=initiative, title="Garden workshop")
    activity = ActivityFactory(workshop=workshop, title="Which ideas matter most?")
    for text in ["A ramp to the garden", "Raised beds", "More benches in the shade"]:
        IdeaFactory(activity=activity, text=text)
    ActionFactory(
        round=RoundFactory(initiative=initiative),
        text="Ask people with lived experience to lead some parts of each meeting.",
    )
    return activity


def test_staff_import_add_by_keyboard_record_and_publish_an_initiatives_page(
    new_page, initiative, workshop_vote, alice, bob
):
    base = f"/o/riverside/initiatives/{initiative.pk}/you-said-we-did/"
    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, base)
    expect(staff.get_by_role("heading", level=1)).to_have_text(
        "You said, we did: Make the garden easy to use"
    )
    expect(staff.locator("main")).to_contain_text("Nothing here yet.")

    # From the workshop vote: every idea; then the Ladder's next steps, twice (no repeats).
    with navigates(staff):
        staff.get_by_role("link", name="Add from workshops and the Ladder").click()
    field(staff, "Which workshop vote?").select_option(
        label="Garden workshop: Which ideas matter most?"
    )
    staff.get_by_label("Every idea").check()
    with navigates(staff):
        staff.get_by_role("button", name="Add these ideas").click()
    expect(staff.get_by_role("status")).to_have_text(
        "Added 3. Anything already added was left as it was."
    )
    assert staff.url.endswith(base)
    for expected in ("Added 1.", "Added 0."):
        visit(staff, base + "import/")
        with navigates(staff):
            staff.get_by_role("button", name="Add the next steps").click()
        expect(staff.get_by_role("status")).to_have_text(
            f"{expected} Anything already added was left as it was."
        )
    assert sorted(Contribution.objects.values_list("source", flat=True)) == [
        "ladder_action",
        "workshop_idea",
        "workshop_idea",
        "workshop_idea",
    ]
    expect(staff.locator(".story-list > li")).to_have_count(4)

    # Something Bob said at a day centre visit, by keyboard alone, named with his consent.
    tab_to(staff, text="Add what people said")
    press_and_load(staff)
    tab_to(staff, tag="select")
    assert focused(staff)["label"] == "Where did it come from?"
    staff.keyboard.type("Something")  # the select's type-ahead
    type_into(staff, "What did they say?", "The garden gate is too heavy to open.")
    tab_to(staff, label="When did they say it?")
    staff.keyboard.type("03032026")  # day and month alike: any locale
    tab_to(staff, label="Bob Hughes")
    staff.keyboard.press("Space")
    tab_to(staff, tag="button", text="Save")  # no date of consent: the error summary
    press_and_load(staff)
    expect(staff.locator(".error-summary")).to_be_focused()
    expect(staff.locator(".error-summary")).to_contain_text(
        "Enter when they agreed to be named, or untick them."
    )
    tab_to(staff, label=re.compile(r"When did they agree to be named\?.*"))
    staff.keyboard.type("03032026")
    tab_to(staff, tag="button", text="Save")
    press_and_load(staff)
    expect(staff.get_by_role("status")).to_have_text(
        "Saved. Now record what was decided, when it is decided."
    )
    gate = Contribution.objects.get(text="The garden gate is too heavy to open.")
    assert (gate.source, gate.said_on) == ("other", datetime.date(2026, 3, 3))
    assert [(c.person.name, c.consent_given_on) for c in gate.credits.all()] == [
        ("Bob Hughes", datetime.date(2026, 3, 3))
    ]

    # The decision, then the change with a photo as evidence.
    with navigates(staff):
        staff.get_by_role("link", name="Record what was decided").click()
    staff.get_by_label("Adapted").check()
    field(staff, "Why? In plain words").fill("A new gate costs too much, so we fit a lighter one.")
    field(staff, "Who decided?").fill("The day centre managers")
    field(staff, "When was it decided?").fill("2026-03-20")
    field(staff, "When should someone look at it again?").fill("2027-03-20")
    field(staff, "Who looks after it?").select_option(label="Alice Okafor")
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_have_text("Saved.")
    expect(staff.locator("tbody tr")).to_have_count(1)
    response = Response.objects.get()
    assert (response.decision, response.review_on, response.owner.name) == (
        "adapted",
        datetime.date(2027, 3, 20),
        "Alice Okafor",
    )
    with navigates(staff):
        staff.get_by_role("link", name="Record a change").click()
    field(staff, "What changed?").fill("We fitted a lighter gate with a lever handle.")
    field(staff, "When did it change?").fill("2026-04-14")
    field(staff, "Or add a file").set_input_files(
        {"name": "gate.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + bytes(64)}
    )
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_have_text("Saved.")
    change = Change.objects.get()
    assert (change.what, change.evidence_name) == (
        "We fitted a lighter gate with a lever handle.",
        "gate.png",
    )

    # On the web: the public page (standard and easy read) has no evidence file link.
    visit(staff, base)
    expect(staff.get_by_role("link", name=re.compile("^evidence file"))).to_have_count(1)
    with navigates(staff):
        staff.get_by_role("button", name="Put it on the web").click()
    expect(staff.get_by_role("status")).to_have_text(
        "The page is on the web. Anyone with the address can read it."
    )
    publication = Publication.objects.get()
    public_path = f"/you-said-we-did/{publication.slug}/"
    expect(staff.locator(".public-link a")).to_have_attribute("href", public_path)

    public = new_page()
    visit(public, public_path)
    story = public.locator(".story-list > li").filter(has_text="The garden gate")
    expect(story).to_contain_text("said by Bob Hughes")
    expect(story).to_contain_text("We fitted a lighter gate with a lever handle.")
    expect(public.get_by_role("link", name=re.compile("^evidence file"))).to_have_count(0)
    with navigates(public):
        public.get_by_role("link", name="Show the easy read version").click()
    expect(public.get_by_role("heading", level=1)).to_have_text(
        "What you said and what we did: Make the garden easy to use"
    )

    visit(staff, base)
    with navigates(staff):
        staff.get_by_role("button", name="Take it off the web").click()
    publication.refresh_from_db()
    assert not publication.is_published
    allow_console_error(public, r"status of 404")
    visit(public, public_path, status=404)

    # Bob reads what happened to what he said.
    member = new_page()
    log_in(member, "bob@example.org")
    visit(member, "/o/riverside/you-said-we-did/mine/")
    expect(member.locator(".story-list > li")).to_have_count(1)
    expect(member.locator(".story-list")).to_contain_text("We fitted a lighter gate")
