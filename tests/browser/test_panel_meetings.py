"""Panel meetings in a real browser: setting one up, the date poll, agenda, papers, notes,
invitations, who came, the facilitator's view and cancelling. Axe checks every page.

Alice (staff, the panel's named contact) runs the meetings; Bob (a member) answers the date
poll by keyboard alone and reads the agenda and papers.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from coproduce.panels.domain import access, meetings
from coproduce.panels.models import (
    AdjustmentCheck,
    AgendaItem,
    Attendance,
    DateAnswer,
    Meeting,
    MeetingMessage,
    MeetingNotes,
    Paper,
)
from tests.browser.conftest import (
    field,
    has_no_sideways_scroll,
    log_in,
    navigates,
    panel_path,
    press_and_load,
    tab_to,
    visit,
)
from tests.factories import MeetingFactory, day_services_panel


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def panel(org, alice, bob, dana):
    """Day Services Panel: alice is the named contact, dana the deputy, bob a member."""
    panel = day_services_panel(org, alice, dana, bob, published_at=timezone.now())
    return panel


def at_two(days: int) -> datetime.datetime:
    """Two in the afternoon, `days` from today, in local time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 0)))


def local_input(when: datetime.datetime) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def test_staff_set_up_a_meeting_members_pick_a_date_then_staff_cancel_it(
    new_page, panel, alice, bob
):
    first, second, third = at_two(30), at_two(33), at_two(37)
    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, panel_path(panel, "meetings/"))
    expect(staff.locator("main")).to_contain_text("No meetings are planned yet.")
    with navigates(staff):
        staff.get_by_role("link", name="Set up a meeting").click()

    # A link that is not a web address: the error summary, and what was typed is kept.
    field(staff, "Name of the meeting").fill("Transport meeting")
    staff.get_by_label("In person and online").check()
    field(staff, "Where is it?").fill("Riverside Library, Room 2")
    field(staff, "Access at the venue").fill("Step-free entrance. Hearing loop.")
    field(staff, "Link to join online").fill("meet dot example")
    field(staff, "First date to offer").fill(local_input(first))
    field(staff, "Second date to offer").fill(local_input(second))
    staff.get_by_label("Alice Okafor").check()
    with navigates(staff):
        staff.get_by_role("button", name="Save the meeting").click()
    expect(staff.locator(".error-summary")).to_contain_text(
        "Enter a full web address, starting https://"
    )
    expect(field(staff, "Name of the meeting")).to_have_value("Transport meeting")
    assert not Meeting.objects.exists()
    field(staff, "Link to join online").fill("https://meet.example.org/transport")
    with navigates(staff):
        staff.get_by_role("button", name="Save the meeting").click()
    meeting = Meeting.objects.get()
    assert staff.url.endswith(panel_path(panel, f"meetings/{meeting.pk}/"))
    expect(staff.get_by_role("status")).to_have_text("The meeting is set up. Add the agenda next.")
    assert (meeting.format, meeting.starts_at, [p.name for p in meeting.facilitators.all()]) == (
        "hybrid",
        None,
        ["Alice Okafor"],
    )
    expect(staff.locator("main")).to_contain_text("The date is not fixed yet.")

    # The agenda: one item with a content note, before the standing "You said, we did".
    with navigates(staff):
        staff.get_by_role("link", name="Add an agenda item").click()
    field(staff, "Title").fill("Buses to the day centre")
    field(staff, "What is this item for?").fill("We decide what to ask the bus company.")
    field(staff, "Who leads it?").select_option(label="Bob Hughes")
    field(staff, "How many minutes?").fill("30")
    field(staff, "Content note").fill("Talks about a fall on a bus")
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status")).to_have_text("The agenda is saved.")
    expect(staff.locator(".agenda-item h3")).to_have_text(
        ["Buses to the day centre", "You said, we did"]
    )

    with navigates(staff):
        staff.get_by_role("link", name="Change Buses to the day centre").click()
    expect(field(staff, "Title")).to_have_value("Buses to the day centre")
    field(staff, "How many minutes?").fill("25")
    with navigates(staff):
        staff.get_by_role("button", name="Save").click()
    assert AgendaItem.objects.get(title="Buses to the day centre").minutes == 25

    # A paper for that item.
    with navigates(staff):
        staff.get_by_role("link", name="Add a paper").click()
    field(staff, "Title").fill("Bus timetable")
    field(staff, "Which agenda item is it for?").select_option(label="Buses to the day centre")
    field(staff, "The paper").set_input_files(
        {"name": "timetable.txt", "mimeType": "text/plain", "buffer": b"Bus 12: every hour."}
    )
    with navigates(staff):
        staff.get_by_role("button", name=re.compile("^(Add|Save)")).click()
    expect(staff.get_by_role("status")).to_have_text("The paper is added.")
    paper = Paper.objects.get()
    assert (paper.title, paper.agenda_item.title, paper.late) == (
        "Bus timetable",
        "Buses to the day centre",
        False,
    )

    # Staff offer a third date on the poll page.
    with navigates(staff):
        staff.get_by_role("link", name="Say which dates you can come").click()
    field(staff, "Another date to offer").fill(local_input(third))
    with navigates(staff):
        staff.get_by_role("button", name="Add the date").click()
    expect(staff.get_by_role("status")).to_have_text("The date is added.")
    assert [o.starts_at for o in meeting.date_options.order_by("starts_at")] == [
        first,
        second,
        third,
    ]

    # Bob answers by keyboard alone: Tab to each date's first choice, arrows to change it.
    member = new_page()
    log_in(member, "bob@example.org")
    visit(member, panel_path(panel, "meetings/"))
    tab_to(member, text="Transport meeting")
    press_and_load(member)
    tab_to(member, text="Say which dates you can come")
    press_and_load(member)
    tab_to(member, type="radio", label="I can come")  # the first date
    member.keyboard.press("ArrowDown")  # Maybe
    tab_to(member, type="radio", label="I can come")  # the second date
    member.keyboard.press("Space")
    tab_to(member, type="radio", label="I can come")  # the third date
    member.keyboard.press("ArrowDown")
    member.keyboard.press("ArrowDown")  # I cannot come
    tab_to(member, tag="button", text="Save my answers")
    press_and_load(member)
    expect(member.get_by_role("status")).to_have_text("Thank you. Your answers are saved.")
    assert list(
        DateAnswer.objects.order_by("option__starts_at").values_list("answer", flat=True)
    ) == ["maybe", "yes", "no"]
    expect(member.get_by_role("button", name=re.compile("^Choose"))).to_have_count(0)

    # Staff see the names and choose the second date.
    visit(staff, panel_path(panel, f"meetings/{meeting.pk}/dates/"))
    expect(staff.locator("tbody tr").nth(1)).to_contain_text("Can come: Bob Hughes")
    with navigates(staff):
        staff.locator("tbody tr").nth(1).get_by_role("button", name=re.compile("^Choose")).click()
    expect(staff.get_by_role("status")).to_have_text("The meeting date is set.")
    meeting.refresh_from_db()
    assert meeting.starts_at == second

    # Change the meeting, then send the invitations.
    with navigates(staff):
        staff.get_by_role("link", name="Change the date, place or who runs it").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Change the meeting")
    field(staff, "How long is it, in minutes?").fill("90")
    with navigates(staff):
        staff.get_by_role("button", name="Save the meeting").click()
    meeting.refresh_from_db()
    assert meeting.duration_minutes == 90
    with navigates(staff):
        staff.get_by_role("button", name="Send the invitations").click()
    expect(staff.get_by_role("status")).to_have_text("Invitations are on their way to 2 people.")
    assert sorted(MeetingMessage.objects.values_list("person__name", flat=True)) == [
        "Alice Okafor",
        "Bob Hughes",
    ]
    expect(staff.locator("table").filter(has_text="Who is invited")).to_contain_text("Bob Hughes")

    # Draft notes that members cannot see yet.
    with navigates(staff):
        staff.get_by_role("link", name="Write the notes").click()
    field(staff, "Plain summary").fill("We will ask for a later bus.")
    with navigates(staff):
        staff.get_by_role("button", name=re.compile("^Save")).click()
    expect(staff.get_by_role("status")).to_have_text("The notes are saved.")
    expect(staff.locator("main")).to_contain_text("Members cannot see these notes yet.")
    assert MeetingNotes.objects.get().published_at is None

    # Bob reads the agenda and the paper, with the content note first; no notes yet.
    visit(member, panel_path(panel, f"meetings/{meeting.pk}/"))
    expect(member.locator(".content-note").first).to_have_text(
        "Content note: Talks about a fall on a bus"
    )
    expect(member.get_by_role("link", name="Download the paper")).to_have_count(0)  # folded
    member.locator("summary", has_text="Show this item").click()
    expect(member.get_by_role("link", name="Download the paper")).to_be_visible()
    expect(member.get_by_role("heading", name="Notes")).to_have_count(0)
    expect(member.get_by_role("heading", name="For staff")).to_have_count(0)

    # Cancel it; the date poll then says so and takes no more answers.
    visit(staff, panel_path(panel, f"meetings/{meeting.pk}/"))
    with navigates(staff):
        staff.get_by_role("link", name="Cancel the meeting").click()
    with navigates(staff):  # no reason: the error summary
        staff.get_by_role("button", name="Cancel the meeting").click()
    expect(staff.locator(".error-summary")).to_contain_text("Write why the meeting is cancelled.")
    field(staff, "Why is the meeting cancelled?").fill("The library is closed that week.")
    with navigates(staff):
        staff.get_by_role("button", name="Cancel the meeting").click()
    expect(staff.get_by_role("status").first).to_have_text(
        "The meeting is cancelled. We are telling everyone."
    )
    meeting.refresh_from_db()
    assert (meeting.is_cancelled, meeting.cancel_reason) == (
        True,
        "The library is closed that week.",
    )
    visit(member, panel_path(panel, f"meetings/{meeting.pk}/dates/"))
    expect(member.get_by_role("status")).to_contain_text(
        "This meeting is cancelled, so you cannot choose a date."
    )
    expect(member.get_by_role("button", name="Save my answers")).to_have_count(0)
    visit(staff, panel_path(panel, f"meetings/{meeting.pk}/dates/"))
    expect(staff.get_by_role("button", name="Add the date")).to_have_count(0)


def test_after_a_meeting_staff_record_who_came_checks_and_notes(new_page, panel, alice, bob):
    bob_person = bob.people.get()
    meeting = MeetingFactory(
        panel=panel, title="November meeting", starts_at=at_two(-2), format="in_person"
    )
    meeting.facilitators.set([alice.people.get()])
    need = access.record_access_need(
        panel, bob_person, actor=alice, kind="communication", options=["large_print"],
        detail="Papers in 16 point, please.", identified_on=timezone.localdate(),
        identified_how="told_us", share_with_facilitators=True, consent_via="phone",
    )  # fmt: skip
    adjustment = access.agree_adjustment(
        panel,
        need, actor=alice, description="Send papers in large print.",
        agreed_on=timezone.localdate(), review_on=timezone.localdate() + datetime.timedelta(90),
    )  # fmt: skip

    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, panel_path(panel, "meetings/"))
    expect(staff.locator("main")).to_contain_text("Past meetings")
    with navigates(staff):
        staff.get_by_role("link", name="November meeting").click()
    expect(staff.get_by_role("link", name="Cancel the meeting")).to_have_count(0)

    with navigates(staff):
        staff.get_by_role("link", name="Record who came").click()
    expect(staff.locator("main")).to_contain_text("Nobody is recorded as coming yet.")
    staff.get_by_label("Did Bob Hughes come?").select_option(label="Attended")
    staff.get_by_label("Did Alice Okafor come?").select_option(label="Attended")
    with navigates(staff):
        staff.get_by_role("button", name="Save who came").click()
    expect(staff.get_by_role("status")).to_have_text("Attendance is saved.")
    expect(staff.locator("main")).to_contain_text(
        "1 of the 2 people who came have lived experience (50%)."
    )
    assert sorted(Attendance.objects.values_list("person__name", "status", "capacity")) == [
        ("Alice Okafor", "attended", "learnt"),
        ("Bob Hughes", "attended", "lived"),
    ]

    with navigates(staff):
        staff.get_by_role("link", name="Record adjustments in the facilitator's view").click()
    expect(staff.locator(".adjustment")).to_contain_text("We agreed: Send papers in large print.")
    field(staff, "Was it met?").select_option(label="Met")
    field(staff, "Note").fill("Large print papers came a week early.")
    with navigates(staff):
        staff.get_by_role("button", name="Save which adjustments were met").click()
    expect(staff.get_by_role("status")).to_have_text("Saved.")
    check = AdjustmentCheck.objects.get()
    assert (check.adjustment_id, check.result, check.note) == (
        adjustment.pk,
        "met",
        "Large print papers came a week early.",
    )

    visit(staff, panel_path(panel, f"meetings/{meeting.pk}/notes/"))
    field(staff, "Plain summary").fill("We agreed to ask for a later bus.")
    field(staff, "Easy read notes").fill("We talked about buses.\nWe want a later bus.")
    staff.get_by_label("Show the notes to members now").check()
    with navigates(staff):
        staff.get_by_role("button", name=re.compile("^Save")).click()
    expect(staff.get_by_role("status")).to_have_text("The notes are saved.")
    assert MeetingNotes.objects.get().published_at is not None

    member = new_page()
    log_in(member, "bob@example.org")
    visit(member, panel_path(panel, f"meetings/{meeting.pk}/"))
    expect(member.get_by_role("heading", name="Notes")).to_be_visible()
    expect(member.locator("main")).to_contain_text("We agreed to ask for a later bus.")
    with navigates(member):
        member.get_by_role("link", name=re.compile("easy read", re.IGNORECASE)).first.click()
    expect(member.get_by_role("heading", name="What happened")).to_be_visible()
    expect(member.locator("main")).to_contain_text("We want a later bus.")


def large_text_and_high_contrast(page: Page) -> None:
    visit(page, "/display/")
    page.get_by_label("Large", exact=True).check()
    page.get_by_label("High contrast").check()
    with navigates(page):
        page.get_by_role("button", name="Save my choice").click()


def test_meeting_pages_fit_320px_in_large_text_and_high_contrast(new_page, panel, alice, bob):
    coming = meetings.create_meeting(
        panel, actor=alice, title="January meeting", format="hybrid",
        venue="Riverside Library, Room 2", online_link="https://meet.example.org/panel",
        date_options=[at_two(40), at_two(41)], facilitators=[alice.people.get()],
    )  # fmt: skip
    meetings.add_agenda_item(
        coming, actor=alice, title="Buses to the day centre",
        purpose="We decide what to ask the bus company.", content_note="Talks about a fall",
    )  # fmt: skip
    past = MeetingFactory(panel=panel, title="November meeting", starts_at=at_two(-3))
    past.facilitators.set([alice.people.get()])
    pages = {
        "alice@example.org": [
            "meetings/",
            "meetings/new/",
            f"meetings/{coming.pk}/",
            f"meetings/{coming.pk}/dates/",
            f"meetings/{coming.pk}/agenda/new/",
            f"meetings/{coming.pk}/papers/new/",
            f"meetings/{coming.pk}/cancel/",
            f"meetings/{past.pk}/attendance/",
            f"meetings/{past.pk}/run/",
            f"meetings/{past.pk}/notes/",
        ],
        "bob@example.org": [
            "meetings/",
            f"meetings/{coming.pk}/",
            f"meetings/{coming.pk}/dates/",
            "me/",
            "agreement/",
        ],
    }
    for email, paths in pages.items():
        page = new_page(viewport={"width": 320, "height": 640})
        log_in(page, email)
        large_text_and_high_contrast(page)
        for path in paths:
            visit(page, panel_path(panel, path))  # axe checks contrast again, in high contrast
            expect(page.locator("html")).to_have_class("text-large contrast-high")
            assert has_no_sideways_scroll(page), f"{path} scrolls sideways at 320 px"
