"""Answers recorded for people without a login, in a real browser on a small phone, by
keyboard only, with axe on every page: staff record a member's agreement to the group
agreement, her answers to a date poll and an applicant's yes to a place offered, and the page
says who recorded them, when and how.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from coproduce.panels.domain import agreement
from coproduce.panels.domain import meetings as meeting_domain
from coproduce.panels.models import AgreementPoint, AgreementSignature, DateAnswer
from tests.browser.conftest import (
    check,
    has_no_sideways_scroll,
    log_in,
    panel_path,
    press_and_load,
    tab_to,
    visit,
)
from tests.factories import (
    ApplicationFactory,
    MeetingFactory,
    PanelMemberFactory,
    PersonFactory,
    day_services_panel,
)

PHONE = {"viewport": {"width": 320, "height": 568}, "has_touch": True}


@pytest.fixture
def panel(org, alice, bob, dana):
    """Day Services Panel: alice is the named contact, dana the deputy, bob a member."""
    return day_services_panel(org, alice, dana, bob)


@pytest.fixture
def june(org, panel):
    """A member with no login: she tells staff her answers by phone or letter."""
    person = PersonFactory(organisation=org, name="June Patel")
    PanelMemberFactory(panel=panel, person=person, started_on=datetime.date(2026, 4, 1))
    return person


def today_words() -> str:
    return date_format(timezone.localdate(), "j F Y")


def test_staff_record_agreement_for_a_member_by_keyboard_on_a_phone(new_page, alice, panel, june):
    agreement.add_template_points(panel, actor=alice)
    agreement.set_point_state(AgreementPoint.objects.first(), "in", actor=alice)
    agreement.publish_agreement_version(panel, actor=alice)
    staff = new_page(**PHONE)
    log_in(staff, "alice@example.org")
    visit(staff, panel_path(panel, "agreement/"))
    check(staff)

    tab_to(staff, tag="summary", text="Record agreement for someone without a login")
    staff.keyboard.press("Enter")
    tab_to(staff, label="Who agrees?")
    staff.keyboard.type("June")
    tab_to(staff, label="By phone")
    staff.keyboard.press("Space")
    tab_to(staff, tag="button", text="Save that they agree")
    press_and_load(staff)

    expect(staff.get_by_text("Saved. June Patel has agreed to version 1.")).to_be_visible()
    recorded = f"Recorded by Alice Okafor on {today_words()}, by phone"
    expect(staff.get_by_text(recorded)).to_be_visible()
    assert AgreementSignature.objects.get(person=june).how_told == "by phone"
    assert has_no_sideways_scroll(staff)
    check(staff)


def test_staff_record_date_poll_answers_by_keyboard_on_a_phone(new_page, alice, panel, june):
    meeting = MeetingFactory(panel=panel, title="Summer meeting", starts_at=None)
    soon = timezone.now().replace(hour=14, minute=0, second=0, microsecond=0)
    meeting_domain.add_date_options(
        meeting, [soon + datetime.timedelta(days=10), soon + datetime.timedelta(days=11)]
    )
    first, second = meeting.date_options.all()
    staff = new_page(**PHONE)
    log_in(staff, "alice@example.org")
    visit(staff, panel_path(panel, f"meetings/{meeting.pk}/dates/"))
    check(staff)

    tab_to(staff, tag="summary", text="Record answers for someone without a login")
    staff.keyboard.press("Enter")
    tab_to(staff, label="Whose answers are they?")
    staff.keyboard.type("June")
    tab_to(staff, name=f"record-option_{first.pk}")  # the first date's first answer
    staff.keyboard.press("Space")
    tab_to(staff, name=f"record-option_{second.pk}")
    staff.keyboard.press("ArrowDown")  # the second answer for the second date
    tab_to(staff, label="By phone")  # a radio group: arrows move within it
    staff.keyboard.press("ArrowDown")
    staff.keyboard.press("ArrowDown")
    assert staff.get_by_label("By letter").is_checked()
    tab_to(staff, tag="button", text="Save their answers")
    press_and_load(staff)

    expect(staff.get_by_text("Saved. The answers of June Patel are in the poll.")).to_be_visible()
    expect(
        staff.get_by_text(f"Recorded by Alice Okafor on {today_words()}, by letter")
    ).to_be_visible()
    answers = {a.option_id: a.answer for a in DateAnswer.objects.filter(person=june)}
    assert list(answers) == [first.pk, second.pk]
    assert answers[first.pk] != answers[second.pk]
    assert has_no_sideways_scroll(staff)
    check(staff)


def test_staff_record_a_place_accepted_by_phone_by_keyboard_on_a_phone(new_page, alice, panel):
    application = ApplicationFactory(
        panel=panel, status="offered", name="Ray Okafor", contact_channel="phone", email=""
    )
    staff = new_page(**PHONE)
    log_in(staff, "alice@example.org")
    visit(staff, panel_path(panel, f"applications/{application.pk}/"))

    tab_to(staff, label="Yes, they accept the place")
    staff.keyboard.press("Space")
    tab_to(staff, label="By phone")
    staff.keyboard.press("Space")
    tab_to(staff, tag="button", text="Save their answer")
    press_and_load(staff)

    expect(staff.get_by_text("Saved. The application is now: Accepted.")).to_be_visible()
    recorded = f"Recorded by Alice Okafor on {today_words()}, by phone"
    expect(staff.get_by_text(recorded)).to_be_visible()
    change = application.status_changes.get(to_status="accepted")
    assert (change.recorded_by.name, change.how_told, change.by_applicant) == (
        "Alice Okafor",
        "by phone",
        False,
    )
    assert has_no_sideways_scroll(staff)
